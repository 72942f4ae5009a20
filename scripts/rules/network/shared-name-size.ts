import { sharedLimit } from '../../zone/shared.js';
import { membersRule } from '../define.js';
import { forEachJudgedIp } from '../member/fields.js';

export default membersRule({
  meta: {
    id: 'network/shared-name-size',
    severity: 'notice',
    description: 'The shared name publishes at most zone.shared_max_addresses addresses per type (default: what fits one 1,232-byte UDP answer); with more active members they take turns with each zone serial, and every member keeps its own CNAME.',
    citation: 'RFC 1035 §4.2.1 (UDP messages), DNS Flag Day 2020 (1,232-byte EDNS buffer); BIND 9 ARM, max-records-per-type (default 100); RFC 2181 §5',
    messages: {
      rotating:
        'The shared name {name} publishes {limit} of the {count} {type} addresses of active members (zone.shared_max_addresses: {setting}), so its answer fits one UDP message; members take turns as the zone serial changes, and each keeps its own name under {subtree}.',
    },
  },
  check({ members, network, report }) {
    const n = network.model;
    const counts = { A: new Set<string>(), AAAA: new Set<string>() };
    for (const m of members) {
      if (m.data.status !== 'active') continue;
      forEachJudgedIp(m.data, (ip) => counts[ip.family === 4 ? 'A' : 'AAAA'].add(ip.text));
    }
    for (const type of ['A', 'AAAA'] as const) {
      const limit = sharedLimit(n, type);
      const count = counts[type].size;
      if (count <= limit) continue;
      report({
        messageId: 'rotating',
        inNetwork: true,
        path: ['shared_name'],
        data: { name: n.sharedName, limit, count, type, setting: n.zone.sharedMaxAddresses ?? 'fit', subtree: n.memberLabel ? `${n.memberLabel}.${n.domain}` : n.domain },
      });
    }
  },
});
