// Shared set-up for the GitHub tests: a base checkout (temp consortium), the local API
// stand-in, and pr-check / audit run in-process with the environment a workflow gives them.
import { execFile, execFileSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as prCheckRun } from '../../scripts/commands/pr-check.js';
import { run as auditRun } from '../../scripts/commands/audit.js';
import { createClient, githubEnv } from '../../scripts/github/client.js';
import { PR_MARKER } from '../../scripts/github/comment.js';
import { CLI } from '../helpers/consortium.js';
import { pullRequestEvent, reviewEvent, startGitHubApi, type FakeGitHub, type FileEntry, type PullSpec } from '../harness/github-api.js';

/** A uvu suite with a fresh GitHub stand-in for every test, as `s.gh`. */
export function githubSuite(name: string) {
  const s = { test: suite(name), gh: undefined as unknown as FakeGitHub };
  s.test.before.each(async () => {
    s.gh = await startGitHubApi();
  });
  s.test.after.each(async () => {
    await s.gh.close();
  });
  return s;
}

/** git in a test directory, with a fixed identity. */
export function git(dir: string, ...args: string[]): string {
  const id = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.net', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.net' };
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, ...id } }).trim();
}

export const ACME = `id: acme
organization:
  name: Acme Nodes
  country: FR
contacts:
  - email: ops@acme-node.net
github: [acme-dev]
status: active
node:
  domain: acme-node.net
  ipv6: ["2001:db8:ac::1"]
`;

export const HEAD = 'a'.repeat(40);

/**
 * The best an --offline run gives a join or a seat change whose approvals and offline checks
 * pass: pending, never success (fail closed). Returns the description for further checks.
 */
export function offlinePass(status: { state: string; description?: string } | undefined, what: string, msg = ''): string {
  assert.is(status?.state, 'pending', `${what}: ${msg}`);
  assert.match(status!.description ?? '', new RegExp(`^${what.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: run pr-check without --offline to check (?:the proof|it live); .*, offline checks passed$`), msg);
  return status!.description!;
}
export const OLD_HEAD = 'e'.repeat(40);

export interface Outcome {
  code: number;
  out: string;
  err: string;
  /** The latest pmnet/governance status on the head. */
  status?: { state: string; description: string };
  comment: string;
  comments: number;
  labels: string[];
  summary: string;
}

export function envFor(gh: FakeGitHub, event: Record<string, unknown>, eventName: string, token = 'test-token'): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'pmnet-gh-'));
  const eventPath = join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event));
  return {
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_EVENT_NAME: eventName,
    GITHUB_REPOSITORY: gh.repo,
    GITHUB_API_URL: gh.url,
    GITHUB_TOKEN: token,
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '42',
  };
}

/** Registers a pull request (real pull_request.opened payload) with its files and head contents. */
export function openPull(gh: FakeGitHub, spec: { number: number; author: string; files: FileEntry[]; contents?: Record<string, string>; labels?: string[]; headSha?: string } & Omit<PullSpec, 'number' | 'author' | 'headSha' | 'labels'>): Record<string, any> {
  const { files: _f, contents: _c, ...rest } = spec;
  const event = pullRequestEvent(gh.repo, { ...rest, headSha: spec.headSha ?? HEAD, labels: spec.labels ?? [] });
  gh.addPull(event, spec.files);
  for (const [path, text] of Object.entries(spec.contents ?? {})) gh.setContent(spec.headSha ?? HEAD, path, text);
  return event;
}

/**
 * The real CLI as a child process with the workflow's environment (real client, throttling on).
 * Used for the live scenarios: the live rules then register in the child, not in this test process.
 */
export function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, out: stdout, err: stderr });
    });
  });
}

/**
 * Runs pr-check as the membership workflow does: on a checkout of the default branch, whose
 * commit (--base-sha) is the stand-in's tip unless `checkout` says otherwise (null: not given).
 */
export async function prCheck(
  gh: FakeGitHub,
  root: string,
  event: Record<string, any>,
  opts: { args?: string[]; eventName?: string; token?: string; review?: { login: string; state: string; commitId: string }; child?: boolean; checkout?: string | null; payload?: Record<string, any> } = {},
): Promise<Outcome> {
  const payload = opts.payload ?? (opts.review ? reviewEvent(event, opts.review) : event);
  const env = envFor(gh, payload, opts.eventName ?? (opts.review ? 'pull_request_review' : 'pull_request_target'), opts.token);
  const checkout = opts.checkout === undefined ? gh.branches.get(gh.defaultBranch)! : opts.checkout;
  const args = ['--root', root, ...(checkout !== null ? ['--base-sha', checkout] : []), ...(opts.args ?? ['--offline'])];
  let out = '';
  let err = '';
  let code: number;
  if (opts.child) ({ code, out, err } = await cli(['pr-check', ...args], env));
  else {
    const api = createClient(githubEnv(env), { throttle: false, retries: 0 });
    code = await prCheckRun(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) }, { env, api });
  }
  const n = event.pull_request.number as number;
  const head = event.pull_request.head.sha as string;
  const status = gh.statuses.filter((s) => s.sha === head && s.context === 'pmnet/governance').pop();
  const mine = (gh.comments.get(n) ?? []).filter((c) => c.body.startsWith(PR_MARKER));
  const summaryFile = env.GITHUB_STEP_SUMMARY!;
  return {
    code,
    out,
    err,
    ...(status ? { status } : {}),
    comment: mine[0]?.body ?? '',
    comments: mine.length,
    labels: gh.labels.get(n) ?? [],
    summary: existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '',
  };
}

export async function audit(gh: FakeGitHub | undefined, root: string, args: string[] = ['--offline'], now = new Date('2026-05-01T06:00:00Z'), child = false): Promise<{ code: number; out: string; err: string; summary: string }> {
  const env: NodeJS.ProcessEnv = gh ? envFor(gh, {}, 'schedule') : {};
  if (child) {
    const r = await cli(['audit', '--root', root, ...args], env);
    return { ...r, summary: env.GITHUB_STEP_SUMMARY && existsSync(env.GITHUB_STEP_SUMMARY) ? readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8') : '' };
  }
  const api = gh ? createClient(githubEnv(env), { throttle: false, retries: 0 }) : undefined;
  let out = '';
  let err = '';
  const code = await auditRun(['--root', root, ...args], { stdout: (s) => (out += s), stderr: (s) => (err += s) }, { env, ...(api ? { api } : {}), now });
  const summaryFile = env.GITHUB_STEP_SUMMARY;
  return { code, out, err, summary: summaryFile && existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '' };
}
