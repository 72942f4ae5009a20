import { settingsOf } from '../../tendermint/validators.js';
import { liveMemberRule } from '../define.js';
import { authenticated, CITE_P2P, p2pOf, target } from './common.js';

export default liveMemberRule({
  meta: {
    id: 'p2p/wrong-chain',
    severity: 'error',
    description: 'The node runs the consortium\'s chain: its NodeInfo network equals tendermint.chain_id (peers refuse other networks).',
    citation: CITE_P2P + ' (DefaultNodeInfo.CompatibleWith: same network)',
    messages: {
      other: 'The node at {target} runs chain "{actual}", not "{expected}" (tendermint.chain_id). Start it with the consortium\'s genesis.json (pmnet tendermint genesis).',
    },
  },
  needs: 'p2p',
  check({ member, network, report }) {
    const expected = settingsOf(network.model).chainId;
    if (expected === undefined) return;
    for (const a of authenticated(p2pOf(member))) {
      if (a.nodeInfo && a.nodeInfo.network !== expected) report({ messageId: 'other', path: a.path, data: { target: target(a), actual: a.nodeInfo.network, expected } });
    }
  },
});
