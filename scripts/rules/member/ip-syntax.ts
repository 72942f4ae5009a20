import { parseIp } from '../../lib/ip.js';
import { memberRule } from '../define.js';
import { ipEntries } from './fields.js';

export default memberRule({
  meta: {
    id: 'member/ip-syntax',
    severity: 'error',
    description: 'Addresses are written in one unambiguous form: four decimal octets for IPv4 (no 127.1, 0x7f.1, 010.0.0.1), RFC 4291 text for IPv6 without zone ids.',
    citation: 'RFC 6943 §3.1.1, RFC 4291 §2.2, RFC 4007 §11',
    messages: {
      invalid: 'node.{list}[{index}] "{value}" is not a valid address: {reason}.',
    },
  },
  check({ member, report }) {
    for (const e of ipEntries(member.data)) {
      const r = parseIp(e.text);
      if (!r.ok) report({ messageId: 'invalid', data: { list: e.list, index: e.index, value: e.text, reason: r.reason }, path: e.path });
    }
  },
});
