// The workflow's event payload says only WHICH pull requests to judge; everything else is fetched
// fresh (a review event may be older than the head, base.sha is stale). A workflow_run payload is
// GitHub's own data about a run: its head repository and branch name the pull request to look up.
import { readFileSync } from 'node:fs';
import { UsageError } from '../commands/args.js';

export type JudgeTarget =
  /** pull_request_target, pull_request_review: the event's pull request. */
  | { kind: 'number'; numbers: number[] }
  /** workflow_run of the review workflow: the open pull requests from this head (owner:branch). */
  | { kind: 'head'; head: string; numbers: number[] }
  /** push to the default branch: every open pull request into it is judged again. */
  | { kind: 'open' };

export interface PullEvent {
  name: string;
  target: JudgeTarget;
}

const posInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;
/** Any git branch name GitHub accepts, bounded; it only goes into a URL query (encoded). */
const SAFE_BRANCH = /^[^\u0000-\u001f\u007f]{1,255}$/;
const SAFE_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

export function readPullEvent(env: NodeJS.ProcessEnv): PullEvent {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) throw new UsageError('GITHUB_EVENT_PATH not set: pr-check runs in the membership workflow (pull_request_target, workflow_run, push)');
  let payload: Record<string, any>;
  try {
    payload = JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;
  } catch (err) {
    throw new UsageError(`cannot read the event payload ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const name = env.GITHUB_EVENT_NAME || (payload?.review ? 'pull_request_review' : payload?.workflow_run ? 'workflow_run' : 'pull_request_target');
  if (name === 'workflow_run') {
    const run = payload?.workflow_run ?? {};
    const owner = run.head_repository?.owner?.login;
    const branch = run.head_branch;
    // A deleted fork or an odd head: judge every open pull request rather than leave a stale status.
    if (typeof owner !== 'string' || !SAFE_LOGIN.test(owner) || typeof branch !== 'string' || !SAFE_BRANCH.test(branch)) return { name, target: { kind: 'open' } };
    const numbers = Array.isArray(run.pull_requests) ? run.pull_requests.map((p: { number?: unknown }) => p?.number).filter(posInt) : [];
    return { name, target: { kind: 'head', head: `${owner}:${branch}`, numbers } };
  }
  if (name === 'push') return { name, target: { kind: 'open' } };
  if (name === 'merge_group') throw new UsageError('merge_group is judged by the validate workflow (the queued combination) and its queue-status job, not by pr-check (docs/github.md)');
  const n = payload?.pull_request?.number;
  if (!posInt(n)) throw new UsageError(`the event payload ${path} has no pull_request.number: pr-check runs on pull_request_target, workflow_run, push and merge_group events`);
  return { name, target: { kind: 'number', numbers: [n] } };
}
