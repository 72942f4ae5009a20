// Tests bound time only to prove "no hang": how fast something is belongs in `npm run bench`
// (bench/RESULTS.md, ratios against baselines from the same run), never in a test, where a loaded
// machine would turn it red. test/harness/honesty.test.ts rejects other upper bounds on durations.
import * as assert from 'uvu/assert';

/** Far above any honest run on a busy 2-core CI machine, far below "stuck forever". */
export const NO_HANG_MS = 30_000;

/**
 * `ms` stayed under `deadlineMs` (at least NO_HANG_MS). To show that something did not wait for a
 * timeout, configure that timeout above the deadline (2 * NO_HANG_MS) and assert no hang.
 */
export function assertNoHang(ms: number, what: string, deadlineMs = NO_HANG_MS): void {
  if (deadlineMs < NO_HANG_MS) throw new Error(`assertNoHang: a deadline of ${deadlineMs} ms is a speed test; measure speed in npm run bench`);
  assert.ok(ms < deadlineMs, `${what} took ${Math.round(ms)} ms: it hangs (deadline ${deadlineMs} ms)`);
}
