// A local stand-in for the GitHub REST endpoints pmnet uses, on 127.0.0.1, holding its state in
// memory. Pull requests and reviews are built from REAL webhook payloads
// (@octokit/webhooks-examples) with number, SHAs and logins overridden.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Example {
  name: string;
  examples: Record<string, unknown>[];
}
const EXAMPLES = require('@octokit/webhooks-examples/api.github.com/index.json') as Example[];

/** A deep copy of the first real example payload of an event with this action. */
export function examplePayload(event: string, action: string): Record<string, any> {
  const e = EXAMPLES.find((x) => x.name === event)?.examples.find((p) => p.action === action);
  if (!e) throw new Error(`no ${event}.${action} example in @octokit/webhooks-examples`);
  return structuredClone(e) as Record<string, any>;
}

export interface PullSpec {
  number: number;
  author: string;
  headSha: string;
  /** The event's base.sha: fixed when the PR was opened or last pushed, so usually stale. */
  baseSha?: string;
  /** The branch it targets (default: main). */
  baseRef?: string;
  labels?: string[];
  /** Opened from a fork: owner of the fork (the head repository is <fork>/<name>). */
  fork?: string;
  headRef?: string;
}

/** pull_request.opened payload for this repository, number, author and SHAs. */
export function pullRequestEvent(repo: string, spec: PullSpec): Record<string, any> {
  const p = examplePayload('pull_request', 'opened');
  const [owner, name] = repo.split('/');
  const pr = p.pull_request;
  pr.number = spec.number;
  p.number = spec.number;
  pr.user = { ...pr.user, login: spec.author };
  pr.head.sha = spec.headSha;
  pr.base.sha = spec.baseSha ?? 'b'.repeat(40);
  pr.base.ref = spec.baseRef ?? 'main';
  pr.base.label = `${owner}:${pr.base.ref}`;
  pr.base.repo = { ...pr.base.repo, name, full_name: repo, owner: { ...pr.base.repo.owner, login: owner }, default_branch: 'main' };
  const headOwner = spec.fork ?? owner;
  pr.head.ref = spec.headRef ?? `pr-${spec.number}`;
  pr.head.label = `${headOwner}:${pr.head.ref}`;
  pr.head.repo = { ...pr.head.repo, name, full_name: `${headOwner}/${name}`, fork: spec.fork !== undefined, owner: { ...pr.head.repo.owner, login: headOwner } };
  pr.labels = (spec.labels ?? []).map((l, i) => ({ id: i + 1, name: l, color: 'ededed', default: false }));
  pr.state = 'open';
  p.repository = { ...p.repository, name, full_name: repo, default_branch: 'main', owner: { ...p.repository.owner, login: owner } };
  return p;
}

/**
 * workflow_run.completed payload for a run of `workflow` triggered by `event` on the head of
 * `pullEvent`. For a fork GitHub leaves workflow_run.pull_requests empty.
 */
export function workflowRunEvent(pullEvent: Record<string, any>, workflow: string, event = 'pull_request_review'): Record<string, any> {
  const p = examplePayload('workflow_run', 'completed');
  const pr = pullEvent.pull_request;
  const fork = pr.head.repo.full_name !== pullEvent.repository.full_name;
  p.workflow_run = {
    ...p.workflow_run,
    name: workflow,
    event,
    conclusion: 'success',
    head_sha: pr.head.sha,
    head_branch: pr.head.ref,
    head_repository: { ...p.workflow_run.head_repository, full_name: pr.head.repo.full_name, owner: { ...p.workflow_run.head_repository.owner, login: pr.head.repo.owner.login } },
    repository: pullEvent.repository,
    pull_requests: fork ? [] : [{ number: pr.number, head: { ref: pr.head.ref, sha: pr.head.sha }, base: { ref: pr.base.ref, sha: pr.base.sha } }],
  };
  p.repository = pullEvent.repository;
  return p;
}

/** merge_group.checks_requested payload for a queue commit on `baseRef`. */
export function mergeGroupEvent(repo: string, group: { headSha: string; baseSha: string; baseRef?: string }): Record<string, any> {
  const p = examplePayload('merge_group', 'checks_requested');
  const ref = group.baseRef ?? 'main';
  p.merge_group = { ...p.merge_group, head_sha: group.headSha, base_sha: group.baseSha, base_ref: `refs/heads/${ref}`, head_ref: `refs/heads/gh-readonly-queue/${ref}/pr-1-${group.baseSha}` };
  const [owner, name] = repo.split('/');
  p.repository = { ...p.repository, name, full_name: repo, default_branch: 'main', owner: { ...p.repository.owner, login: owner } };
  return p;
}

/** pull_request_review.submitted payload by `login` on `commitId` for the pull request of `pullEvent`. */
export function reviewEvent(pullEvent: Record<string, any>, review: { login: string; state: string; commitId: string }): Record<string, any> {
  const p = examplePayload('pull_request_review', 'submitted');
  p.pull_request = { ...p.pull_request, number: pullEvent.pull_request.number, user: pullEvent.pull_request.user, head: pullEvent.pull_request.head, base: pullEvent.pull_request.base };
  p.review = { ...p.review, user: { ...p.review.user, login: review.login }, state: review.state.toLowerCase(), commit_id: review.commitId };
  p.repository = pullEvent.repository;
  return p;
}

export interface FileEntry {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed';
  previous_filename?: string;
}

interface Stored {
  pull: Record<string, any>;
  files: FileEntry[];
  reviews: Record<string, any>[];
}

export interface RequestLog {
  method: string;
  path: string;
  query: URLSearchParams;
}

export interface FakeGitHub {
  url: string;
  repo: string;
  /** Requests seen, in order. */
  requests: RequestLog[];
  pulls: Map<number, Stored>;
  /** ref -> path -> bytes */
  contents: Map<string, Map<string, string | Buffer>>;
  comments: Map<number, { id: number; body: string; user: { login: string; type: string } }[]>;
  statuses: { sha: string; state: string; context: string; description: string }[];
  labels: Map<number, string[]>;
  issues: { number: number; title: string; body: string; state: string; labels: string[] }[];
  /** Adds a pull request from a pull_request event payload (its pull_request object is served). */
  addPull(event: Record<string, any>, files: FileEntry[]): void;
  /** Records a review built from the real pull_request_review example. */
  addReview(pr: number, review: { login: string; state: string; commitId: string }): void;
  setContent(ref: string, path: string, content: string | Buffer): void;
  /** Tokens that only read (as a review run on a fork gets). */
  readOnlyTokens: Set<string>;
  /** The repository's default branch (default: main). */
  defaultBranch: string;
  /** Branch name -> tip commit. */
  branches: Map<string, string>;
  /** GitHub's cap on the pull request files list (3,000). */
  filesCap: number;
  close(): Promise<void>;
}

export async function startGitHubApi(repo = 'bdbnetwork/registry'): Promise<FakeGitHub> {
  let nextId = 1000;
  let nextIssue = 500;
  const prefix = `/repos/${repo}`;
  const g: FakeGitHub = {
    url: '',
    repo,
    requests: [],
    pulls: new Map(),
    contents: new Map(),
    comments: new Map(),
    statuses: [],
    labels: new Map(),
    issues: [],
    readOnlyTokens: new Set(),
    defaultBranch: 'main',
    branches: new Map([['main', 'd'.repeat(40)]]),
    filesCap: 3000,
    addPull(event, files) {
      const pull = event.pull_request as Record<string, any>;
      pull.changed_files = files.length;
      g.pulls.set(pull.number, { pull, files, reviews: [] });
      g.labels.set(pull.number, (pull.labels as { name: string }[]).map((l) => l.name));
    },
    addReview(pr, r) {
      const stored = g.pulls.get(pr)!;
      const review = structuredClone(examplePayload('pull_request_review', 'submitted').review) as Record<string, any>;
      review.id = nextId++;
      review.user = { ...review.user, login: r.login };
      review.state = r.state;
      review.commit_id = r.commitId;
      stored.reviews.push(review);
    },
    setContent(ref, path, content) {
      let m = g.contents.get(ref);
      if (!m) g.contents.set(ref, (m = new Map()));
      m.set(path, content);
    },
    close: () => new Promise((res) => server.close(() => res())),
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };
  const page = <T>(req: RequestLog, list: T[], res: ServerResponse) => {
    const per = Math.min(Number(req.query.get('per_page') ?? 30), 100);
    const n = Number(req.query.get('page') ?? 1);
    const items = list.slice((n - 1) * per, n * per);
    const last = Math.max(1, Math.ceil(list.length / per));
    const link = (p: number, rel: string) => {
      const q = new URLSearchParams(req.query);
      q.set('page', String(p));
      q.set('per_page', String(per));
      return `<${g.url}${req.path}?${q}>; rel="${rel}"`;
    };
    const links = [];
    if (n < last) links.push(link(n + 1, 'next'), link(last, 'last'));
    if (n > 1) links.push(link(1, 'first'), link(n - 1, 'prev'));
    send(res, 200, items, links.length ? { link: links.join(', ') } : {});
  };
  const readBody = async (req: IncomingMessage): Promise<Record<string, any>> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return text ? (JSON.parse(text) as Record<string, any>) : {};
  };
  const bot = { login: 'github-actions[bot]', type: 'Bot' };

  const server = createServer(async (req, res) => {
    try {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      const log: RequestLog = { method: req.method ?? 'GET', path: u.pathname, query: u.searchParams };
      g.requests.push(log);
      const token = (req.headers.authorization ?? '').replace(/^(token|bearer)\s+/i, '');
      if (!token) return send(res, 401, { message: 'Requires authentication' });
      if (log.method !== 'GET' && g.readOnlyTokens.has(token)) return send(res, 403, { message: 'Resource not accessible by integration' });
      if (u.pathname !== prefix && !u.pathname.startsWith(`${prefix}/`)) return send(res, 404, { message: 'Not Found' });
      const path = u.pathname.slice(prefix.length);
      const body = log.method === 'GET' ? {} : await readBody(req);
      let m: RegExpExecArray | null;

      if (path === '' && log.method === 'GET') {
        const [owner, name] = repo.split('/');
        const r = examplePayload('pull_request', 'opened').repository;
        return send(res, 200, { ...r, name, full_name: repo, owner: { ...r.owner, login: owner }, default_branch: g.defaultBranch });
      }
      if ((m = /^\/branches\/(.+)$/.exec(path)) && log.method === 'GET') {
        const name = decodeURIComponent(m[1]!);
        const sha = g.branches.get(name);
        if (!sha) return send(res, 404, { message: 'Branch not found' });
        return send(res, 200, { name, commit: { sha, url: `${g.url}${prefix}/commits/${sha}` }, protected: true });
      }
      if (path === '/pulls' && log.method === 'GET') {
        const head = u.searchParams.get('head');
        const baseRef = u.searchParams.get('base');
        const list = [...g.pulls.values()]
          .map((s) => s.pull)
          .filter((p) => p.state === 'open' && (!head || p.head.label === head) && (!baseRef || p.base.ref === baseRef))
          // The list endpoint leaves changed_files out, as GitHub's does.
          .map(({ changed_files: _c, ...p }) => ({ ...p, labels: (g.labels.get(p.number) ?? []).map((name, i) => ({ id: i + 1, name })) }));
        return page(log, list, res);
      }

      if ((m = /^\/pulls\/(\d+)$/.exec(path)) && log.method === 'GET') {
        const s = g.pulls.get(Number(m[1]));
        if (!s) return send(res, 404, { message: 'Not Found' });
        return send(res, 200, { ...s.pull, labels: (g.labels.get(s.pull.number) ?? []).map((name, i) => ({ id: i + 1, name })) });
      }
      if ((m = /^\/pulls\/(\d+)\/files$/.exec(path)) && log.method === 'GET') {
        const s = g.pulls.get(Number(m[1]));
        if (!s) return send(res, 404, { message: 'Not Found' });
        // GitHub lists at most 3,000 files of a pull request; changed_files keeps the true count.
        return page(log, s.files.slice(0, g.filesCap).map((f, i) => ({ sha: `${i}`.padStart(40, '0'), additions: 1, deletions: 0, changes: 1, ...f })), res);
      }
      if ((m = /^\/pulls\/(\d+)\/reviews$/.exec(path)) && log.method === 'GET') {
        const s = g.pulls.get(Number(m[1]));
        if (!s) return send(res, 404, { message: 'Not Found' });
        return page(log, s.reviews, res);
      }
      if ((m = /^\/contents\/(.+)$/.exec(path)) && log.method === 'GET') {
        const file = decodeURIComponent(m[1]!);
        const ref = u.searchParams.get('ref') ?? 'main';
        const c = g.contents.get(ref)?.get(file);
        if (c === undefined) return send(res, 404, { message: 'Not Found' });
        const buf = Buffer.from(c);
        return send(res, 200, { type: 'file', encoding: 'base64', size: buf.length, name: file.split('/').pop(), path: file, sha: 'c'.repeat(40), content: buf.toString('base64').replace(/(.{60})/g, '$1\n') });
      }
      if ((m = /^\/issues\/(\d+)\/comments$/.exec(path))) {
        const n = Number(m[1]);
        const list = g.comments.get(n) ?? [];
        g.comments.set(n, list);
        if (log.method === 'GET') return page(log, list, res);
        if (log.method === 'POST') {
          const c = { id: nextId++, body: String(body.body), user: bot };
          list.push(c);
          return send(res, 201, c);
        }
      }
      if ((m = /^\/issues\/comments\/(\d+)$/.exec(path)) && log.method === 'PATCH') {
        for (const list of g.comments.values()) {
          const c = list.find((x) => x.id === Number(m![1]));
          if (c) {
            c.body = String(body.body);
            return send(res, 200, c);
          }
        }
        return send(res, 404, { message: 'Not Found' });
      }
      if ((m = /^\/issues\/(\d+)\/labels$/.exec(path)) && log.method === 'POST') {
        const n = Number(m[1]);
        const now = new Set([...(g.labels.get(n) ?? []), ...(body.labels as string[])]);
        g.labels.set(n, [...now]);
        return send(res, 200, [...now].map((name, i) => ({ id: i + 1, name })));
      }
      if ((m = /^\/statuses\/([0-9a-f]{40})$/.exec(path)) && log.method === 'POST') {
        const s = { sha: m[1]!, state: String(body.state), context: String(body.context), description: String(body.description ?? '') };
        if (s.description.length > 140) return send(res, 422, { message: 'Validation Failed: description is too long (maximum is 140 characters)' });
        g.statuses.push(s);
        return send(res, 201, { id: nextId++, ...s });
      }
      if (path === '/issues' && log.method === 'GET') {
        const state = u.searchParams.get('state') ?? 'open';
        const want = (u.searchParams.get('labels') ?? '').split(',').filter(Boolean);
        const list = g.issues.filter((i) => (state === 'all' || i.state === state) && want.every((l) => i.labels.includes(l)));
        return page(log, list.map((i) => ({ ...i, labels: i.labels.map((name) => ({ name })), user: bot })), res);
      }
      if (path === '/issues' && log.method === 'POST') {
        const issue = { number: nextIssue++, title: String(body.title), body: String(body.body ?? ''), state: 'open', labels: (body.labels as string[]) ?? [] };
        g.issues.push(issue);
        return send(res, 201, issue);
      }
      if ((m = /^\/issues\/(\d+)$/.exec(path)) && log.method === 'PATCH') {
        const issue = g.issues.find((i) => i.number === Number(m![1]));
        if (!issue) return send(res, 404, { message: 'Not Found' });
        if (typeof body.body === 'string') issue.body = body.body;
        if (typeof body.state === 'string') issue.state = body.state;
        return send(res, 200, issue);
      }
      return send(res, 404, { message: `Not Found: ${log.method} ${u.pathname}` });
    } catch (err) {
      send(res, 500, { message: String(err) });
    }
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  g.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return g;
}
