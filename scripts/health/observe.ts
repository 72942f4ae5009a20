// One monitor's audit run -> observations: per member good, bad or inconclusive. What counts
// as inconclusive is what the live rules say cannot be known (dns/inconclusive, messageId
// "inconclusive"/"proof"); a run in which no resolver was usable, or in which every member
// failed at once, says more about the monitor than about the members and moves nothing.
import type { Finding } from '../findings.js';
import type { Outcome } from './score.js';

export const OBSERVATIONS_VERSION = 1;

export interface Observation {
  outcome: Outcome;
  /** The errors that made it bad (or inconclusive), as found. */
  findings: Finding[];
}

export interface Observations {
  version: number;
  /** Who checked: a GitHub Actions matrix entry, a member's runner (pmnet audit --monitor). */
  monitor: string;
  at: string;
  /** "i/n" when this is one shard of the run. */
  shard?: string;
  /** Why the whole run moves no score, when it does not. */
  inconclusive?: string;
  members: Record<string, Observation>;
}

const isInconclusive = (f: Finding) => f.rule === 'dns/inconclusive' || f.messageId === 'inconclusive';

export function classify(findings: readonly Finding[]): Observation {
  const errors = findings.filter((f) => f.severity === 'error');
  if (!errors.length) return { outcome: 'good', findings: [] };
  const bad = errors.filter((f) => !isInconclusive(f));
  return bad.length ? { outcome: 'bad', findings: bad } : { outcome: 'inconclusive', findings: errors };
}

/** Fewer members than this failing all at once are taken at their word. */
const MONITOR_SANITY_MIN = 3;

export function observe(input: {
  monitor: string;
  at: Date;
  shard?: string | undefined;
  /** Active members audited, by id, with their member file. */
  members: readonly { id: string; file: string }[];
  findings: readonly Finding[];
  /** True when the run checked members live (an offline run observes nothing about nodes). */
  live: boolean;
}): Observations {
  const out: Observations = { version: OBSERVATIONS_VERSION, monitor: input.monitor, at: input.at.toISOString(), members: {} };
  if (input.shard) out.shard = input.shard;
  const byFile = new Map<string, Finding[]>();
  for (const f of input.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const m of input.members) out.members[m.id] = classify(byFile.get(m.file) ?? []);
  const unusable = input.findings.find((f) => f.rule === 'dns/resolver-unusable' && f.severity === 'error');
  const all = Object.values(out.members);
  if (!input.live) out.inconclusive = 'offline run: no node was checked';
  else if (unusable) out.inconclusive = `no resolver of this monitor was usable (${unusable.message})`;
  else if (all.length >= MONITOR_SANITY_MIN && all.every((o) => o.outcome === 'bad')) out.inconclusive = `all ${all.length} members failed at once: most likely this monitor's own network`;
  return out;
}
