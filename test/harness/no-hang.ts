// Tests bound time only to prove "no hang": how fast something is belongs in `npm run bench`
// (bench/RESULTS.md, ratios against baselines from the same run), never in a test, where a loaded
// machine would turn it red. test/harness/honesty.test.ts rejects other upper bounds on durations.
import * as assert from 'uvu/assert';

/** Far above any honest run on a busy 2-core CI machine, far below "stuck forever". */
export const NO_HANG_MS = 30_000;

export function assertNoHang(ms: number, what: string): void {
  assert.ok(ms < NO_HANG_MS, `${what} took ${Math.round(ms)} ms: it hangs (deadline ${NO_HANG_MS} ms)`);
}
