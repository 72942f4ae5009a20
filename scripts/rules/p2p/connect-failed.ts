import { liveMemberRule } from '../define.js';
import { CITE_P2P, p2pOf, target } from './common.js';

export default liveMemberRule({
  meta: {
    id: 'p2p/connect-failed',
    severity: 'error',
    description: 'Every node accepts TCP connections on its P2P port: other nodes dial it from their persistent_peers.',
    citation: 'Planetmint docs, appendices/firewall-notes.md (26656 public inbound); ' + CITE_P2P,
    messages: {
      refused: 'Nothing accepts connections at {target} (connection refused): start Tendermint with p2p.laddr on port {port}, open the firewall, or correct p2p_address.',
      timeout: 'No TCP connection to {target}: {detail}. A firewall drops port {port}, or the address is not the node\'s.',
      unreachable: 'The checker cannot reach {target}: {detail}.',
    },
  },
  needs: 'p2p',
  check({ member, report }) {
    for (const a of p2pOf(member)?.addresses ?? []) {
      const o = a.outcome;
      const data = { target: target(a), port: a.port };
      if (o.kind === 'refused' || o.kind === 'unreachable') report({ messageId: o.kind, path: a.path, data: { ...data, detail: o.message } });
      else if (o.kind === 'timeout' && o.phase === 'connect') report({ messageId: 'timeout', path: a.path, data: { ...data, detail: o.message } });
    }
  },
});
