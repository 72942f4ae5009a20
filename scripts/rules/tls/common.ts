// Helpers shared by the tls/* and api/* rules (not a rule).
import { memberName } from '../../model/names.js';
import type { Path } from '../../load/source.js';
import type { AddressTlsFacts, CertSummary, TlsFacts } from '../../live/tls/facts.js';
import { dnsIdMatches } from '../../pki/names.js';
import type { Problem, ProblemRule } from '../../pki/types.js';
import type { Member, Network } from '../../model/types.js';
import type { LiveMember, LiveMemberRule } from '../types.js';

export const DAY_MS = 86_400_000;

export function tlsOf(m: LiveMember): TlsFacts | undefined {
  return m.facts.tls;
}

export function addressPath(a: AddressTlsFacts): Path {
  return ['node', a.list, a.index];
}

export function target(a: Pick<AddressTlsFacts, 'address' | 'port'>): string {
  return a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}

export function targets(list: readonly AddressTlsFacts[]): string {
  const t = list.map(target);
  return t.length <= 1 ? (t[0] ?? '') : `${t.slice(0, -1).join(', ')} and ${t[t.length - 1]}`;
}

/** Addresses whose handshake completed and whose leaf parsed. */
export function servedAddresses(f: TlsFacts | undefined): Array<AddressTlsFacts & { leaf: CertSummary }> {
  return (f?.addresses ?? []).filter((a): a is AddressTlsFacts & { leaf: CertSummary } => a.connect.kind === 'ok' && !!a.leaf);
}

export interface Served {
  leaf: CertSummary;
  /** Issuers as received with this leaf at the first address. */
  chain: CertSummary[];
  addresses: AddressTlsFacts[];
  first: AddressTlsFacts;
}

/** One entry per distinct leaf certificate a member serves, in address order. */
export function servedCertificates(f: TlsFacts | undefined): Served[] {
  const out = new Map<string, Served>();
  for (const a of servedAddresses(f)) {
    const s = out.get(a.leaf.fingerprint256);
    if (s) s.addresses.push(a);
    else out.set(a.leaf.fingerprint256, { leaf: a.leaf, chain: a.chain, addresses: [a], first: a });
  }
  return [...out.values()];
}

export { dnsIdMatches };

export function covers(leaf: CertSummary, name: string): boolean {
  return leaf.dnsNames.some((d) => dnsIdMatches(d, name));
}

/** The member's per-node name under the consortium domain: <id>.<memberLabel>.<domain>. */
export function consortiumName(network: Network, member: Member): string {
  return memberName(network, member.id);
}

/** "2026-11-24 08:53 UTC" */
export function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function quoteList(items: readonly string[]): string {
  return items.map((s) => `"${s}"`).join(', ');
}

/** Short form of a colon-hex fingerprint for messages. */
export function shortFingerprint(fp: string): string {
  return fp.length > 23 ? `${fp.slice(0, 23)}…` : fp;
}

/** The problems of pmnet's chain verdict that belong to `rule`, for one served certificate. */
export function problemsOf(s: Served, rule: ProblemRule): Problem[] {
  const v = s.addresses.find((a) => a.verdict)?.verdict;
  return v ? v.problems.filter((p) => p.rule === rule) : [];
}

/** Message data of one verdict problem: {subject} names the certificate and where it was served. */
export function problemData(s: Served, p: Problem): Record<string, string> {
  const where = targets(s.addresses);
  const subject = p.cert === 'the certificate' ? `The certificate served at ${where}` : `${p.cert[0]!.toUpperCase()}${p.cert.slice(1)} (sent by ${where})`;
  return { addresses: where, subject, cert: p.cert, detail: p.detail, citation: p.citation, fix: p.fix, field: p.field };
}

/** Reports every verdict problem of `rule` for each certificate the member serves, with one message. */
export function reportProblems(ctx: Parameters<LiveMemberRule['check']>[0], rule: ProblemRule, messageId: string): void {
  for (const s of servedCertificates(tlsOf(ctx.member))) {
    for (const p of problemsOf(s, rule)) ctx.report({ messageId, data: problemData(s, p), path: addressPath(s.first) });
  }
}
