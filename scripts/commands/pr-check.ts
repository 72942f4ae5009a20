// pmnet pr-check: judges a pull request in GitHub Actions and reports on it (commit status
// pmnet/governance, one sticky comment, labels, annotations, job summary).
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Io } from '../cli.js';
import { ghData } from '../report/escape.js';
import { formatGithub } from '../report/github.js';
import { apiErrorLine, createClient, githubEnv, type GitHubApi } from '../github/client.js';
import { PR_MARKER, renderComment } from '../github/comment.js';
import { readPullEvent } from '../github/event.js';
import { judgePull, type Judgement } from '../github/judge.js';
import { LIVE_OPTIONS, liveFlags, parse } from './args.js';

const HELP = `usage: pmnet pr-check [--root DIR] [--offline] [--resolver ADDR[:PORT]]… [--ca FILE]… [--timeout MS] [--concurrency N]

Runs in a pull_request_target / pull_request_review workflow that checked out the BASE branch.
Reads GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_API_URL and GITHUB_TOKEN; judges the pull
request with the base branch's code and member files; sets the commit status pmnet/governance,
updates one sticky comment, adds a join/update/leave/governance label.
--root      the base branch checkout (default: the current directory)
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

  let j: Judgement;
  try {
    j = await judgePull(api, event.number, { root, offline: values.offline === true, ...flags });
  } catch (err) {
    const line = apiErrorLine(err);
    if (line === undefined) throw err;
    io.stderr(`pmnet pr-check: ${line}\n`);
    return 2;
  }

  const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  const body = renderComment(j, runUrl);
  // Annotations on the member file; the full report goes to the job summary, not formatGithub's table.
  io.stdout(formatGithub(j.findings, { GITHUB_SERVER_URL: process.env.GITHUB_SERVER_URL, GITHUB_REPOSITORY: process.env.GITHUB_REPOSITORY }));
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${body.replace(PR_MARKER, '')}\n`);
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
      io.stdout(`::warning title=pmnet pr-check::${ghData(`${line}. A review on a pull request from a fork runs with a read-only token, so the verdict above could not be posted; it is recomputed on the next push or label change (docs/github.md).`)}\n`);
      return exitCode(j);
    }
    io.stderr(`pmnet pr-check: ${line}\n`);
    return 2;
  }
  return exitCode(j);
}

function exitCode(j: Judgement): number {
  if (j.internalErrors) return 2;
  return j.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** One comment per pull request: found by its marker (our own, a bot's), updated, never duplicated. */
export async function upsertComment(api: GitHubApi, pr: number, body: string): Promise<'created' | 'updated' | 'unchanged'> {
  const comments = await api.listComments(pr);
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
