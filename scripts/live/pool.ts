// Bounded concurrency and deadlines shared by every live check (DNS, TLS, HTTP).

export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/** At most `limit` tasks run at once; the rest wait in FIFO order. */
export function createLimiter(limit: number): Limiter {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  let active = 0;
  const queue: Array<() => void> = [];
  const next = () => {
    if (active >= limit) return;
    const start = queue.shift();
    if (start) start();
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push(() => {
        active++;
        let p: Promise<T>;
        try {
          p = task();
        } catch (err) {
          p = Promise.reject(err);
        }
        p.then(resolve, reject).finally(() => {
          active--;
          next();
        });
      });
      next();
    });
}

export class DeadlineError extends Error {
  constructor(readonly ms: number, what: string) {
    super(`${what} did not finish within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/**
 * Runs `task` with an AbortSignal that fires after `ms`; rejects with DeadlineError then.
 * The task must release its sockets when the signal aborts.
 */
export async function withDeadline<T>(ms: number, what: string, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new DeadlineError(ms, what);
      ac.abort(err);
      reject(err);
    }, ms);
  });
  try {
    return await Promise.race([task(ac.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
