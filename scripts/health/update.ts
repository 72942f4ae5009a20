// Folds monitors' observations (and the shards of each) into the health record: each monitor
// keeps its own score per member, the member's score is their median, and the rotation of the
// shared name follows the score with a minimum size and a rate limit on departures.
import type { HealthSettings } from '../model/types.js';
import type { Observations } from './observe.js';
import { MAX_CHECKS, MAX_HISTORY, MAX_RUNS, RECORD_VERSION, type HealthRecord, type MemberHealth } from './record.js';
import { median, nextScore, START, type Outcome } from './score.js';

export interface RotationChange {
  id: string;
  change: 'left' | 'rejoined';
  why: string;
}

export interface UpdateResult {
  record: HealthRecord;
  changes: RotationChange[];
  /** Parts that moved no score, with why. */
  inconclusive: { monitor: string; shard?: string; why: string }[];
  /** Parts already in the record ("monitor shard at"), skipped. */
  duplicates: string[];
}

const fmt = (n: number) => (Math.round(n * 10) / 10).toFixed(1);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const fresh = (): MemberHealth => ({ score: START, monitors: {}, inRotation: true, checks: [], history: [] });

/**
 * `active` lists the ids of the active members (the member files decide who is a member;
 * the record only remembers). Entries of ids that are no longer member files are dropped.
 */
export function updateRecord(prev: HealthRecord, parts: readonly Observations[], members: { active: readonly string[]; all: readonly string[] }, s: HealthSettings, now: Date): UpdateResult {
  const record: HealthRecord = structuredClone(prev);
  record.version = RECORD_VERSION;
  const all = new Set(members.all);
  const active = new Set(members.active);
  for (const id of Object.keys(record.members)) if (!all.has(id)) delete record.members[id];
  for (const id of active) record.members[id] ??= fresh();

  const inconclusive: UpdateResult['inconclusive'] = [];
  const latest = new Map<string, Map<string, Outcome>>();
  const firstBad = new Map<string, string>();
  const sorted = [...parts].sort((a, b) => byText(a.at, b.at) || byText(a.monitor, b.monitor) || byText(a.shard ?? '', b.shard ?? ''));
  // A part folded in before (a re-run job, the same file given twice) counts once.
  const key = (r: { at: string; monitor: string; shard?: string | undefined }) => `${r.monitor} ${r.shard ?? ''} ${r.at}`;
  const seenParts = new Set(record.runs.map(key));
  const duplicates: string[] = [];
  for (const p of sorted) {
    if (seenParts.has(key(p))) {
      duplicates.push(key(p));
      continue;
    }
    seenParts.add(key(p));
    record.runs.push({ at: p.at, monitor: p.monitor, ...(p.shard ? { shard: p.shard } : {}), ...(p.inconclusive ? { inconclusive: p.inconclusive } : {}) });
    if (p.inconclusive) {
      inconclusive.push({ monitor: p.monitor, ...(p.shard ? { shard: p.shard } : {}), why: p.inconclusive });
      continue;
    }
    for (const [id, o] of Object.entries(p.members).sort(([a], [b]) => byText(a, b))) {
      const m = active.has(id) ? record.members[id] : undefined;
      if (!m) continue;
      const score = nextScore(m.monitors[p.monitor], o.outcome);
      const rules = [...new Set(o.findings.map((f) => f.rule))];
      m.checks.push({ at: p.at, monitor: p.monitor, outcome: o.outcome, score, ...(rules.length ? { rules } : {}) });
      if (o.outcome === 'inconclusive') continue;
      m.monitors[p.monitor] = score;
      (m.seen ??= {})[p.monitor] = p.at;
      const seen = latest.get(id) ?? new Map<string, Outcome>();
      seen.set(p.monitor, o.outcome);
      latest.set(id, seen);
      if (o.outcome === 'bad') {
        m.lastFailure = { at: p.at, monitor: p.monitor, findings: o.findings };
        if (!firstBad.has(id)) firstBad.set(id, p.at);
      }
    }
  }

  for (const [id, seen] of latest) {
    const m = record.members[id]!;
    m.score = combined(m, now) ?? START;
    const outcomes = [...seen.values()];
    const bad = outcomes.filter((o) => o === 'bad').length;
    // The monitors' majority decides whether the member is failing now.
    if (bad * 2 > outcomes.length) m.failingSince ??= firstBad.get(id)!;
    else if (bad * 2 < outcomes.length) delete m.failingSince;
    m.history.push({ at: now.toISOString(), score: m.score });
  }
  for (const m of Object.values(record.members)) {
    m.checks = m.checks.slice(-MAX_CHECKS);
    m.history = m.history.slice(-MAX_HISTORY);
  }
  record.runs = record.runs.slice(-MAX_RUNS);
  record.updated = now.toISOString();
  const changes = rotate(record, [...active].sort(byText), s);
  return { record, changes, inconclusive, duplicates };
}

/** A monitor that has not checked a member for this long leaves its median (retired runner). */
export const MONITOR_MAX_AGE_DAYS = 7;

/** Median of the monitors that checked recently; of all of them when none did. */
function combined(m: MemberHealth, now: Date): number | undefined {
  const cutoff = now.getTime() - MONITOR_MAX_AGE_DAYS * 86_400_000;
  const fresh = Object.entries(m.monitors).filter(([name]) => {
    const t = m.seen?.[name];
    return t === undefined || Date.parse(t) >= cutoff;
  });
  return median((fresh.length ? fresh : Object.entries(m.monitors)).map(([, s]) => s));
}

/** Leaves (worst first, at most maxRotationLeaves, never below minInRotation), then rejoins. */
function rotate(record: HealthRecord, active: readonly string[], s: HealthSettings): RotationChange[] {
  const changes: RotationChange[] = [];
  const m = (id: string) => record.members[id]!;
  let inCount = active.filter((id) => m(id).inRotation).length;
  const leaving = active.filter((id) => m(id).inRotation && m(id).score < s.rotationMinScore).sort((a, b) => m(a).score - m(b).score || byText(a, b));
  let left = 0;
  for (const id of leaving) {
    if (left >= s.maxRotationLeaves || inCount - 1 < s.minInRotation) break;
    const x = m(id);
    x.inRotation = false;
    x.rotationReason = `left: score ${fmt(x.score)} below ${s.rotationMinScore}${x.failingSince ? `, failing since ${x.failingSince}` : ''}${x.lastFailure ? ` (${[...new Set(x.lastFailure.findings.map((f) => f.rule))].join(', ')})` : ''}`;
    changes.push({ id, change: 'left', why: x.rotationReason });
    inCount--;
    left++;
  }
  for (const id of active) {
    const x = m(id);
    if (x.inRotation || x.score < s.rotationMinScore) continue;
    x.inRotation = true;
    x.rotationReason = `rejoined: score ${fmt(x.score)} back at or above ${s.rotationMinScore}`;
    changes.push({ id, change: 'rejoined', why: x.rotationReason });
    inCount++;
  }
  const best = active.filter((id) => !m(id).inRotation).sort((a, b) => m(b).score - m(a).score || byText(a, b));
  for (const id of best) {
    if (inCount >= s.minInRotation) break;
    const x = m(id);
    x.inRotation = true;
    x.rotationReason = `rejoined: fewer than ${s.minInRotation} members (health.min_in_rotation) are healthy; the best-scoring stay (score ${fmt(x.score)})`;
    changes.push({ id, change: 'rejoined', why: x.rotationReason });
    inCount++;
  }
  return changes;
}

/**
 * Which active members the zone leaves out of the shared name, with why: the record's decision,
 * except that at least minInRotation members stay (the best-scoring), whatever the record says.
 */
export function outOfRotation(record: HealthRecord | undefined, active: readonly string[], s: HealthSettings): Map<string, string> {
  const out = new Map<string, string>();
  if (!record) return out;
  for (const id of active) {
    const m = record.members[id];
    if (m && !m.inRotation) out.set(id, m.rotationReason ?? `score ${fmt(m.score)} below ${s.rotationMinScore}`);
  }
  const back = [...out.keys()].sort((a, b) => record.members[b]!.score - record.members[a]!.score || byText(a, b));
  while (active.length - out.size < Math.min(s.minInRotation, active.length) && back.length) out.delete(back.shift()!);
  return out;
}
