// What kind of change a pull request is, from its list of files alone.
import type { PrFile } from './client.js';

export type ChangeKind = 'join' | 'update' | 'leave' | 'rename' | 'governance';

export interface MemberChange {
  kind: 'join' | 'update' | 'leave' | 'rename';
  /** The member file as it is after the change (for leave: the removed file). */
  file: string;
  id: string;
  /** rename only: the file before. */
  previousFile?: string;
  previousId?: string;
}

export type Classification =
  | { ok: true; kind: 'governance'; governanceFiles: string[] }
  | { ok: true; kind: MemberChange['kind']; member: MemberChange }
  | { ok: false; problems: string[] };

const MEMBER_FILE = /^members\/([^/]+)\.yaml$/;

/** `members/<id>.yaml` -> id, else undefined. */
export function memberId(path: string): string | undefined {
  return MEMBER_FILE.exec(path)?.[1];
}

type Area = 'member' | 'zone' | 'governance';

/** network.yaml, schemas/, scripts/, .github/, package*.json and anything else outside members/ and zone/ is governance. */
export function areaOf(path: string): Area {
  if (path.startsWith('members/')) return 'member';
  if (path.startsWith('zone/')) return 'zone';
  return 'governance';
}

export function classify(files: readonly PrFile[]): Classification {
  const member: PrFile[] = [];
  const zone: string[] = [];
  const governance: string[] = [];
  for (const f of files) {
    // A rename out of (or into) members/ touches both areas.
    const areas = new Set([areaOf(f.filename), ...(f.previous_filename !== undefined ? [areaOf(f.previous_filename)] : [])]);
    if (areas.has('member')) member.push(f);
    if (areas.has('zone')) zone.push(f.filename);
    if (areas.has('governance')) governance.push(f.filename);
  }
  const problems: string[] = [];
  if (!files.length) problems.push('the pull request changes no files');
  if (zone.length) {
    problems.push(`${list(zone)}: zone/ is generated from the member files by the zone workflow after merge; remove ${zone.length === 1 ? 'it' : 'them'} from this pull request`);
  }
  if (member.length && governance.length) {
    problems.push(
      `a member change touches exactly one member file and nothing else, but this pull request also changes ${list(governance)}; split it: the member file in one pull request, the other files (reviewed by the maintainers) in another`,
    );
  }
  if (member.length > 1) {
    problems.push(`a member change touches exactly one member file, but this pull request changes ${member.length}: ${list(member.map((f) => f.filename))}; open one pull request per member`);
  }
  if (problems.length) return { ok: false, problems };
  if (!member.length) return { ok: true, kind: 'governance', governanceFiles: governance };

  const f = member[0]!;
  const id = memberId(f.filename);
  if (id === undefined) return { ok: false, problems: [`${f.filename} is not a member file: member files are members/<id>.yaml`] };
  switch (f.status) {
    case 'added':
    case 'copied':
      return { ok: true, kind: 'join', member: { kind: 'join', file: f.filename, id } };
    case 'modified':
    case 'changed':
      return { ok: true, kind: 'update', member: { kind: 'update', file: f.filename, id } };
    case 'removed':
      return { ok: true, kind: 'leave', member: { kind: 'leave', file: f.filename, id } };
    case 'renamed': {
      const prev = f.previous_filename ?? '';
      const previousId = memberId(prev);
      if (previousId === undefined) return { ok: false, problems: [`${f.filename} was renamed from ${prev}, which is not a member file`] };
      return { ok: true, kind: 'rename', member: { kind: 'rename', file: f.filename, id, previousFile: prev, previousId } };
    }
    default:
      return { ok: false, problems: [`${f.filename}: unexpected change status "${f.status}"`] };
  }
}

function list(paths: string[]): string {
  const shown = paths.slice(0, 5).join(', ');
  return paths.length > 5 ? `${shown} and ${paths.length - 5} more` : shown;
}
