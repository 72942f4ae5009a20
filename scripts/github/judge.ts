// Judges a pull request with the BASE branch's code and data: the PR's member file is read
// through the API as data, placed into a copy of the base consortium and validated there.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sortFindings, type Finding } from '../findings.js';
import { MAX_FILE_BYTES } from '../load/source.js';
import type { Network } from '../model/types.js';
import { validateOffline, type ValidateResult } from '../validate.js';
import { planChanges, guardMessage, type Plan } from '../zone/plan.js';
import { planValidators, type ValidatorPlan } from '../tendermint/changes.js';
import { powerChangeMessages } from '../tendermint/plan-report.js';
import { buildRecords, fqdn, ZoneInternalError } from '../zone/records.js';
import { classify, type Classification, type MemberChange } from './classify.js';
import type { GitHubApi, PullInfo } from './client.js';
import { checkMaintainers, parseCodeowners, tallyApprovals, type BaseMember, type MaintainerCheck, type Tally } from './governance.js';

export const FORCE_LABEL = 'zone:force';

export interface JudgeOptions {
  /** The base branch checkout (its network.yaml and members/). */
  root: string;
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
  verdict: Verdict;
}

const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

export async function judgePull(api: GitHubApi, number: number, opts: JudgeOptions): Promise<Judgement> {
  const pull = await api.getPull(number);
  const files = await api.listFiles(number);
  const classification = classify(files);
  const reviews = await api.listReviews(number);
  const base = await validateOffline({ root: opts.root });
  const j: Judgement = { pull, classification, findings: [], internalErrors: 0, live: false, verdict: { state: 'pending', description: '', reasons: [] } };
  const reasons: string[] = [];

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

  if (classification.kind === 'governance') {
    const text = CODEOWNERS_PATHS.map((p) => join(opts.root, p)).find((p) => existsSync(p));
    if (!text) {
      j.verdict = { state: 'failure', description: 'governance change, but the base branch has no CODEOWNERS', reasons: ['governance changes need the maintainers named in CODEOWNERS, and the base branch has none (.github/CODEOWNERS)'] };
      return j;
    }
    const m = checkMaintainers({ rules: parseCodeowners(readFileSync(text, 'utf8')), files: classification.governanceFiles, reviews, headSha: pull.headSha, author: pull.author });
    j.maintainers = m;
    j.planNote = 'not computed for governance changes: the zone workflow plans (and guards) the zone after merge';
    if (m.state === 'failure') j.verdict = { state: 'failure', description: 'no maintainer in CODEOWNERS can approve these files', reasons: [`CODEOWNERS names no user or team for ${m.unowned.join(', ')}, and no user anywhere else`] };
    else if (m.state === 'pending') j.verdict = { state: 'pending', description: clip(`governance change: waiting for a maintainer's approval (${m.waitingFor.join(', ')})`), reasons: [] };
    else if (m.approvedBy.length) j.verdict = { state: 'success', description: clip(`governance change approved by ${m.approvedBy.join(', ')}`), reasons: [] };
    else j.verdict = { state: 'success', description: clip(`governance change: approval by ${m.teams.join(', ')} is enforced by code-owner review`), reasons: [] };
    return j;
  }

  const change = classification.member;
  const tmp = mkdtempSync(join(tmpdir(), 'pmnet-pr-'));
  try {
    // Ownership from the BASE version of the file; the PR's own version never grants it.
    const baseFile = change.kind === 'rename' ? change.previousFile! : change.file;
    const baseSource = base.members.find((m) => m.source.file === baseFile);
    const author = pull.author.toLowerCase();
    if (change.kind === 'join') {
      if (existsSync(join(opts.root, change.file))) reasons.push(`${change.file} already exists on the base branch: a join adds a new member file (update the base branch of this pull request)`);
    } else if (!existsSync(join(opts.root, baseFile))) {
      reasons.push(`${baseFile} is not on the base branch, so nobody can be its owner; rebase the pull request`);
    } else if (!baseSource) {
      reasons.push(`the base branch's ${baseFile} does not load, so its owners cannot be read; a maintainer must fix it`);
    } else if (!baseSource.data.github.some((g) => String(g).toLowerCase() === author)) {
      reasons.push(`${pull.author} is not listed in github of the base branch's ${baseFile} (${baseSource.data.github.join(', ')}); only those logins may ${change.kind === 'leave' ? 'remove' : 'change'} it`);
    }
    if (change.kind === 'rename' && existsSync(join(opts.root, change.file))) reasons.push(`${change.file} already exists on the base branch`);

    const result = await validateChange(api, pull, change, opts.root, tmp, reasons);
    if (result) {
      j.findings.push(...result.findings);
      j.internalErrors += result.internalErrors;
      if (change.kind === 'join') {
        const src = result.members.find((m) => m.source.file === change.file);
        if (src && !src.data.github.some((g) => String(g).toLowerCase() === author)) reasons.push(`a join must list its author: add ${pull.author} to github in ${change.file}`);
      }
      if (!opts.offline && change.kind !== 'leave') {
        const own = result.members.filter((m) => m.source.file === change.file && m.model);
        if (own.length) {
          const { runLive } = await import('../live/run.js');
          const live = await runLive({ ...result, members: own }, {
            root: opts.root,
            areas: ['dns', 'tls', 'p2p'],
            resolvers: opts.resolvers,
            caFiles: opts.caFiles,
            newMembers: change.kind === 'join' ? [change.id] : [],
            timeoutMs: opts.timeoutMs,
            concurrency: opts.concurrency,
          });
          j.live = true;
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
    // in an update is held to the join threshold.
    j.powerBar = change.kind === 'update' && !!j.validators?.changes.some((c) => c.memberId === change.id);
    const threshold = network.governance[change.kind === 'rename' ? 'update' : j.powerBar ? 'join' : change.kind];
    j.tally = tallyApprovals({ reviews, headSha: pull.headSha, author: pull.author, members: baseMembers, subject: change.kind === 'rename' ? change.previousId! : change.id, threshold });
    j.verdict = verdictFor(change, j, reasons);
    return j;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Base network.yaml + base members/ with the PR's one member file added, replaced or removed. */
async function validateChange(api: GitHubApi, pull: PullInfo, change: MemberChange, root: string, tmp: string, reasons: string[]): Promise<ValidateResult | undefined> {
  mkdirSync(join(tmp, 'members'));
  copyFileSync(join(root, 'network.yaml'), join(tmp, 'network.yaml'));
  const membersDir = join(root, 'members');
  if (existsSync(membersDir)) {
    for (const d of readdirSync(membersDir, { withFileTypes: true })) if (d.isFile()) copyFileSync(join(membersDir, d.name), join(tmp, 'members', d.name));
  }
  if (change.kind === 'leave') {
    rmSync(join(tmp, change.file), { force: true });
    return validateOffline({ root: tmp, files: [join(tmp, 'network.yaml')] });
  }
  if (change.previousFile) rmSync(join(tmp, change.previousFile), { force: true });
  const got = await api.getContent(change.file, pull.headSha, MAX_FILE_BYTES);
  if (got.kind === 'missing') {
    reasons.push(`${change.file} was not found at the pull request's head ${pull.headSha.slice(0, 7)}`);
    return undefined;
  }
  if (got.kind === 'other') {
    reasons.push(`${change.file} is a ${got.type} in the pull request, not a regular file`);
    return undefined;
  }
  writeFileSync(join(tmp, change.file), got.bytes);
  return validateOffline({ root: tmp, files: [join(tmp, change.file)] });
}

/**
 * Base zone vs PR zone, each built from the members whose own file validates, so an unrelated
 * broken member on the base branch neither blocks nor pollutes the plan of this change.
 */
function planFor(base: ValidateResult, next: ValidateResult, change: MemberChange, network: Network, force: boolean): { plan?: Plan; note?: string } {
  if (change.kind !== 'leave' && !next.members.some((m) => m.source.file === change.file && m.model)) return { note: `not computed: ${change.file} has validation errors` };
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

function verdictFor(change: MemberChange, j: Judgement, reasons: string[]): Verdict {
  const errors = j.findings.filter((f) => f.severity === 'error');
  const all = [...reasons];
  if (errors.length) all.push(`${errors.length} validation error${errors.length === 1 ? '' : 's'} (see the findings below)`);
  if (j.plan?.guard.status === 'blocked') all.push(`${guardMessage(j.plan).replace(/run again with --force\.?$/, `a maintainer can add the ${FORCE_LABEL} label`)}`);
  if (j.internalErrors) all.push(`${j.internalErrors} check${j.internalErrors === 1 ? '' : 's'} crashed (internal error; please report it)`);
  const what = `${change.kind} of ${change.id}`;
  if (all.length) return { state: 'failure', description: clip(`${what}: ${all[0]}`), reasons: all };
  const t = j.tally!;
  const got = Math.min(t.approvedBy.length, t.required);
  if (t.approvedBy.length >= t.required) return { state: 'success', description: clip(`${what}: ${t.approvedBy.length} of ${t.required} approval${t.required === 1 ? '' : 's'}; checks passed`), reasons: [] };
  return { state: 'pending', description: clip(`${what}: ${got} of ${t.required} approval${t.required === 1 ? '' : 's'}`), reasons: [] };
}

/** Commit status descriptions are limited to 140 characters. */
export function clip(s: string, n = 140): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length <= n ? one : `${one.slice(0, n - 1)}…`;
}
