// pmnet pr-check: judges a pull request in GitHub Actions and reports on it (commit status
// pmnet/governance, one sticky comment, labels, annotations, job summary).
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Io } from '../cli.js';
import { ghData } from '../report/escape.js';
import { formatGithub } from '../report/github.js';
import { appendSummary } from '../report/summary.js';
import { apiErrorLine, createClient, githubEnv, type GitHubApi } from '../github/client.js';
import { PR_MARKER, renderComment } from '../github/comment.js';
import { readPullEvent, type JudgeTarget, type PullEvent } from '../github/event.js';
import { checkBase, judgePull, type BaseCheck, type JudgeOptions, type Judgement } from '../github/judge.js';
import { LIVE_OPTIONS, liveFlags, parse } from './args.js';

const HELP = `usage: pmnet pr-check [--root DIR] [--base-sha SHA] [--offline] [--resolver ADDR[:PORT]]… [--ca FILE]…
                      [--timeout MS] [--concurrency N]

Runs in a workflow that checked out the repository's DEFAULT branch (docs/github.md).
Reads GITHUB_EVENT_PATH, GITHUB_EVENT_NAME, GITHUB_REPOSITORY, GITHUB_API_URL and GITHUB_TOKEN.
Judges, with the default branch tip's code and member files: the event's pull request
(pull_request_target), the open pull requests from a review run's head (workflow_run), or
every open member pull request into the default branch (push). For each: the commit status
pmnet/governance, one sticky comment, a join/update/leave/governance label.
--root      the default branch checkout (default: the current directory)
--base-sha  the commit checked out at --root (default: git rev-parse HEAD there); it must be
            the default branch's tip at run time, else the verdict is not green
--offline   skip the live DNS/TLS checks of the member file
--resolver  DNS resolver instead of network.yaml live.resolvers (repeatable)
--ca        extra trusted root certificate, PEM (repeatable; test networks)
--timeout   deadline per live query or connection, in milliseconds
Exit: 0 the run worked (the status carries the verdict), 1 validation errors, 2 usage or internal failure.
`;

export const STATUS_CONTEXT = 'pmnet/governance';
const LABEL = { join: 'join', update: 'update', rename: 'update', leave: 'leave', governance: 'governance' } as const;

export interface Deps {
  env?: NodeJS.ProcessEnv;
  /** An API client (tests: without throttling); default: from the environment. */
  api?: GitHubApi;
}

export async function run(args: string[], io: Io, deps: Deps = {}): Promise<number> {
  const { values } = parse(args, {
    root: { type: 'string' },
    'base-sha': { type: 'string' },
    offline: { type: 'boolean' },
    ...LIVE_OPTIONS,
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const env = deps.env ?? process.env;
  const flags = liveFlags(values);
  const event = readPullEvent(env);
  const api = deps.api ?? createClient(githubEnv(env));
  const root = resolve(values.root ?? process.cwd());
  const checkoutSha = values['base-sha'] ?? checkoutOf(root);
  const opts = { root, checkoutSha, offline: values.offline === true, ...flags };
  const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;

  let numbers: number[];
  try {
    numbers = await pullsToJudge(api, event.target);
  } catch (err) {
    const line = apiErrorLine(err);
    if (line === undefined) throw err;
    io.stderr(`pmnet pr-check: ${line}\n`);
    return 2;
  }
  if (!numbers.length) io.stdout(`pmnet pr-check: no open pull request to judge for this ${event.name} event\n`);
  let code = 0;
  // One validation of the checkout for every pull request this event judges.
  const base = numbers.length ? checkBase(root) : undefined;
  for (const n of numbers) code = Math.max(code, await judgeAndReport(api, n, opts, { io, env, event, runUrl, base }));
  return code;
}

/** Most open pull requests judged again when the default branch moves. */
export const MAX_REJUDGE = 100;

/** The pull requests an event asks to judge, looked up from the API (never from PR-controlled data). */
export async function pullsToJudge(api: GitHubApi, target: JudgeTarget): Promise<number[]> {
  switch (target.kind) {
    case 'number':
      return target.numbers;
    case 'head': {
      // A fork's workflow_run carries no pull request numbers: look them up by head owner:branch.
      const found = await api.listOpenPulls({ head: target.head, max: 10 });
      const numbers = [...new Set([...target.numbers, ...found.map((p) => p.number)])].sort((a, b) => a - b);
      // Not found (the fork's branch was renamed or deleted): a review must still take effect.
      return numbers.length ? numbers : pullsToJudge(api, { kind: 'open' });
    }
    case 'open': {
      // Member pull requests (and any not judged yet): a move of main changes their verdict.
      // Governance ones are left to their own events, which keeps a busy repository under the
      // token's API rate limit.
      const tip = await api.defaultBranch();
      const open = await api.listOpenPulls({ base: tip.name, max: MAX_REJUDGE });
      return open.filter((p) => !p.labels.includes(LABEL.governance)).map((p) => p.number).sort((a, b) => a - b);
    }
  }
}

async function judgeAndReport(api: GitHubApi, number: number, opts: JudgeOptions, ctx: { io: Io; env: NodeJS.ProcessEnv; event: PullEvent; runUrl: string | undefined; base: BaseCheck | undefined }): Promise<number> {
  const { io, env, event, runUrl } = ctx;
  let j: Judgement;
  try {
    j = await judgePull(api, number, opts, ctx.base);
  } catch (err) {
    const line = apiErrorLine(err);
    if (line === undefined) throw err;
    io.stderr(`pmnet pr-check: #${number}: ${line}\n`);
    return 2;
  }
  if (j.pull.state !== 'open') {
    io.stdout(`pmnet pr-check: #${number} is ${ghData(j.pull.state)}; nothing to judge\n`);
    return 0;
  }

  const body = renderComment(j, runUrl);
  // Annotations on the member file; the full report goes to the job summary, not formatGithub's table.
  io.stdout(formatGithub(j.findings, { GITHUB_SERVER_URL: process.env.GITHUB_SERVER_URL, GITHUB_REPOSITORY: process.env.GITHUB_REPOSITORY }));
  if (env.GITHUB_STEP_SUMMARY) appendSummary(env.GITHUB_STEP_SUMMARY, `${body.replace(PR_MARKER, '')}\n`);
  io.stdout(`pmnet pr-check: #${j.pull.number} ${j.verdict.state}: ${ghData(j.verdict.description)}\n`);

  try {
    await api.createStatus(j.pull.headSha, { state: j.verdict.state, context: STATUS_CONTEXT, description: j.verdict.description, targetUrl: runUrl });
    await upsertComment(api, j.pull.number, body);
    const c = j.classification;
    if (c.ok) {
      const label = LABEL[c.kind];
      if (!j.pull.labels.includes(label)) {
        try {
          await api.addLabels(j.pull.number, [label]);
        } catch (err) {
          io.stdout(`::warning title=pmnet pr-check::${ghData(`could not add the label "${label}" (${apiErrorLine(err) ?? String(err)}); create the labels join, update, leave, governance once (docs/github.md)`)}\n`);
        }
      }
    }
  } catch (err) {
    const line = apiErrorLine(err);
    if (line === undefined) throw err;
    if ((err as { status?: number }).status === 403 && event.name === 'pull_request_review') {
      // Reviews on pull requests from forks run with a read-only token.
      io.stdout(`::warning title=pmnet pr-check::${ghData(`${line}. A review on a pull request from a fork runs with a read-only token, so the verdict above could not be posted; the membership workflow's workflow_run job posts it (docs/github.md).`)}\n`);
      return exitCode(j);
    }
    io.stderr(`pmnet pr-check: ${line}\n`);
    return 2;
  }
  return exitCode(j);
}

/** The commit checked out at root, or undefined when git cannot say (then nothing is green). */
export function checkoutOf(root: string): string | undefined {
  try {
    const sha = execFileSync('git', ['-C', root, 'rev-parse', '--verify', 'HEAD^{commit}'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}

function exitCode(j: Judgement): number {
  if (j.internalErrors) return 2;
  return j.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** Pages of 100 comments read to find the sticky comment. */
export const COMMENT_PAGES = 5;

/** One comment per pull request: found by its marker (our own, a bot's), updated, never duplicated. */
export async function upsertComment(api: GitHubApi, pr: number, body: string): Promise<'created' | 'updated' | 'unchanged'> {
  // Our comment is made on the pull request's first run, so it is among the first: a flooded
  // pull request is not paged through to the end (GitHub lists comments oldest first).
  const comments = await api.listComments(pr, COMMENT_PAGES);
  // Only a bot's comment: a person could post the marker to have their text taken over.
  const mine = comments.find((c) => c.bot && c.body.startsWith(PR_MARKER));
  if (!mine) {
    await api.createComment(pr, body);
    return 'created';
  }
  if (mine.body === body) return 'unchanged';
  await api.updateComment(mine.id, body);
  return 'updated';
}
