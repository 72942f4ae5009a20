// Governance: approvals counted per member organization, and maintainer approval of
// governance changes. Everything here is judged from the BASE branch's member files.
import type { Threshold } from '../model/types.js';
import type { Review } from './client.js';

/** A member as the base branch lists it (schema-shaped data is enough). */
export interface BaseMember {
  id: string;
  github: string[];
  status: string;
}

/** States that change a reviewer's standing (GitHub: a COMMENTED review leaves an approval in place). */
const DECISIVE = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']);

/** Each reviewer's latest decisive review, by lower-cased login, from the chronological list. */
export function latestReviews(reviews: readonly Review[]): Map<string, Review> {
  const latest = new Map<string, Review>();
  for (const r of reviews) {
    if (!r.login || !DECISIVE.has(r.state)) continue;
    latest.set(r.login.toLowerCase(), r);
  }
  return latest;
}

/** max(min, ceil(fraction × others)). */
export function requiredApprovals(t: Threshold, others: number): number {
  const [num, den] = t.fraction;
  const part = den > 0 ? Math.ceil((num * others) / den) : 0;
  return Math.max(t.min, part);
}

export interface ReviewerLine {
  login: string;
  state: string;
  commitId: string;
  member?: string;
  counted: boolean;
  /** Why it does not count (empty when it counts). */
  note: string;
  stale: boolean;
}

export interface Tally {
  required: number;
  /** Active member organizations other than the author's. */
  others: number;
  /** Member ids whose approval counted, in review order. */
  approvedBy: string[];
  /** Active member organizations that can still approve (not the author's, not counted yet), sorted. */
  remaining: string[];
  reviewers: ReviewerLine[];
  authorOrgs: string[];
  /** Founding approvers whose approval of the head counted (the founding path was open). */
  founders: string[];
  /** The founding path is open (fewer active members than governance.founding.members). */
  founding: boolean;
  /** Enough organizations approved, or a founding approver did while the path is open. */
  met: boolean;
}

/** Login (lower case) -> its member. A login two members list acts for neither (no first-wins). */
export function memberByLogin(members: readonly BaseMember[]): Map<string, BaseMember> {
  const map = new Map<string, BaseMember>();
  const shared = new Set<string>();
  for (const m of members) {
    for (const g of new Set(m.github.map((x) => x.toLowerCase()))) {
      const prev = map.get(g);
      if (prev && prev.id !== m.id) shared.add(g);
      else map.set(g, m);
    }
  }
  for (const g of shared) map.delete(g);
  return map;
}

/**
 * Counts approvals for a member change. `subject` is the member being changed (base id; for a
 * join the new id): its organization, like the author's, never approves its own change.
 */
export function tallyApprovals(opts: {
  reviews: readonly Review[];
  headSha: string;
  author: string;
  members: readonly BaseMember[];
  /** The member changed (none for a governance change). */
  subject?: string;
  threshold: Threshold;
  founding?: { members: number; approvers: readonly string[] } | undefined;
}): Tally {
  const byLogin = memberByLogin(opts.members);
  const author = opts.author.toLowerCase();
  const authorOrgs = new Set<string>(opts.subject !== undefined ? [opts.subject] : []);
  const active = opts.members.filter((m) => m.status === 'active').length;
  const founding = opts.founding !== undefined && active < opts.founding.members;
  const founderLogins = new Set(founding ? opts.founding!.approvers.map((a) => a.toLowerCase()) : []);
  const founders: string[] = [];
  for (const m of opts.members) if (m.github.some((g) => g.toLowerCase() === author)) authorOrgs.add(m.id);
  const others = opts.members.filter((m) => m.status === 'active' && !authorOrgs.has(m.id)).length;

  const approvedBy: string[] = [];
  const reviewers: ReviewerLine[] = [];
  for (const [login, r] of latestReviews(opts.reviews)) {
    const m = byLogin.get(login);
    const line: ReviewerLine = { login: r.login, state: r.state, commitId: r.commitId, counted: false, note: '', stale: false };
    if (m) line.member = m.id;
    if (r.state === 'CHANGES_REQUESTED') line.note = 'requested changes';
    else if (r.state === 'DISMISSED') line.note = 'review dismissed';
    else if (r.commitId !== opts.headSha) {
      line.stale = true;
      line.note = `approved an older commit (${short(r.commitId)}); approve the current head (${short(opts.headSha)}) again`;
    } else if (login === author) line.note = 'the author';
    else if (founderLogins.has(login)) {
      line.counted = true;
      line.note = '';
      founders.push(r.login);
    } else if (!m) line.note = 'not listed in any member file (github, default branch)';
    else if (m.status !== 'active') line.note = `member ${m.id} is ${m.status}`;
    else if (authorOrgs.has(m.id)) line.note = m.id === opts.subject ? 'the changed member’s own organization' : 'the author’s own organization';
    else if (approvedBy.includes(m.id)) line.note = `organization ${m.id} already counted`;
    else {
      line.counted = true;
      approvedBy.push(m.id);
    }
    reviewers.push(line);
  }
  const required = requiredApprovals(opts.threshold, others);
  const remaining = opts.members.filter((m) => m.status === 'active' && !authorOrgs.has(m.id) && !approvedBy.includes(m.id)).map((m) => m.id).sort();
  return { required, others, approvedBy, remaining, reviewers, authorOrgs: [...authorOrgs].sort(), founders, founding, met: approvedBy.length >= required || founders.length > 0 };
}

export function short(sha: string): string {
  return sha ? sha.slice(0, 7) : '(none)';
}

// ---------- CODEOWNERS ----------

export interface OwnerRule {
  pattern: string;
  owners: string[];
  re: RegExp;
}

/** Lines `pattern owner…`; `#` comments; owners are @user, @org/team or e-mail addresses. */
export function parseCodeowners(text: string): OwnerRule[] {
  const rules: OwnerRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const [pattern, ...owners] = line.split(/\s+/);
    if (!pattern) continue;
    rules.push({ pattern, owners, re: patternRegex(pattern.replace(/^\\#/, '#')) });
  }
  return rules;
}

/** gitignore-style pattern (as CODEOWNERS uses it) to a regular expression over repository paths. */
export function patternRegex(pattern: string): RegExp {
  let p = pattern;
  const dir = p.endsWith('/');
  if (dir) p = p.slice(0, -1);
  const anchored = p.startsWith('/') || p.includes('/');
  p = p.replace(/^\//, '');
  let body = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*' && p[i + 1] === '*') {
      if (p[i + 2] === '/') {
        body += '(?:.*/)?';
        i += 2;
      } else {
        body += '.*';
        i += 1;
      }
    } else if (c === '*') body += '[^/]*';
    else if (c === '?') body += '[^/]';
    else body += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}${dir ? '/.*' : '(?:/.*)?'}$`);
}

/** The owners of a path: the last matching rule wins (an ownerless rule means no owners). */
export function ownersOf(rules: readonly OwnerRule[], path: string): string[] | undefined {
  let found: string[] | undefined;
  for (const r of rules) if (r.re.test(path)) found = r.owners;
  return found;
}

export interface MaintainerCheck {
  /** success: every file approved or delegated; pending: waiting; failure: nobody can approve. */
  state: 'success' | 'pending' | 'failure';
  approvedBy: string[];
  /** Teams whose approval branch protection enforces (code-owner review). */
  teams: string[];
  /** Users who could approve the files still waiting. */
  waitingFor: string[];
  unowned: string[];
  stale: ReviewerLine[];
  reviewers: ReviewerLine[];
}

/**
 * A governance change needs, per changed file, an approval of the current head by a user its
 * CODEOWNERS rule names. Teams cannot be resolved with the workflow token: a file owned only
 * by teams is left to branch protection ("Require review from Code Owners").
 */
export function checkMaintainers(opts: { rules: readonly OwnerRule[]; files: readonly string[]; reviews: readonly Review[]; headSha: string; author: string }): MaintainerCheck {
  const author = opts.author.toLowerCase();
  const approvers = new Set<string>();
  const reviewers: ReviewerLine[] = [];
  for (const [login, r] of latestReviews(opts.reviews)) {
    const line: ReviewerLine = { login: r.login, state: r.state, commitId: r.commitId, counted: false, note: '', stale: false };
    if (r.state !== 'APPROVED') line.note = r.state === 'DISMISSED' ? 'review dismissed' : 'requested changes';
    else if (r.commitId !== opts.headSha) {
      line.stale = true;
      line.note = `approved an older commit (${short(r.commitId)}); approve the current head (${short(opts.headSha)}) again`;
    } else if (login === author) line.note = 'the author';
    else approvers.add(login);
    reviewers.push(line);
  }
  const isUser = (o: string) => /^@[^/]+$/.test(o);
  const isTeam = (o: string) => /^@[^/]+\/[^/]+$/.test(o);
  const allUsers = [...new Set(opts.rules.flatMap((r) => r.owners.filter(isUser)))];
  const approvedBy = new Set<string>();
  const teams = new Set<string>();
  const waiting = new Set<string>();
  const unowned: string[] = [];
  let pending = false;
  for (const f of opts.files) {
    const owners = ownersOf(opts.rules, f) ?? [];
    let users = owners.filter(isUser);
    const fileTeams = owners.filter(isTeam);
    if (!users.length && !fileTeams.length) {
      unowned.push(f);
      users = allUsers;
    }
    const ok = users.filter((u) => approvers.has(u.slice(1).toLowerCase()));
    for (const u of ok) approvedBy.add(u.slice(1));
    if (ok.length) continue;
    if (fileTeams.length) {
      for (const t of fileTeams) teams.add(t);
      continue;
    }
    pending = true;
    for (const u of users) waiting.add(u.slice(1));
  }
  for (const line of reviewers) if (approvedBy.has(line.login) || [...approvedBy].some((a) => a.toLowerCase() === line.login.toLowerCase())) line.counted = true;
  for (const line of reviewers) if (line.state === 'APPROVED' && !line.counted && !line.note) line.note = 'not a maintainer of the changed files (CODEOWNERS)';
  const noOne = pending && waiting.size === 0;
  return {
    state: noOne ? 'failure' : pending ? 'pending' : 'success',
    approvedBy: [...approvedBy].sort(),
    teams: [...teams].sort(),
    waitingFor: [...waiting].sort(),
    unowned,
    stale: reviewers.filter((r) => r.stale),
    reviewers,
  };
}
