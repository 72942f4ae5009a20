import { membersRule } from '../define.js';
import { ipEntries, judgedIp } from './fields.js';
import { reportDuplicates } from './unique.js';

export default membersRule({
  meta: {
    id: 'member/unique-ip',
    severity: 'error',
    description: 'An address belongs to one node: two members (or one list twice) naming the same address means one node stands in for two.',
    citation: 'Planetmint docs, "Networks" (one node per operator)',
    messages: { duplicate: 'address {value} is already listed by {other}. Each node has its own addresses.' },
  },
  check({ members, report }) {
    reportDuplicates(
      members,
      (m) =>
        ipEntries(m.data).flatMap((e) => {
          const ip = judgedIp(e);
          return ip ? [{ key: ip.text, shown: ip.text, path: e.path }] : [];
        }),
      report,
    );
  },
});
