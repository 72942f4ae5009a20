import { totalPower } from '../../tendermint/power.js';
import { membersRule } from '../define.js';
import { CITE_BFT, voters } from './common.js';

export default membersRule({
  meta: {
    id: 'tendermint/few-validators',
    severity: 'warning',
    description: 'At least 4 validators (3f + 1 with f = 1): with fewer, one failed validator halts the network.',
    citation: CITE_BFT,
    messages: {
      few: '{count} validator(s) with {total} voting power: with fewer than 4, a single failed or faulty validator halts the network. Add {missing} more validator(s) (node.tendermint.pub_key) from other organizations; the 1/3-per-organization and per-country rules apply from 4 validators on.',
    },
  },
  check({ members, network, report }) {
    const vs = voters(members, network);
    // A registry that does not use Tendermint yet is not warned.
    if (vs.length === 0 || vs.length >= 4) return;
    report({ messageId: 'few', inNetwork: true, path: network.data.tendermint ? ['tendermint'] : [], key: !!network.data.tendermint, data: { count: vs.length, total: totalPower(vs), missing: 4 - vs.length } });
  },
});
