import { DEFAULT_MAX_RRSET } from '../../zone/render.js';
import type { Path } from '../../load/source.js';
import { membersRule } from '../define.js';
import { ipEntries, judgedIp } from '../member/fields.js';
import type { MemberSource } from '../types.js';

export default membersRule({
  meta: {
    id: 'network/shared-name-size',
    severity: 'warning',
    description: 'The shared name holds every active member’s addresses in one RRset per type; BIND 9.18.28 and later refuse to load a zone with more than 100 records in one RRset. A change that pushes it over is an error on the changed file.',
    citation: 'BIND 9 ARM, max-records-per-type (default 100); RFC 2181 §5',
    messages: {
      tooMany: 'The shared name {name} would hold {count} {type} records; BIND refuses RRsets over {max} records by default, so `pmnet zone` will refuse this zone unless --max-rrset is raised and the servers’ max-records-per-type with it.',
      causes: 'With this file the shared name {name} would hold {count} {type} records, over the {max} BIND loads by default ({before} without this change). Remove addresses, or ask the maintainers to raise the limit first.',
    },
  },
  check({ members, network, report }) {
    const types = { A: new Set<string>(), AAAA: new Set<string>() };
    // Addresses only the files under judgement bring in, with where they are written.
    const added = { A: new Map<string, { member: MemberSource; path: Path }>(), AAAA: new Map<string, { member: MemberSource; path: Path }>() };
    for (const m of members) {
      if (m.data.status !== 'active') continue;
      for (const e of ipEntries(m.data)) {
        const ip = judgedIp(e);
        if (!ip) continue;
        const type = ip.family === 4 ? 'A' : 'AAAA';
        if (!types[type].has(ip.text) && m.changed) added[type].set(ip.text, { member: m, path: e.path });
        types[type].add(ip.text);
      }
    }
    for (const type of ['A', 'AAAA'] as const) {
      const count = types[type].size;
      if (count <= DEFAULT_MAX_RRSET) continue;
      const name = network.model.sharedName;
      const before = count - added[type].size;
      const first = [...added[type].values()][0];
      if (first) report({ messageId: 'causes', member: first.member, path: first.path, severity: 'error', data: { name, count, type, max: DEFAULT_MAX_RRSET, before } });
      else report({ messageId: 'tooMany', inNetwork: true, path: ['shared_name'], data: { name, count, type, max: DEFAULT_MAX_RRSET } });
    }
  },
});
