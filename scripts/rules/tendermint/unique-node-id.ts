import { membersRule } from '../define.js';
import { reportDuplicates } from '../member/unique.js';
import { tmPath } from './common.js';

export default membersRule({
  meta: {
    id: 'tendermint/unique-node-id',
    severity: 'error',
    description: 'Each node has its own node ID: two members with one ID mean a copied node key, and peers cannot tell the nodes apart.',
    citation: 'Tendermint 0.34 p2p/switch.go (a peer ID is connected once)',
    messages: { duplicate: 'node_id {value} is also the node ID of {other}. Each node needs its own node key (config/node_key.json); copy the ID of this node (tendermint show-node-id).' },
  },
  check({ members, report }) {
    reportDuplicates(members, (m) => {
      const v = m.data.node.tendermint?.node_id;
      return v ? [{ key: v.toLowerCase(), shown: v, path: tmPath('node_id') }] : [];
    }, report);
  },
});
