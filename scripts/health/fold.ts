// Read the record, fold observations in, write it back: shared by pmnet audit --health and
// pmnet health update. A missing record starts empty; a malformed one stops (HealthFileError).
import { existsSync } from 'node:fs';
import type { ValidateResult } from '../validate.js';
import { healthIssuePolicy } from './issues.js';
import type { Observations } from './observe.js';
import { emptyRecord, readRecord, writeJson } from './record.js';
import { DEFAULT_HEALTH } from './score.js';
import { updateRecord } from './update.js';

export function foldHealth(file: string, parts: Observations | readonly Observations[], offline: ValidateResult, when: Date, write = true) {
  const settings = offline.network?.model.health ?? DEFAULT_HEALTH;
  const prev = existsSync(file) ? readRecord(file) : emptyRecord();
  const members = {
    all: offline.members.map((m) => m.id),
    active: offline.members.filter((m) => m.data.status === 'active').map((m) => m.id),
  };
  const { record, changes, inconclusive, duplicates } = updateRecord(prev, Array.isArray(parts) ? parts : [parts as Observations], members, settings, when);
  if (write) writeJson(file, record);
  const lines = [
    ...duplicates.map((d) => `observations ${d} were folded in before; skipped`),
    ...inconclusive.map((x) => `inconclusive run of monitor ${x.monitor}${x.shard ? ` (shard ${x.shard})` : ''}: ${x.why}; no score moved`),
    ...changes.map((c) => `${c.id} ${c.change === 'left' ? 'leaves' : 'rejoins'} the shared name's rotation: ${c.why}`),
  ];
  const logins = new Map(offline.members.map((m) => [m.id, (m.data.github ?? []).map((g) => g.toLowerCase())]));
  return { record, changes, inconclusive, lines, settings, policy: healthIssuePolicy(record, logins, settings, changes) };
}
