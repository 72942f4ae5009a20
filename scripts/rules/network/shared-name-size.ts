import { DEFAULT_MAX_RRSET } from '../../zone/render.js';
import { membersRule } from '../define.js';
import { ipEntries, judgedIp } from '../member/fields.js';

export default membersRule({
  meta: {
    id: 'network/shared-name-size',
    severity: 'warning',
    description: 'The shared name holds every active member’s addresses in one RRset per type; BIND 9.18.28 and later refuse to load a zone with more than 100 records in one RRset.',
    citation: 'BIND 9 ARM, max-records-per-type (default 100); RFC 2181 §5',
    messages: {
      tooMany: 'The shared name {name} would hold {count} {type} records; BIND refuses RRsets over {max} records by default, so `pmnet zone` will refuse this zone unless --max-rrset is raised and the servers’ max-records-per-type with it.',
    },
  },
  check({ members, network, report }) {
    const counts = { A: new Set<string>(), AAAA: new Set<string>() };
    for (const m of members) {
      if (m.data.status !== 'active') continue;
      for (const e of ipEntries(m.data)) {
        const ip = judgedIp(e);
        if (ip) counts[ip.family === 4 ? 'A' : 'AAAA'].add(ip.text);
      }
    }
    for (const [type, set] of Object.entries(counts)) {
      if (set.size > DEFAULT_MAX_RRSET) {
        report({ messageId: 'tooMany', inNetwork: true, path: ['shared_name'], data: { name: network.model.sharedName, count: set.size, type, max: DEFAULT_MAX_RRSET } });
      }
    }
  },
});
