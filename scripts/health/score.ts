// The score model of the NTP Pool monitor (docs/health.md): every conclusive check moves a
// score, score = step + DECAY × previous, +1 for a pass and −5 for a failure, so a node that
// always passes settles at 1 / (1 − 0.95) = 20 and one that always fails falls towards −100.
// Inconclusive checks (the monitor's own resolvers or network failed) do not move it.
import type { HealthSettings } from '../model/types.js';

export const DECAY = 0.95;
export const GOOD_STEP = 1;
export const BAD_STEP = -5;
/** Where a steady passer settles: GOOD_STEP / (1 − DECAY). */
export const STEADY = 20;
export const FLOOR = -100;
/**
 * A member no monitor has scored yet starts here: it passed the live checks of its join pull
 * request, so it is in the rotation from the start, and one failure takes it out.
 */
export const START = 10;

export const DEFAULT_HEALTH: HealthSettings = { rotationMinScore: 10, minInRotation: 2, maxRotationLeaves: 2, issueOpenAt: -15, issueCloseAt: 10 };

export type Outcome = 'good' | 'bad' | 'inconclusive';

/** One check's effect on a score (four decimals kept: rounding coarser would stall below 20). */
export function nextScore(previous: number | undefined, outcome: Outcome): number {
  const prev = previous ?? START;
  if (outcome === 'inconclusive') return prev;
  const s = (outcome === 'good' ? GOOD_STEP : BAD_STEP) + DECAY * prev;
  return Math.round(Math.max(FLOOR, s) * 1e4) / 1e4;
}

/** Median of several monitors' scores (the NTP Pool's way to combine them); undefined when none. */
export function median(values: readonly number[]): number | undefined {
  if (!values.length) return undefined;
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  const m = v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return Math.round(m * 1e4) / 1e4;
}

/**
 * Hysteresis of the tracking issue: opened at or below issueOpenAt, kept open until the score is
 * back at or above issueCloseAt (never below issueOpenAt), so a flapping node gets one thread.
 */
export function wantIssue(score: number, open: boolean, s: HealthSettings): boolean {
  return open ? score < Math.max(s.issueCloseAt, s.issueOpenAt) : score <= s.issueOpenAt;
}
