// The workflow's event payload: only the pull request number and the event name are taken
// from it; everything else is fetched fresh (a review event may be older than the head).
import { readFileSync } from 'node:fs';
import { UsageError } from '../commands/args.js';

export interface PullEvent {
  name: string;
  number: number;
}

export function readPullEvent(env: NodeJS.ProcessEnv): PullEvent {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) throw new UsageError('GITHUB_EVENT_PATH not set: pr-check runs in a pull_request_target or pull_request_review workflow');
  let payload: { pull_request?: { number?: unknown }; review?: unknown };
  try {
    payload = JSON.parse(readFileSync(path, 'utf8')) as typeof payload;
  } catch (err) {
    throw new UsageError(`cannot read the event payload ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const n = payload?.pull_request?.number;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new UsageError(`the event payload ${path} has no pull_request.number: pr-check runs on pull_request_target and pull_request_review events`);
  const name = env.GITHUB_EVENT_NAME || (payload.review ? 'pull_request_review' : 'pull_request_target');
  return { name, number: n };
}
