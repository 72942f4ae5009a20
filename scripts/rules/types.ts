// Rule contract (after ESLint's meta + check and zlint's citations).
// A rule reports message ids with data; the framework turns them into findings with
// file, line and column, and catches a rule that throws.
import type { Severity } from '../findings.js';
import type { Path, SourceFile } from '../load/source.js';
import type { Member, Network } from '../model/types.js';

export interface RuleMeta {
  /** Stable id, `area/kebab-name`. Consortia grep for it: never rename. */
  id: string;
  severity: Severity;
  /** One line: what the rule demands and why. */
  description: string;
  /** RFC section, CA/B Forum BR section, or project document. */
  citation?: string;
  /** Message templates keyed by message id; `{name}` placeholders are filled from data. */
  messages: Record<string, string>;
}

/** A member file that loaded and passed the schema. `data` is schema-shaped. */
export interface MemberSource {
  id: string;
  source: SourceFile;
  data: MemberData;
  /** Canonical model; set when the file's own offline rules found no error. */
  model?: Member;
  /** A file under judgement (named on the command line, the pull request's file): members-scope
   * rules see these last, so a conflict with an unchanged member is reported here. */
  changed?: boolean;
}

export interface NetworkSource {
  source: SourceFile;
  data: NetworkData;
  model: Network;
}

export interface Report {
  messageId: string;
  data?: Record<string, unknown>;
  /** Path inside the file; the key is pointed at with `key: true`. Default: the file's root. */
  path?: Path;
  key?: boolean;
  /** Which member file the finding belongs to (members scope); default: the rule's own file. */
  member?: MemberSource;
  /** Points at network.yaml instead of a member file. */
  inNetwork?: boolean;
  /** Override the rule's default severity (e.g. a policy turns an error into a warning). */
  severity?: Severity;
}

export interface RuleContext {
  network: NetworkSource;
  report(r: Report): void;
}

export interface MemberRule {
  meta: RuleMeta;
  scope: 'member';
  check(ctx: RuleContext & { member: MemberSource }): void;
}

export interface MembersRule {
  meta: RuleMeta;
  scope: 'members';
  check(ctx: RuleContext & { members: readonly MemberSource[] }): void;
}

export interface NetworkRule {
  meta: RuleMeta;
  scope: 'network';
  check(ctx: RuleContext): void;
}

export type OfflineRule = MemberRule | MembersRule | NetworkRule;

// ---- raw, schema-shaped data (what YAML gave us after the schema passed) ----

export interface MemberData {
  id: string;
  organization: { name: string; country?: string; website?: string };
  contacts: { email: string; name?: string; role?: string }[];
  github: string[];
  status: 'active' | 'suspended';
  joined?: string;
  node: {
    domain: string;
    ipv4?: string[];
    ipv6?: string[];
    api?: string;
    tendermint?: { node_id?: string; pub_key?: string; address?: string; p2p_address?: string; power?: number };
    certificate_pins?: string[];
  };
}

export interface NetworkData {
  name: string;
  domain: string;
  shared_name: string;
  member_names: string;
  zone: {
    ttl: number;
    shared_ttl: number;
    shared_max_addresses: number | 'fit';
    member_ttl: number;
    soa: { mname: string; rname: string; refresh: number; retry: number; expire: number; minimum: number };
    nameservers: { name: string; ipv4?: string[]; ipv6?: string[] }[];
    guard: { max_change_percent: number; min_records: number };
  };
  policy: {
    allow_address_classes: string[];
    allow_special_use_names: string[];
    diversity: { ipv4_prefix: number; ipv6_prefix: number };
  };
  governance: Partial<Record<'join' | 'update' | 'leave' | 'governance', { fraction: string; min: number }>> & { founding?: { members?: number; approvers?: string[] } };
  tendermint: { chain_id?: string; genesis_time?: string; version: string; default_power: number; max_peers: number };
  live: {
    resolvers: string[];
    timeout_ms: number;
    retries: number;
    concurrency: number;
    proof_label: string;
    require_proof: 'join' | 'always' | 'never';
    certificate_warning_days: number;
    shared_name_coverage: 'notice' | 'warning';
    ca_files: string[];
  };
  health: { rotation_min_score: number; min_in_rotation: number; max_rotation_leaves: number; issue_open_at: number; issue_close_at: number };
}

// ---- live rules: they receive what the I/O layer fetched, never sockets ----

import type { DnsFacts } from '../live/dns/facts.js';
import type { TlsFacts } from '../live/tls/facts.js';
import type { P2pFacts } from '../live/p2p/facts.js';

export interface LiveFacts {
  dns?: DnsFacts;
  tls?: TlsFacts;
  p2p?: P2pFacts;
}

export interface LiveMember {
  source: MemberSource;
  model: Member;
  /** True when this member is being added (join): stricter proof rules apply. */
  isNew: boolean;
  facts: LiveFacts;
}

export interface LiveMemberRule {
  meta: RuleMeta;
  scope: 'live-member';
  /** Which fetched facts the rule reads; the rule runs only when they were gathered. */
  needs: keyof LiveFacts;
  check(ctx: RuleContext & { member: LiveMember }): void;
}

export interface LiveMembersRule {
  meta: RuleMeta;
  scope: 'live-members';
  needs: keyof LiveFacts;
  check(ctx: RuleContext & { members: readonly LiveMember[] }): void;
}

export type LiveRule = LiveMemberRule | LiveMembersRule;
export type Rule = OfflineRule | LiveRule;
