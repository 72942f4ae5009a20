import { membersRule } from '../define.js';
import { forEachJudgedIp } from './fields.js';
import { reportDuplicates, type Keyed } from './unique.js';

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
      (m) => {
        const out: Keyed[] = [];
        forEachJudgedIp(m.data, (ip, list, index) => out.push({ key: ip.text, shown: ip.text, path: ['node', list, index] }));
        return out;
      },
      report,
    );
  },
});
