import { parseIp, unwrapMapped } from '../../lib/ip.js';
import { memberRule } from '../define.js';
import { ipEntries } from './fields.js';

export default memberRule({
  meta: {
    id: 'member/ip-wrong-family',
    severity: 'error',
    description: 'node.ipv4 holds IPv4 addresses and node.ipv6 IPv6 ones; an IPv4-mapped IPv6 address (::ffff:a.b.c.d) is an IPv4 address.',
    citation: 'RFC 4291 §2.5.5.2',
    messages: {
      wrongList: 'node.{list}[{index}] "{value}" is an IPv{family} address: move it to node.ipv{family}.',
      mapped: 'node.ipv6[{index}] "{value}" is the IPv4-mapped form of {v4}: list {v4} under node.ipv4 instead.',
    },
  },
  check({ member, report }) {
    for (const e of ipEntries(member.data)) {
      const r = parseIp(e.text);
      if (!r.ok) continue;
      const mapped = unwrapMapped(r.ip);
      if (mapped) report({ messageId: 'mapped', data: { index: e.index, value: e.text, v4: mapped.text }, path: e.path });
      else if (`ipv${r.ip.family}` !== e.list) report({ messageId: 'wrongList', data: { list: e.list, index: e.index, value: e.text, family: r.ip.family }, path: e.path });
    }
  },
});
