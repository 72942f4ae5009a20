// Judges a pull request with the DEFAULT BRANCH TIP's code and data (confirmed at run time, never
// the event's stale base.sha): the PR's member file is read through the API as data, laid over
// the consortium at the tip (validateOffline's overlay, no copy) and validated there.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sortFindings, type Finding } from '../findings.js';
import { MAX_FILE_BYTES } from '../load/source.js';
import type { Member, Network } from '../model/types.js';
import type { TlsFacts } from '../live/tls/facts.js';
import { MemoryCache, type ResultCache } from '../load/cache.js';
import { validateOffline, type ValidateResult } from '../validate.js';
import { planChanges, guardMessage, type Plan } from '../zone/plan.js';
import { planValidators, type ValidatorPlan } from '../tendermint/changes.js';
import { powerChangeMessages } from '../tendermint/plan-report.js';
import { buildRecords, fqdn, ZoneInternalError } from '../zone/records.js';
import { classify, type Classification, type MemberChange } from './classify.js';
import type { BranchTip, GitHubApi, PullInfo, Review } from './client.js';
import { seatChange, type Seat } from './seat.js';
import { checkMaintainers, parseCodeowners, short, tallyApprovals, type BaseMember, type MaintainerCheck, type Tally } from './governance.js';

export const FORCE_LABEL = 'zone:force';

export interface JudgeOptions {
  /** The default branch checkout (its network.yaml and members/). */
  root: string;
  /** The commit checked out at root; it must be the default branch's tip when judged. */
  checkoutSha: string | undefined;
  offline: boolean;
  resolvers?: string[] | undefined;
  caFiles: string[];
  timeoutMs?: number | undefined;
  concurrency?: number | undefined;
}

export type VerdictState = 'success' | 'pending' | 'failure';

export interface Verdict {
  state: VerdictState;
  /** One line for the commit status (≤ 140 characters). */
  description: string;
  /** Why it failed, each a sentence (member-derived text inside is escaped by the renderer). */
  reasons: string[];
}

export interface Judgement {
  pull: PullInfo;
  /** The default branch and its tip when judged. */
  tip: BranchTip;
  classification: Classification;
  findings: Finding[];
  internalErrors: number;
  plan?: Plan | undefined;
  /** Why there is no plan. */
  planNote?: string | undefined;
  /** Validator-set change against the base (tendermint/power-change refuses large ones). */
  validators?: ValidatorPlan | undefined;
  /** The update changes the member's voting power or validator key: judged at the join threshold. */
  powerBar?: boolean | undefined;
  tally?: Tally | undefined;
  maintainers?: MaintainerCheck | undefined;
  /** True when the live checks ran. */
  live: boolean;
  /** Why they did not run, when they should have. */
  liveNote?: string | undefined;
  /** The changed member as reviewers see it (the pull request's file; the base's for a leave). */
  member?: Pick<Member, 'organization' | 'contacts'> | undefined;
  /** The TLS facts the live checks gathered for the member (certificate, API root answer). */
  tls?: TlsFacts | undefined;
  /** What the change does to the member's seat (proof required, join threshold). */
  seat?: Seat | undefined;
  /**
   * What an --offline run left unchecked of a join or seat change ("the proof", "it live"): its
   * verdict is then never success (fail closed), at most pending.
   */
  unchecked?: string | undefined;
  verdict: Verdict;
}

const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

/**
 * The checkout's validation and the files it read, shared by every pull request one run judges
 * (a push re-judges up to 100): the checkout does not change within a run, each pull request's
 * own files come from the API as an overlay, and cached results are content-addressed copies.
 */
export interface BaseCheck {
  cache: MemoryCache;
  validated: Promise<ValidateResult>;
}

/** Starts validating the checkout on the next turn of the event loop (GitHub's answers meanwhile). */
export function checkBase(root: string): BaseCheck {
  const cache = new MemoryCache();
  const validated = new Promise<void>((r) => setImmediate(r)).then(() => validateOffline({ root, cache }));
  validated.catch(() => {});
  return { cache, validated };
}

export async function judgePull(api: GitHubApi, number: number, opts: JudgeOptions, shared?: BaseCheck): Promise<Judgement> {
  // The four questions are independent: asked together, and the checkout is validated while
  // GitHub answers (its latency, this job's CPU). The base's result is used only if the pull
  // request gets that far.
  const asked = Promise.all([api.getPull(number), api.defaultBranch(), api.listFiles(number), api.listReviews(number)]);
  asked.catch(() => {});
  const { cache, validated } = shared ?? checkBase(opts.root);
  const [pull, tip, files, reviews] = await asked;
  const classification = classify(files);
  const j: Judgement = { pull, tip, classification, findings: [], internalErrors: 0, live: false, verdict: { state: 'pending', description: '', reasons: [] } };
  const reasons: string[] = [];

  // Judged against the default branch as it is now, never the event's base.sha or another base.
  if (pull.baseRef !== tip.name) {
    const why = `the pull request targets ${pull.baseRef}, not the default branch ${tip.name}; member and governance changes are judged and merged on ${tip.name} only: change its base branch to ${tip.name}`;
    j.verdict = { state: 'failure', description: clip(why), reasons: [why] };
    return j;
  }
  if (opts.checkoutSha === undefined || opts.checkoutSha !== tip.sha) {
    const why =
      opts.checkoutSha === undefined
        ? `cannot confirm that the checkout is the tip of ${tip.name} (${short(tip.sha)}); the workflow must check out the default branch (docs/github.md)`
        : `${tip.name} moved during the check (checked out ${short(opts.checkoutSha)}, tip now ${short(tip.sha)}); the run for that push judges this pull request again`;
    j.verdict = opts.checkoutSha === undefined ? { state: 'failure', description: clip(why), reasons: [why] } : { state: 'pending', description: clip(why), reasons: [] };
    return j;
  }
  // GitHub lists at most 3,000 files; what pmnet cannot see, it cannot judge.
  if (!(files.length >= pull.changedFiles)) {
    const why = `GitHub lists ${files.length} of the ${Number.isNaN(pull.changedFiles) ? 'unknown number of' : pull.changedFiles} files this pull request changes (the files list stops at 3,000), so the rest cannot be judged: split it into smaller pull requests`;
    j.verdict = { state: 'failure', description: clip(why), reasons: [why] };
    return j;
  }
  // Base and pull request share every unchanged file: each is parsed once (never a disk cache
  // here: this job holds write permissions, and its verdict comes from files read in this run).
  const base = await validated;

  if (!base.network) {
    j.verdict = { state: 'failure', description: 'the base branch’s network.yaml does not validate', reasons: ['the base branch’s network.yaml does not validate; a maintainer must fix it first'] };
    return j;
  }
  const network = base.network.model;
  const baseMembers: BaseMember[] = base.members.map((m) => ({ id: m.id, github: (m.data.github ?? []).map(String), status: String(m.data.status) }));

  if (!classification.ok) {
    j.verdict = { state: 'failure', description: clip(`not a valid change: ${classification.problems[0]}`), reasons: classification.problems };
    return j;
  }

  if (classification.kind === 'governance') return judgeGovernance(api, j, classification.governanceFiles, reviews, base, baseMembers, opts, cache);

  const change = classification.member;
  const baseFile = change.kind === 'rename' ? change.previousFile! : change.file;
  const baseSource = base.members.find((m) => m.source.file === baseFile);
  const author = pull.author.toLowerCase();
  // Ownership from the BASE version of the file; the PR's own version never grants it.
  reasons.push(...ownership(change, pull.author, (f) => existsSync(join(opts.root, f)), baseSource?.data.github));

  const result = await validateChange(api, pull, change, opts.root, reasons, cache);
  if (result) {
    j.findings.push(...result.findings);
    j.internalErrors += result.internalErrors;
    if (change.kind === 'join') {
      const src = result.members.find((m) => m.source.file === change.file);
      if (src && !src.data.github.some((g) => String(g).toLowerCase() === author)) reasons.push(`a join must list its author: add ${pull.author} to github in ${change.file}`);
    }
    const next = result.members.find((m) => m.source.file === change.file);
    const shown = change.kind === 'leave' ? baseSource?.model : next?.model;
    if (shown) j.member = { organization: shown.organization, contacts: shown.contacts };
    j.seat = seatChange(change, baseSource?.data, next?.data);
    reasons.push(...j.seat.refused);
    if (opts.offline && j.seat.proof.length) j.liveNote = `live checks skipped (--offline): the proof of control of the node domain (${j.seat.proof.join('; ')}) is not checked`;
    if (!opts.offline && change.kind !== 'leave') {
      const own = result.members.filter((m) => m.source.file === change.file && m.model);
      const active = own.filter((m) => m.data.status === 'active');
      if (own.length && !active.length) j.liveNote = `live checks skip a suspended member: they run when ${change.file} returns to status: active`;
      else if (active.length) {
        const { runLive } = await import('../live/run.js');
        const live = await runLive({ ...result, members: own }, {
          root: opts.root,
          areas: ['dns', 'tls', 'p2p'],
          resolvers: opts.resolvers,
          caFiles: opts.caFiles,
          // A join, a new domain or a reactivation must prove control of the domain (an error).
          newMembers: j.seat.proof.length ? [change.id] : [],
          timeoutMs: opts.timeoutMs,
          concurrency: opts.concurrency,
        });
        j.live = true;
        j.tls = live.facts.get(change.id)?.tls;
        j.findings.push(...live.findings);
        j.internalErrors += live.internalErrors;
      } else j.liveNote = `live DNS and TLS checks run once ${change.file} has no offline errors`;
    }
    const zone = planFor(base, result, change, network, pull.labels.includes(FORCE_LABEL));
    j.plan = zone.plan;
    j.planNote = zone.note;
    if (result.network) {
      const models = (r: ValidateResult) => r.members.flatMap((m) => (m.model ? [m.model] : []));
      j.validators = planValidators({ network, members: models(base) }, { network: result.network.model, members: models(result) }, new Date());
      reasons.push(...powerChangeMessages(j.validators).map((m) => `tendermint/power-change: ${m}`));
    }
  }
  sortFindings(j.findings);

  // Voting power is the consortium's, not the member's: a change of it (or of the validator key)
  // in an update is held to the join threshold, as is any seat change (seat.ts).
  const bar = memberBar(change, j.seat, j.validators);
  j.powerBar = bar.powerBar;
  const kind = bar.kind;
  const threshold = network.governance[kind];
  const founding = kind === 'join' ? network.governance.founding : undefined;
  j.tally = tallyApprovals({ reviews, headSha: pull.headSha, author: pull.author, members: baseMembers, subject: change.kind === 'rename' ? change.previousId! : change.id, threshold, founding });
  // A join or a seat change is admitted only on live evidence: offline, it waits.
  if (opts.offline && change.kind !== 'leave' && (kind === 'join' || j.seat?.proof.length)) {
    j.unchecked = j.seat?.proof.length ? 'the proof' : 'it live';
    j.liveNote ??= `live checks skipped (--offline): a change held to the join's bar is admitted only after a live run`;
  }
  j.verdict = verdictFor(change, j, reasons);
  return j;
}

/** Base network.yaml + base members/ with the PR's one member file added, replaced or removed. */
async function validateChange(api: GitHubApi, pull: PullInfo, change: MemberChange, root: string, reasons: string[], cache: ResultCache): Promise<ValidateResult | undefined> {
  if (change.kind === 'leave') return validateWith(root, [], change.file, 'network.yaml', cache);
  const got = await api.getContent(change.file, pull.headSha, MAX_FILE_BYTES);
  if (got.kind === 'missing') {
    reasons.push(`${change.file} was not found at the pull request's head ${pull.headSha.slice(0, 7)}`);
    return undefined;
  }
  if (got.kind === 'other') {
    reasons.push(`${change.file} is a ${got.type} in the pull request, not a regular file`);
    return undefined;
  }
  return validateWith(root, [[change.file, got.bytes]], change.previousFile, change.file, cache);
}

/**
 * The consortium at root (network.yaml, members/) with files replaced and one removed, read
 * through an overlay (no copy); findings for `judged` only.
 */
async function validateWith(root: string, replace: [string, Uint8Array][], remove: string | undefined, judged: string, cache: ResultCache): Promise<ValidateResult> {
  const overlay = new Map<string, Uint8Array | null>();
  if (remove) overlay.set(remove, null);
  for (const [file, bytes] of replace) overlay.set(file, bytes);
  return validateOffline({ root, files: [join(root, judged)], cache, overlay });
}

/**
 * Base zone vs PR zone, each built from the members whose own file validates, so an unrelated
 * broken member on the base branch neither blocks nor pollutes the plan of this change.
 */
function planFor(base: ValidateResult, next: ValidateResult, change: MemberChange, network: Network, force: boolean): { plan?: Plan; note?: string } {
  if (change.kind !== 'leave' && !next.members.some((m) => m.source.file === change.file && m.model)) return { note: `not computed: ${change.file} has validation errors` };
  return planBetween(base, next, network, force);
}

/** The guard is always the committed network.yaml's (`network`), never a pull request's. */
function planBetween(base: ValidateResult, next: ValidateResult, network: Network, force: boolean): { plan?: Plan; note?: string } {
  if (!next.network) return { note: 'not computed: network.yaml does not validate' };
  const models = (r: ValidateResult) => r.members.flatMap((m) => (m.model ? [m.model] : []));
  try {
    const before = buildRecords(network, models(base), 0);
    const after = buildRecords(next.network.model, models(next), 0);
    return { plan: planChanges(fqdn(network.domain), before, after, network.zone.guard, force) };
  } catch (err) {
    if (err instanceof ZoneInternalError) return { note: `not computed: ${err.message}` };
    throw err;
  }
}

/**
 * Which threshold a member change is judged at: a join, a seat change (seat.ts) or a change of the
 * member's voting power or validator key (an update only) takes the join's; a rename the update's.
 */
/**
 * Who may make a member change: ownership comes from the BASE version of the file (its `github`
 * logins, `baseGithub`, undefined when that file does not load); the PR's own version never
 * grants it. A join must add a file the base does not have; a rename must not overwrite one.
 */
export function ownership(change: MemberChange, author: string, onBase: (file: string) => boolean, baseGithub: readonly unknown[] | undefined): string[] {
  const reasons: string[] = [];
  const baseFile = change.kind === 'rename' ? change.previousFile! : change.file;
  if (change.kind === 'join') {
    if (onBase(change.file)) reasons.push(`${change.file} already exists on the base branch: a join adds a new member file (update the base branch of this pull request)`);
  } else if (!onBase(baseFile)) {
    reasons.push(`${baseFile} is not on the base branch, so nobody can be its owner; rebase the pull request`);
  } else if (!baseGithub) {
    reasons.push(`the base branch's ${baseFile} does not load, so its owners cannot be read; a maintainer must fix it`);
  } else if (!baseGithub.some((g) => String(g).toLowerCase() === author.toLowerCase())) {
    reasons.push(`${author} is not listed in github of the base branch's ${baseFile} (${baseGithub.join(', ')}); only those logins may ${change.kind === 'leave' ? 'remove' : 'change'} it`);
  }
  if (change.kind === 'rename' && onBase(change.file)) reasons.push(`${change.file} already exists on the base branch`);
  return reasons;
}

export function memberBar(change: MemberChange, seat: Seat | undefined, validators: ValidatorPlan | undefined): { kind: 'join' | 'update' | 'leave'; powerBar: boolean } {
  const powerBar = change.kind === 'update' && !!validators?.changes.some((c) => c.memberId === change.id);
  const kind = change.kind === 'join' || seat?.joinBar.length || powerBar ? 'join' : change.kind === 'rename' ? 'update' : change.kind;
  return { kind, powerBar };
}

/** The verdict of a member change from its reasons, findings, plan and tally. */
export function verdictFor(change: MemberChange, j: Pick<Judgement, 'findings' | 'plan' | 'internalErrors' | 'tally' | 'unchecked'>, reasons: readonly string[]): Verdict {
  const errors = j.findings.filter((f) => f.severity === 'error');
  const all = [...reasons];
  if (errors.length) all.push(`${errors.length} validation error${errors.length === 1 ? '' : 's'} (see the findings below)`);
  if (j.plan?.guard.status === 'blocked') all.push(`${guardMessage(j.plan).replace(/run again with --force\.?$/, `a maintainer can add the ${FORCE_LABEL} label`)}`);
  if (j.internalErrors) all.push(`${j.internalErrors} check${j.internalErrors === 1 ? '' : 's'} crashed (internal error; please report it)`);
  const what = `${change.kind} of ${change.id}`;
  if (all.length) return { state: 'failure', description: clip(`${what}: ${all[0]}`), reasons: all };
  const t = j.tally!;
  const got = Math.min(t.approvedBy.length, t.required);
  if (j.unchecked) return { state: 'pending', description: clip(`${what}: run pr-check without --offline to check ${j.unchecked}; ${t.met ? `${approvals(t)}, offline checks passed` : `${got} of ${t.required} approval${t.required === 1 ? '' : 's'}`}`), reasons: [] };
  if (t.met) return { state: 'success', description: clip(`${what}: ${approvals(t)}; checks passed`), reasons: [] };
  return { state: 'pending', description: clip(`${what}: ${got} of ${t.required} approval${t.required === 1 ? '' : 's'}`), reasons: [] };
}

function approvals(t: Tally): string {
  if (t.approvedBy.length < t.required && t.founders.length) return `founding approval by ${t.founders.join(', ')}`;
  return `${t.approvedBy.length} of ${t.required} approval${t.required === 1 ? '' : 's'}`;
}

/**
 * A governance change: member organizations approve at governance.governance (the founding path
 * while open), CODEOWNERS maintainers in addition when the default branch has a CODEOWNERS file.
 * A changed network.yaml is read at the head as data, validated with the tip's members, and its
 * zone plan shown, guarded by the tip's (committed) guard settings.
 */
async function judgeGovernance(api: GitHubApi, j: Judgement, files: string[], reviews: Review[], base: ValidateResult, baseMembers: BaseMember[], opts: JudgeOptions, cache: ResultCache): Promise<Judgement> {
  const pull = j.pull;
  const network = base.network!.model;
  const reasons: string[] = [];
  j.tally = tallyApprovals({ reviews, headSha: pull.headSha, author: pull.author, members: baseMembers, threshold: network.governance.governance, founding: network.governance.founding });
  const owners = CODEOWNERS_PATHS.map((p) => join(opts.root, p)).find((p) => existsSync(p));
  if (owners) j.maintainers = checkMaintainers({ rules: parseCodeowners(readFileSync(owners, 'utf8')), files, reviews, headSha: pull.headSha, author: pull.author });
  if (j.maintainers?.state === 'failure') reasons.push(`CODEOWNERS names no user or team for ${j.maintainers.unowned.join(', ')}, and no user anywhere else`);

  if (files.includes('network.yaml')) {
    const got = await api.getContent('network.yaml', pull.headSha, MAX_FILE_BYTES);
    if (got.kind !== 'file') reasons.push(`network.yaml ${got.kind === 'missing' ? 'is removed' : `is a ${got.type}`} in the pull request; the consortium cannot work without it`);
    else {
      const next = await validateWith(opts.root, [['network.yaml', got.bytes]], undefined, 'network.yaml', cache);
      j.findings.push(...next.findings);
      j.internalErrors += next.internalErrors;
      const broken = next.members.filter((m) => !m.model).length - base.members.filter((m) => !m.model).length;
      if (broken > 0) reasons.push(`with the new network.yaml ${broken} more member file${broken === 1 ? '' : 's'} would fail validation and drop out of the zone (pmnet validate with this network.yaml shows which)`);
      if (next.network) {
        const zone = planBetween(base, next, network, pull.labels.includes(FORCE_LABEL));
        j.plan = zone.plan;
        j.planNote = zone.note;
      } else j.planNote = 'not computed: the new network.yaml does not validate';
    }
  } else j.planNote = 'unchanged: network.yaml and members/ are untouched (a change to pmnet’s code takes effect when the zone workflow runs after merge)';
  sortFindings(j.findings);
  j.verdict = governanceVerdict(j, reasons);
  return j;
}

/** The verdict of a governance change: failure with reasons, else pending until members and maintainers approve. */
export function governanceVerdict(j: Pick<Judgement, 'findings' | 'plan' | 'internalErrors' | 'tally' | 'maintainers'>, given: readonly string[]): Verdict {
  const reasons = [...given];
  const errors = j.findings.filter((f) => f.severity === 'error').length;
  if (errors) reasons.push(`${errors} validation error${errors === 1 ? '' : 's'} in the new network.yaml (see the findings below)`);
  if (j.plan?.guard.status === 'blocked') reasons.push(guardMessage(j.plan).replace(/run again with --force\.?$/, `a maintainer can add the ${FORCE_LABEL} label`));
  if (j.internalErrors) reasons.push(`${j.internalErrors} check${j.internalErrors === 1 ? '' : 's'} crashed (internal error; please report it)`);
  if (reasons.length) return { state: 'failure', description: clip(`governance change: ${reasons[0]}`), reasons };
  const t = j.tally!;
  const m = j.maintainers;
  const waiting: string[] = [];
  if (!t.met) waiting.push(`${Math.min(t.approvedBy.length, t.required)} of ${t.required} member approval${t.required === 1 ? '' : 's'}`);
  if (m?.state === 'pending') waiting.push(`waiting for a maintainer's approval (${m.waitingFor.join(', ')})`);
  if (waiting.length) return { state: 'pending', description: clip(`governance change: ${waiting.join('; ')}`), reasons: [] };
  const by = m?.approvedBy.length ? `; maintainers ${m.approvedBy.join(', ')}` : m?.teams.length ? `; ${m.teams.join(', ')} enforced by code-owner review` : '';
  return { state: 'success', description: clip(`governance change: ${approvals(t)}${by}`), reasons: [] };
}

/** Commit status descriptions are limited to 140 characters. */
export function clip(s: string, n = 140): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length <= n ? one : `${one.slice(0, n - 1)}…`;
}
