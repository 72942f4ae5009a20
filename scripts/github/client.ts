// The GitHub REST calls pmnet makes, behind a small interface so the logic is testable.
// rest.ts is the transport (retries, rate-limit waits, write spacing); baseUrl from
// GITHUB_API_URL so GitHub Enterprise Server works.
import { UsageError } from '../commands/args.js';
import { createRest, HttpError } from './rest.js';

export interface PullInfo {
  number: number;
  headSha: string;
  baseSha: string;
  /** Login of the pull request's author. */
  author: string;
  labels: string[];
  state: string;
  /** The branch the pull request wants to merge into. */
  baseRef: string;
  /** The head branch and the repository it lives in (a fork's full name for a fork). */
  headRef: string;
  headRepo: string;
  /** How many files the pull request changes (the files list stops at 3,000). */
  changedFiles: number;
}

/** The repository's default branch and its tip commit, read at run time. */
export interface BranchTip {
  name: string;
  sha: string;
}

export interface PrFile {
  filename: string;
  /** added, removed, modified, renamed, copied, changed, unchanged */
  status: string;
  previous_filename?: string | undefined;
}

export interface Review {
  id: number;
  login: string;
  /** APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING */
  state: string;
  commitId: string;
}

export interface Comment {
  id: number;
  body: string;
  /** Written by a bot account (github-actions[bot] or an app). */
  bot: boolean;
}

export interface Issue {
  number: number;
  title: string;
  body: string;
}

export type StatusState = 'pending' | 'success' | 'failure' | 'error';

export type Content = { kind: 'file'; bytes: Uint8Array; size: number } | { kind: 'missing' } | { kind: 'other'; type: string };

export interface GitHubApi {
  readonly repo: string;
  getPull(pr: number): Promise<PullInfo>;
  listFiles(pr: number): Promise<PrFile[]>;
  defaultBranch(): Promise<BranchTip>;
  /** Open pull requests (at most `max`), optionally only those from head `owner:branch` or into `base`. */
  listOpenPulls(opts: { head?: string; base?: string; max: number }): Promise<PullInfo[]>;
  /** A file's bytes at a ref, read as data and capped at maxBytes + 1 (enough to refuse it). */
  getContent(path: string, ref: string, maxBytes: number): Promise<Content>;
  /** Chronological. */
  listReviews(pr: number): Promise<Review[]>;
  /** Chronological; at most `maxPages` pages of 100 (a flooded pull request is not read to the end). */
  listComments(issue: number, maxPages?: number): Promise<Comment[]>;
  createComment(issue: number, body: string): Promise<number>;
  updateComment(id: number, body: string): Promise<void>;
  addLabels(issue: number, labels: string[]): Promise<void>;
  createStatus(sha: string, s: { state: StatusState; context: string; description: string; targetUrl?: string | undefined }): Promise<void>;
  /** Open issues (not pull requests) carrying this label. */
  listOpenIssues(label: string): Promise<Issue[]>;
  createIssue(title: string, body: string, labels: string[]): Promise<number>;
  updateIssue(issue: number, change: { body?: string; state?: 'open' | 'closed' }): Promise<void>;
}

export interface GitHubEnv {
  apiUrl: string;
  token: string;
  owner: string;
  name: string;
}

/** Reads GITHUB_API_URL, GITHUB_TOKEN, GITHUB_REPOSITORY; missing ones are a usage error. */
export function githubEnv(env: NodeJS.ProcessEnv): GitHubEnv {
  const missing = ['GITHUB_API_URL', 'GITHUB_TOKEN', 'GITHUB_REPOSITORY'].filter((k) => !env[k]);
  if (missing.length) throw new UsageError(`${missing.join(', ')} not set (GitHub Actions sets GITHUB_API_URL and GITHUB_REPOSITORY; pass GITHUB_TOKEN through env:)`);
  const [owner, name, extra] = env.GITHUB_REPOSITORY!.split('/');
  if (!owner || !name || extra !== undefined) throw new UsageError(`GITHUB_REPOSITORY must be owner/name, not "${env.GITHUB_REPOSITORY}"`);
  return { apiUrl: env.GITHUB_API_URL!.replace(/\/+$/, ''), token: env.GITHUB_TOKEN!, owner, name };
}

export function hasGithubEnv(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.GITHUB_API_URL && env.GITHUB_TOKEN && env.GITHUB_REPOSITORY);
}

export interface ClientOptions {
  /** Rate-limit waits and write spacing (default on). Off for a local API stand-in, where its 1 s spacing of writes only slows tests. */
  throttle?: boolean;
  /** Retries of 5xx / network errors (default 3). */
  retries?: number;
}

/** A path segment (owner, repository, branch, file path part). */
const seg = encodeURIComponent;

interface ReviewData {
  id: number;
  user: { login: string } | null;
  state: string;
  commit_id: string | null;
}
interface CommentData {
  id: number;
  body?: string | null;
  user: { type?: string } | null;
}
interface IssueData {
  number: number;
  title: string;
  body?: string | null;
  pull_request?: unknown;
}

export function createClient(ge: GitHubEnv, opts: ClientOptions = {}): GitHubApi {
  const rest = createRest({
    baseUrl: ge.apiUrl,
    token: ge.token,
    retries: opts.retries ?? 3,
    throttle: opts.throttle !== false,
    warn: (m) => process.stderr.write(`pmnet: github: ${m}\n`),
  });
  const repo = `/repos/${seg(ge.owner)}/${seg(ge.name)}`;
  const get = async <T>(path: string, query?: Record<string, string | number | undefined>) => (await rest.request<T>('GET', repo + path, { query })).data;
  const all = async <T>(path: string, query: Record<string, string | number | undefined> = {}) => {
    const out: T[] = [];
    for await (const page of rest.pages<T>(repo + path, { per_page: 100, ...query })) out.push(...page);
    return out;
  };

  return {
    repo: `${ge.owner}/${ge.name}`,
    async getPull(pr) {
      return pullInfo(await get<PullData>(`/pulls/${pr}`));
    },
    async defaultBranch() {
      const r = await get<{ default_branch: string }>('');
      const branch = await get<{ commit: { sha: string } }>(`/branches/${seg(r.default_branch)}`);
      return { name: r.default_branch, sha: branch.commit.sha };
    },
    async listOpenPulls(o) {
      const out: PullInfo[] = [];
      for await (const page of rest.pages<PullData>(`${repo}/pulls`, { state: 'open', per_page: 100, head: o.head, base: o.base })) {
        for (const p of page) if (out.length < o.max) out.push(pullInfo(p));
        if (out.length >= o.max) break;
      }
      return out;
    },
    async listFiles(pr) {
      const files = await all<PrFile>(`/pulls/${pr}/files`);
      return files.map((f) => ({ filename: f.filename, status: f.status, previous_filename: f.previous_filename }));
    },
    async getContent(path, ref, maxBytes) {
      let data: unknown;
      try {
        data = await get(`/contents/${path.split('/').map(seg).join('/')}`, { ref });
      } catch (err) {
        if (err instanceof HttpError && err.status === 404) return { kind: 'missing' };
        throw err;
      }
      if (Array.isArray(data)) return { kind: 'other', type: 'dir' };
      const d = data as { type: string; size: number; content?: string; encoding?: string };
      if (d.type !== 'file') return { kind: 'other', type: d.type };
      // Over 1 MB the API leaves content empty; a filler of the capped size is refused the same way.
      const bytes = d.encoding === 'base64' && d.content ? Buffer.from(d.content, 'base64') : Buffer.alloc(Math.min(d.size, maxBytes + 1), 0x20);
      return { kind: 'file', bytes: bytes.subarray(0, maxBytes + 1), size: d.size };
    },
    async listReviews(pr) {
      const reviews = await all<ReviewData>(`/pulls/${pr}/reviews`);
      return reviews.map((r) => ({ id: Number(r.id), login: r.user?.login ?? '', state: r.state, commitId: r.commit_id ?? '' }));
    },
    async listComments(issue, maxPages = Infinity) {
      const out: Comment[] = [];
      let pages = 0;
      for await (const page of rest.pages<CommentData>(`${repo}/issues/${issue}/comments`, { per_page: 100 })) {
        out.push(...page.map((c) => ({ id: Number(c.id), body: c.body ?? '', bot: c.user?.type === 'Bot' })));
        if (++pages >= maxPages) break;
      }
      return out;
    },
    async createComment(issue, body) {
      const { data } = await rest.request<{ id: number }>('POST', `${repo}/issues/${issue}/comments`, { body: { body }, idempotent: false });
      return Number(data.id);
    },
    async updateComment(id, body) {
      await rest.request('PATCH', `${repo}/issues/comments/${id}`, { body: { body } });
    },
    async addLabels(issue, labels) {
      await rest.request('POST', `${repo}/issues/${issue}/labels`, { body: { labels } });
    },
    async createStatus(sha, s) {
      await rest.request('POST', `${repo}/statuses/${seg(sha)}`, { body: { state: s.state, context: s.context, description: s.description, ...(s.targetUrl ? { target_url: s.targetUrl } : {}) } });
    },
    async listOpenIssues(label) {
      const issues = await all<IssueData>('/issues', { state: 'open', labels: label });
      return issues.filter((i) => !i.pull_request).map((i) => ({ number: i.number, title: i.title, body: i.body ?? '' }));
    },
    async createIssue(title, body, labels) {
      const { data } = await rest.request<{ number: number }>('POST', `${repo}/issues`, { body: { title, body, labels }, idempotent: false });
      return data.number;
    },
    async updateIssue(issue, change) {
      await rest.request('PATCH', `${repo}/issues/${issue}`, { body: change });
    },
  };
}

interface PullData {
  number: number;
  state: string;
  user: { login: string } | null;
  labels: { name?: string }[];
  head: { sha: string; ref: string; repo: { full_name: string } | null };
  base: { sha: string; ref: string };
  changed_files?: number;
}

function pullInfo(data: PullData): PullInfo {
  return {
    number: data.number,
    headSha: data.head.sha,
    baseSha: data.base.sha,
    author: data.user?.login ?? '',
    labels: data.labels.map((l) => l.name ?? '').filter(Boolean),
    state: data.state,
    baseRef: data.base.ref,
    headRef: data.head.ref,
    headRepo: data.head.repo?.full_name ?? '',
    // The list endpoint leaves it out; NaN never equals a count, so a check that needs it fails closed.
    changedFiles: data.changed_files ?? Number.NaN,
  };
}

/** One line for an API failure: method, path, status, GitHub's message. */
export function apiErrorLine(err: unknown): string | undefined {
  if (!(err instanceof HttpError)) return undefined;
  let path = err.request.url;
  try {
    path = new URL(path).pathname;
  } catch {
    /* keep as is */
  }
  return `GitHub API ${err.request.method} ${path} failed: ${err.status || ''} ${err.message.split('\n')[0]}`.replace(/\s+/g, ' ').trim();
}
