// One mechanism for every "must be unique across members" rule (not a rule itself).
import type { Path } from '../../load/source.js';
import type { MemberSource, Report } from '../types.js';

export interface Keyed {
  key: string;
  shown: string;
  path: Path;
}

/**
 * Reports every occurrence after the first of each key, naming where the first one is.
 * Members are visited in the order given: unchanged files first (by name), then the files under
 * judgement, so an unchanged member keeps its claim and the change carries the error.
 */
export function reportDuplicates(
  members: readonly MemberSource[],
  keysOf: (m: MemberSource) => Keyed[],
  report: (r: Report) => void,
  messageId = 'duplicate',
): void {
  const first = new Map<string, { member: MemberSource; k: Keyed }>();
  for (const m of members) {
    for (const k of keysOf(m)) {
      const prev = first.get(k.key);
      if (!prev) {
        first.set(k.key, { member: m, k });
        continue;
      }
      const other = prev.member === m ? 'this file' : prev.member.source.file;
      report({ messageId, member: m, path: k.path, data: { value: k.shown, other, otherId: prev.member.data.id } });
    }
  }
}
