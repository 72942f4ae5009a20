// Record-level difference between two zones, with the mass-change guard (after octoDNS).
import { mdText } from '../report/escape.js';
import type { Network } from '../model/types.js';
import { cmp, countRecords, sortRRsets, type RRset } from './records.js';

export interface RRsetChange {
  name: string;
  type: RRset['type'];
  before: RRset;
  after: RRset;
}

export type GuardStatus = 'ok' | 'blocked' | 'forced';

export interface Plan {
  zone: string;
  added: RRset[];
  removed: RRset[];
  changed: RRsetChange[];
  /** Records (RRs) in the base zone. */
  existingRecords: number;
  /** Base records the change deletes or updates. */
  affectedRecords: number;
  affectedPercent: number;
  guard: { maxChangePercent: number; minRecords: number; status: GuardStatus };
  /** SOA or apex NS changes (always called out). */
  apexChanges: string[];
}

const key = (s: RRset) => `${s.name} ${s.type}`;

/**
 * Compares two RRset lists (SOA serials are expected to be equal, e.g. both 0). A record counts
 * as affected when it is removed, or when its RRset's TTL changes (every record of it updates).
 * The guard blocks when affected > maxChangePercent % of a base of at least minRecords records.
 */
export function planChanges(zone: string, base: readonly RRset[], next: readonly RRset[], guard: Network['zone']['guard'], force = false): Plan {
  const before = new Map(base.map((s) => [key(s), s]));
  const after = new Map(next.map((s) => [key(s), s]));
  const added: RRset[] = [];
  const removed: RRset[] = [];
  const changed: RRsetChange[] = [];
  let affected = 0;
  for (const [k, b] of before) {
    const a = after.get(k);
    if (!a) {
      removed.push(b);
      affected += b.values.length;
    } else if (a.ttl !== b.ttl || !sameValues(a.values, b.values)) {
      changed.push({ name: b.name, type: b.type, before: b, after: a });
      if (a.ttl !== b.ttl || b.type === 'SOA') affected += b.values.length;
      else {
        const keep = new Set(a.values);
        affected += b.values.filter((v) => !keep.has(v)).length;
      }
    }
  }
  for (const [k, a] of after) if (!before.has(k)) added.push(a);

  const existing = countRecords(base);
  const percent = existing ? (affected * 100) / existing : 0;
  const trips = existing >= guard.minRecords && percent > guard.maxChangePercent;
  const apex = zone;
  const apexChanges: string[] = [];
  for (const s of [...added, ...removed, ...changed.map((c) => c.after)]) {
    if (s.name === apex && (s.type === 'SOA' || s.type === 'NS')) apexChanges.push(s.type);
  }
  return {
    zone,
    added: sortRRsets(added),
    removed: sortRRsets(removed),
    changed: sortChanges(changed),
    existingRecords: existing,
    affectedRecords: affected,
    affectedPercent: Math.round(percent * 10) / 10,
    guard: { ...guard, status: trips ? (force ? 'forced' : 'blocked') : 'ok' },
    apexChanges: [...new Set(apexChanges)].sort(cmp),
  };
}

/** Values that leave and join a changed RRset; `ttl` when its TTL differs. */
export function valueDiff(c: RRsetChange): { removed: string[]; added: string[]; ttl: boolean } {
  const before = new Set(c.before.values);
  const after = new Set(c.after.values);
  return {
    removed: c.before.values.filter((v) => !after.has(v)),
    added: c.after.values.filter((v) => !before.has(v)),
    ttl: c.before.ttl !== c.after.ttl,
  };
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((v) => s.has(v));
}

function sortChanges(list: RRsetChange[]): RRsetChange[] {
  const order = sortRRsets(list.map((c) => c.after));
  return order.map((s) => list.find((c) => c.after === s)!);
}

export function isEmpty(p: Plan): boolean {
  return !p.added.length && !p.removed.length && !p.changed.length;
}

export function guardMessage(p: Plan): string {
  return `mass-change guard: this change deletes or updates ${p.affectedRecords} of ${p.existingRecords} records (${p.affectedPercent}%), more than the ${p.guard.maxChangePercent}% allowed for a zone of at least ${p.guard.minRecords} records (network.yaml zone.guard). Check the change; if it is intended, run again with --force.`;
}

// ---------- renderers ----------

function rrText(s: RRset): string[] {
  return s.values.map((v) => `${s.name} ${s.ttl} ${s.type} ${v}`);
}

export function planToText(p: Plan): string {
  const out: string[] = [];
  if (isEmpty(p)) out.push(`zone ${p.zone}: no changes`);
  else out.push(`zone ${p.zone}: ${p.added.length} RRset(s) added, ${p.removed.length} removed, ${p.changed.length} changed`);
  if (p.apexChanges.length) out.push(`NOTE: the zone's ${p.apexChanges.join(' and ')} records change: check that secondaries and the registrar delegation match.`);
  for (const s of p.added) for (const l of rrText(s)) out.push(`+ ${l}`);
  for (const s of p.removed) for (const l of rrText(s)) out.push(`- ${l}`);
  for (const c of p.changed) {
    const d = valueDiff(c);
    out.push(`~ ${c.name} ${c.type}${d.ttl ? ` (TTL ${c.before.ttl} -> ${c.after.ttl})` : ''}`);
    for (const v of d.removed) out.push(`  - ${c.name} ${c.before.ttl} ${c.type} ${v}`);
    for (const v of d.added) out.push(`  + ${c.name} ${c.after.ttl} ${c.type} ${v}`);
  }
  out.push(`guard: ${p.affectedRecords} of ${p.existingRecords} existing records deleted or updated (${p.affectedPercent}%), limit ${p.guard.maxChangePercent}% for zones of >= ${p.guard.minRecords}: ${p.guard.status}`);
  if (p.guard.status === 'blocked') out.push(`ERROR ${guardMessage(p)}`);
  return out.join('\n') + '\n';
}

export function planToMarkdown(p: Plan): string {
  const e = mdText;
  const out: string[] = [`### DNS zone plan for ${e(p.zone)}`, ''];
  if (p.guard.status === 'blocked') out.push(`> [!CAUTION]`, `> ${e(guardMessage(p))}`, '');
  if (p.guard.status === 'forced') out.push(`> [!WARNING]`, `> Mass\\-change guard overridden with \\-\\-force: ${p.affectedRecords} of ${p.existingRecords} records (${e(String(p.affectedPercent))}%)\\.`, '');
  if (p.apexChanges.length) out.push(`> [!IMPORTANT]`, `> The zone's ${p.apexChanges.join(' and ')} records change\\. Check secondaries and the registrar delegation\\.`, '');
  if (isEmpty(p)) {
    out.push('No record changes\\.');
    return out.join('\n') + '\n';
  }
  out.push(`${p.added.length} added, ${p.removed.length} removed, ${p.changed.length} changed; ${p.affectedRecords} of ${p.existingRecords} existing records deleted or updated (${e(String(p.affectedPercent))}%)\\.`, '');
  out.push('| | Name | Type | TTL | Data |', '|---|---|---|---|---|');
  const row = (mark: string, s: RRset) => `| ${mark} | ${e(s.name)} | ${s.type} | ${s.ttl} | ${s.values.map(e).join('<br>')} |`;
  for (const s of p.added) out.push(row('\\+', s));
  for (const s of p.removed) out.push(row('−', s));
  for (const c of p.changed) {
    const d = valueDiff(c);
    const data = [...d.removed.map((v) => `− ${e(v)}`), ...d.added.map((v) => `\\+ ${e(v)}`)].join('<br>') || 'unchanged';
    const ttl = d.ttl ? `${c.before.ttl} → ${c.after.ttl}` : String(c.after.ttl);
    out.push(`| ~ | ${e(c.name)} | ${c.type} | ${ttl} | ${data} |`);
  }
  return out.join('\n') + '\n';
}

/** Stable JSON shape (documented in docs/zone.md); version bumps on breaking changes. */
export function planToJson(p: Plan): string {
  const rr = (s: RRset) => ({ ttl: s.ttl, values: s.values });
  const changes = [
    ...p.added.map((s) => ({ action: 'add', name: s.name, type: s.type, before: null, after: rr(s) })),
    ...p.removed.map((s) => ({ action: 'remove', name: s.name, type: s.type, before: rr(s), after: null })),
    ...p.changed.map((c) => ({ action: 'change', name: c.name, type: c.type, before: rr(c.before), after: rr(c.after) })),
  ];
  return (
    JSON.stringify(
      {
        version: 1,
        zone: p.zone,
        summary: {
          added: p.added.length,
          removed: p.removed.length,
          changed: p.changed.length,
          existingRecords: p.existingRecords,
          affectedRecords: p.affectedRecords,
          affectedPercent: p.affectedPercent,
        },
        guard: p.guard,
        apexChanges: p.apexChanges,
        changes,
      },
      null,
      2,
    ) + '\n'
  );
}
