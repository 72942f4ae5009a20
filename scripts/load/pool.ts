// Loader worker threads (parallel.ts), started early when a run will parse many files: a worker
// spends its first 100 ms or so loading the parser, which it can do while the main thread loads
// pmnet's own modules. Only node: imports here, so starting one costs the main thread nothing.
import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Below this many files one thread is faster than starting workers. */
export const PARALLEL_THRESHOLD = 1500;

const WORKER_URL = new URL('./worker.js', import.meta.url);

/** Threads to parse with (the main thread included): PMNET_THREADS, else the machine's, at most 8. */
export function threadCount(): number {
  return Math.max(1, Math.min(Number(process.env.PMNET_THREADS ?? availableParallelism()), 8));
}

interface Warm {
  worker: Worker;
  dead: boolean;
}

const warm: Warm[] = [];

/**
 * Starts the loader workers a cold run of DIR's files will use, if it has enough files for them.
 * They wait, unreferenced (the process may exit without them), until loaderWorker hands them work.
 */
export function prestart(dir: string): void {
  const n = threadCount();
  if (n < 2 || warm.length) return;
  let count: number;
  try {
    count = readdirSync(dir).length;
  } catch {
    return;
  }
  if (count < PARALLEL_THRESHOLD) return;
  for (let i = 1; i < n; i++) {
    const w: Warm = { worker: new Worker(WORKER_URL, { workerData: null }), dead: false };
    // A worker that failed to start is simply not used.
    w.worker.on('error', () => (w.dead = true));
    w.worker.once('exit', () => (w.dead = true));
    w.worker.unref();
    warm.push(w);
  }
}

/** A worker loading CHUNK: a started one if any is alive, else a new one. */
export function loaderWorker(chunk: unknown): Worker {
  for (let w = warm.shift(); w; w = warm.shift()) {
    if (w.dead) continue;
    w.worker.ref();
    w.worker.postMessage(chunk);
    return w.worker;
  }
  return new Worker(WORKER_URL, { workerData: chunk });
}
