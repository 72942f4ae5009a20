// The status site's optional inputs, read from JSON files (docs/site.md):
//   health: { "members": { "<id>": [ { "at": "2026-11-30", "score": 97 }, … ] } }   score 0–100
//   audit:  { "checked_at": ISO time, "findings": [ …as pmnet validate --format json… ],
//             "certificates": [ { "member", "address", "not_after", "issuer"? } ] }
// Both are checked here; a malformed file is a usage error naming what is wrong.
import { readFileSync } from 'node:fs';
import { UsageError } from '../commands/args.js';
import type { Finding } from '../findings.js';

export interface HealthPoint {
  at: string;
  score: number;
}
export type Health = Map<string, HealthPoint[]>;

export interface CertificateRow {
  member: string;
  address: string;
  notAfter: string;
  issuer?: string;
}

export interface Audit {
  checkedAt: string;
  findings: Finding[];
  certificates: CertificateRow[];
}

const MAX_POINTS = 365;

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the ${what} file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`the ${what} file ${file} is not JSON: ${(err as Error).message}`);
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is string => typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v));

export function parseHealth(v: unknown, file = 'health'): Health {
  const bad = (why: string) => new UsageError(`${file}: ${why} (shape: {"members": {"<id>": [{"at": "2026-11-30", "score": 97}]}}, docs/site.md)`);
  if (!isObj(v) || !isObj(v.members)) throw bad('no "members" mapping');
  const out: Health = new Map();
  for (const [id, points] of Object.entries(v.members)) {
    if (!Array.isArray(points)) throw bad(`members.${id} is not a list`);
    const list: HealthPoint[] = [];
    points.forEach((p, i) => {
      if (!isObj(p) || !isTime(p.at) || typeof p.score !== 'number' || !(p.score >= 0 && p.score <= 100)) throw bad(`members.${id}[${i}] needs "at" (a date) and "score" (0 to 100)`);
      list.push({ at: p.at, score: p.score });
    });
    list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    out.set(id, list.slice(-MAX_POINTS));
  }
  return out;
}

export function parseAudit(v: unknown, file = 'audit'): Audit {
  const bad = (why: string) => new UsageError(`${file}: ${why} (docs/site.md, "Inputs")`);
  if (!isObj(v)) throw bad('not a JSON object');
  if (!isTime(v.checked_at)) throw bad('"checked_at" must be an ISO date and time');
  const findings: Finding[] = [];
  (Array.isArray(v.findings) ? v.findings : []).forEach((f: unknown, i: number) => {
    if (!isObj(f) || typeof f.rule !== 'string' || !['error', 'warning', 'notice'].includes(f.severity as string) || typeof f.file !== 'string' || typeof f.message !== 'string') {
      throw bad(`findings[${i}] is not a finding (rule, severity, file, line, column, message)`);
    }
    const x: Finding = { rule: f.rule, severity: f.severity as Finding['severity'], file: f.file, line: Number(f.line) || 1, column: Number(f.column) || 1, message: f.message };
    if (typeof f.member === 'string') x.member = f.member;
    findings.push(x);
  });
  const certificates: CertificateRow[] = [];
  (Array.isArray(v.certificates) ? v.certificates : []).forEach((c: unknown, i: number) => {
    if (!isObj(c) || typeof c.member !== 'string' || typeof c.address !== 'string' || !isTime(c.not_after)) throw bad(`certificates[${i}] needs "member", "address" and "not_after"`);
    certificates.push({ member: c.member, address: c.address, notAfter: c.not_after, ...(typeof c.issuer === 'string' ? { issuer: c.issuer } : {}) });
  });
  return { checkedAt: v.checked_at, findings, certificates };
}

export const readHealth = (file: string) => parseHealth(readJson(file, 'health'), file);
export const readAudit = (file: string) => parseAudit(readJson(file, 'audit'), file);
