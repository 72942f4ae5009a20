// The health record (health.json): kept between audit runs on a branch or artifact of its own,
// never committed to the default branch by each run. Read here and only here, and checked: a
// malformed record is refused with what is wrong, never half used.
import { readFileSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Finding } from '../findings.js';
import { OBSERVATIONS_VERSION, type Observations } from './observe.js';
import type { Outcome } from './score.js';

export const RECORD_VERSION = 1;
/** Per member: the last checks and the score history kept in the record. */
export const MAX_CHECKS = 20;
export const MAX_HISTORY = 365;
export const MAX_RUNS = 100;

export interface Check {
  at: string;
  monitor: string;
  outcome: Outcome;
  /** This monitor's score after the check. */
  score: number;
  /** Rule ids of the errors (bad or inconclusive checks). */
  rules?: string[];
}

export interface MemberHealth {
  /** Median of the monitors' scores. */
  score: number;
  /** Each monitor's own score. */
  monitors: Record<string, number>;
  /** When each monitor last checked the member conclusively (stale monitors leave the median). */
  seen?: Record<string, string>;
  /** First failed check of the current failing stretch. */
  failingSince?: string;
  lastFailure?: { at: string; monitor: string; findings: Finding[] };
  inRotation: boolean;
  /** Why the member left or rejoined the rotation last. */
  rotationReason?: string;
  checks: Check[];
  history: { at: string; score: number }[];
}

export interface HealthRecord {
  version: number;
  updated: string;
  members: Record<string, MemberHealth>;
  runs: { at: string; monitor: string; shard?: string; inconclusive?: string }[];
}

export class HealthFileError extends Error {
  override name = 'HealthFileError';
}

export const emptyRecord = (): HealthRecord => ({ version: RECORD_VERSION, updated: new Date(0).toISOString(), members: {}, runs: [] });

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is string => typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v));
const isScore = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= -100 && v <= 100;
const ID = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MONITOR = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const OUTCOMES = new Set(['good', 'bad', 'inconclusive']);

export const validMonitor = (name: string) => MONITOR.test(name);

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new HealthFileError(`cannot read the ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HealthFileError(`${file}: the ${what} is not JSON: ${(err as Error).message}`);
  }
}

function findingsOf(v: unknown, where: string, bad: (w: string) => HealthFileError): Finding[] {
  if (!Array.isArray(v)) throw bad(`${where} must be a list of findings`);
  return v.map((f, i) => {
    if (!isObj(f) || typeof f.rule !== 'string' || typeof f.message !== 'string' || typeof f.file !== 'string' || !['error', 'warning', 'notice'].includes(f.severity as string)) {
      throw bad(`${where}[${i}] is not a finding (rule, severity, file, line, column, message)`);
    }
    const x: Finding = { rule: f.rule, severity: f.severity as Finding['severity'], file: f.file, line: Number(f.line) || 1, column: Number(f.column) || 1, message: f.message };
    if (typeof f.messageId === 'string') x.messageId = f.messageId;
    if (typeof f.member === 'string') x.member = f.member;
    return x;
  });
}

/** Checks a parsed health record; `file` names it in errors. */
export function parseRecord(v: unknown, file: string): HealthRecord {
  const bad = (why: string) => new HealthFileError(`${file}: ${why} (docs/health.md, "The health record")`);
  if (!isObj(v) || v.version !== RECORD_VERSION) throw bad(`not a pmnet health record of version ${RECORD_VERSION}`);
  if (!isTime(v.updated)) throw bad('"updated" must be an ISO time');
  if (!isObj(v.members)) throw bad('"members" must be a mapping of member ids');
  const members: Record<string, MemberHealth> = {};
  for (const [id, m] of Object.entries(v.members)) {
    const at = `members.${id}`;
    if (!ID.test(id)) throw bad(`${JSON.stringify(id).slice(0, 70)} is not a member id`);
    if (!isObj(m) || !isScore(m.score) || typeof m.inRotation !== 'boolean' || !isObj(m.monitors)) throw bad(`${at} needs "score" (-100 to 100), "inRotation" and "monitors"`);
    const monitors: Record<string, number> = {};
    for (const [name, s] of Object.entries(m.monitors)) {
      if (!MONITOR.test(name) || !isScore(s)) throw bad(`${at}.monitors.${name.slice(0, 70)} must be a monitor name with a score`);
      monitors[name] = s;
    }
    const checks = Array.isArray(m.checks) ? m.checks : [];
    const history = Array.isArray(m.history) ? m.history : [];
    const out: MemberHealth = {
      score: m.score,
      monitors,
      inRotation: m.inRotation,
      checks: checks.map((c, i) => {
        if (!isObj(c) || !isTime(c.at) || typeof c.monitor !== 'string' || !MONITOR.test(c.monitor) || !OUTCOMES.has(c.outcome as string) || !isScore(c.score)) throw bad(`${at}.checks[${i}] needs at, monitor, outcome and score`);
        const rules = Array.isArray(c.rules) ? c.rules.filter((r): r is string => typeof r === 'string' && /^[a-z0-9/-]{1,80}$/.test(r)) : undefined;
        return { at: c.at, monitor: c.monitor, outcome: c.outcome as Outcome, score: c.score, ...(rules?.length ? { rules } : {}) };
      }),
      history: history.map((h, i) => {
        if (!isObj(h) || !isTime(h.at) || !isScore(h.score)) throw bad(`${at}.history[${i}] needs at and score`);
        return { at: h.at, score: h.score };
      }),
    };
    if (m.seen !== undefined) {
      if (!isObj(m.seen)) throw bad(`${at}.seen must map monitor names to times`);
      const seen: Record<string, string> = {};
      for (const [name, t] of Object.entries(m.seen)) {
        if (!MONITOR.test(name) || !isTime(t)) throw bad(`${at}.seen.${name.slice(0, 70)} must be a monitor name with an ISO time`);
        seen[name] = t;
      }
      out.seen = seen;
    }
    if (m.failingSince !== undefined) {
      if (!isTime(m.failingSince)) throw bad(`${at}.failingSince must be an ISO time`);
      out.failingSince = m.failingSince;
    }
    if (typeof m.rotationReason === 'string') out.rotationReason = m.rotationReason.slice(0, 300);
    if (m.lastFailure !== undefined) {
      const l = m.lastFailure;
      if (!isObj(l) || !isTime(l.at) || typeof l.monitor !== 'string' || !MONITOR.test(l.monitor)) throw bad(`${at}.lastFailure needs at, monitor and findings`);
      out.lastFailure = { at: l.at, monitor: l.monitor, findings: findingsOf(l.findings, `${at}.lastFailure.findings`, bad) };
    }
    members[id] = out;
  }
  const runs = (Array.isArray(v.runs) ? v.runs : []).map((r, i) => {
    if (!isObj(r) || !isTime(r.at) || typeof r.monitor !== 'string' || !MONITOR.test(r.monitor)) throw bad(`runs[${i}] needs at and monitor`);
    return { at: r.at, monitor: r.monitor, ...(typeof r.shard === 'string' ? { shard: r.shard } : {}), ...(typeof r.inconclusive === 'string' ? { inconclusive: r.inconclusive } : {}) };
  });
  return { version: RECORD_VERSION, updated: v.updated, members, runs };
}

/** Checks one monitor's observations (pmnet audit --observations). */
export function parseObservations(v: unknown, file: string): Observations {
  const bad = (why: string) => new HealthFileError(`${file}: ${why} (docs/health.md, "Observations")`);
  if (!isObj(v) || v.version !== OBSERVATIONS_VERSION) throw bad(`not pmnet audit observations of version ${OBSERVATIONS_VERSION}`);
  if (typeof v.monitor !== 'string' || !MONITOR.test(v.monitor)) throw bad('"monitor" must be a name of letters, digits, ".", "_" or "-"');
  if (!isTime(v.at)) throw bad('"at" must be an ISO time');
  if (!isObj(v.members)) throw bad('"members" must be a mapping of member ids');
  const out: Observations = { version: OBSERVATIONS_VERSION, monitor: v.monitor, at: v.at, members: {} };
  if (typeof v.shard === 'string') out.shard = v.shard.slice(0, 20);
  if (typeof v.inconclusive === 'string') out.inconclusive = v.inconclusive.slice(0, 500);
  for (const [id, o] of Object.entries(v.members)) {
    if (!ID.test(id)) throw bad(`${JSON.stringify(id).slice(0, 70)} is not a member id`);
    if (!isObj(o) || !OUTCOMES.has(o.outcome as string)) throw bad(`members.${id}.outcome must be good, bad or inconclusive`);
    out.members[id] = { outcome: o.outcome as Outcome, findings: findingsOf(o.findings ?? [], `members.${id}.findings`, bad) };
  }
  return out;
}

export const readRecord = (file: string) => parseRecord(readJson(file, 'health record'), file);
export const readObservations = (file: string) => parseObservations(readJson(file, 'observations'), file);

export function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 1)}\n`);
  renameSync(tmp, file);
}
