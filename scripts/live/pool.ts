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
        // One reaction per task (then + finally made three promises per live question).
        p.then(
          (v) => {
            active--;
            next();
            resolve(v);
          },
          (err: unknown) => {
            active--;
            next();
            reject(err);
          },
        );
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
 * What a task under withDeadline listens to: the part of AbortSignal the live checks use.
 * An AbortController per question (EventTarget, listener objects, a lazily made signal) cost
 * about a twentieth of a live audit's CPU time at five questions per member (bench row 4a).
 */
export interface DeadlineSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

class Deadline implements DeadlineSignal {
  aborted = false;
  reason: unknown;
  private listeners: Array<() => void> = [];

  addEventListener(_type: 'abort', listener: () => void): void {
    // As AbortSignal: a listener added after the abort is never called; each fires once.
    if (!this.aborted) this.listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const i = this.listeners.indexOf(listener);
    if (i !== -1) this.listeners.splice(i, 1);
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = [];
    for (const l of listeners) {
      try {
        l();
      } catch (err) {
        // As EventTarget: a throwing listener does not stop the others; the error surfaces.
        process.nextTick(() => {
          throw err;
        });
      }
    }
  }
}

/**
 * Runs `task` with a signal that fires after `ms`; rejects with DeadlineError then.
 * The task must release its sockets when the signal aborts.
 */
export async function withDeadline<T>(ms: number, what: string, task: (signal: DeadlineSignal) => Promise<T>): Promise<T> {
  const signal = new Deadline();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new DeadlineError(ms, what);
      signal.abort(err);
      reject(err);
    }, ms);
  });
  try {
    return await Promise.race([task(signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
