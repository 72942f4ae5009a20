import { liveMemberRule } from '../define.js';
import { authenticated, CITE_P2P, p2pOf, target } from './common.js';

export default liveMemberRule({
  meta: {
    id: 'p2p/node-id-mismatch',
    severity: 'error',
    description: 'The node ID the handshake proves equals the declared node_id: peers dial node_id@host and refuse any other key ("dialed ID mismatch").',
    citation: CITE_P2P + ' (transport: conn ID must equal the dialed ID and NodeInfo.ID)',
    messages: {
      declared: 'The node at {target} proved node ID {actual}, but node_id is {value}. Every peer refuses it. If the node key was regenerated, update node_id to {actual} (tendermint show-node-id); otherwise another node answers on this address.',
      nodeInfo: 'The node at {target} proved node ID {actual} but its NodeInfo claims {claimed}: every peer refuses such a node (conn.ID != NodeInfo.ID). Restart Tendermint with its own config/node_key.json.',
    },
  },
  needs: 'p2p',
  check({ member, report }) {
    const declared = member.model.node.tendermint?.nodeId;
    for (const a of authenticated(p2pOf(member))) {
      if (declared && a.remoteId !== declared) report({ messageId: 'declared', path: ['node', 'tendermint', 'node_id'], data: { target: target(a), actual: a.remoteId, value: declared } });
      else if (a.nodeInfo && a.nodeInfo.id !== a.remoteId) report({ messageId: 'nodeInfo', path: a.path, data: { target: target(a), actual: a.remoteId, claimed: a.nodeInfo.id } });
    }
  },
});
