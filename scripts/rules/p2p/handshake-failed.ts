import { liveMemberRule } from '../define.js';
import { CITE_P2P, p2pOf, target } from './common.js';

const PHASE: Record<string, string> = {
  ephemeral: 'exchanging ephemeral keys',
  auth: 'exchanging the signed challenge',
  nodeinfo: 'exchanging NodeInfo',
};

export default liveMemberRule({
  meta: {
    id: 'p2p/handshake-failed',
    severity: 'error',
    description: 'The P2P port completes Tendermint\'s SecretConnection handshake and sends its NodeInfo within the 3 s each phase allows.',
    citation: CITE_P2P,
    messages: {
      timeout: '{target} accepted the connection but stopped answering while {phase} ({detail}). Tendermint gives each phase 3 s: check that this port is Tendermint\'s P2P port and that the node is not overloaded.',
      closed: '{target} closed the connection while {phase} ({detail}). If this is Tendermint, its log says why (e.g. a filtered or duplicate IP).',
      garbage: '{target} does not speak Tendermint\'s P2P protocol (while {phase}: {detail}). Another service listens on port {port}: point p2p_address at Tendermint\'s p2p.laddr.',
    },
  },
  needs: 'p2p',
  check({ member, report }) {
    for (const a of p2pOf(member)?.addresses ?? []) {
      const o = a.outcome;
      if (o.kind !== 'timeout' && o.kind !== 'closed' && o.kind !== 'garbage') continue;
      if (o.kind === 'timeout' && o.phase === 'connect') continue; // p2p/connect-failed
      report({ messageId: o.kind, path: a.path, data: { target: target(a), port: a.port, phase: PHASE[o.phase] ?? o.phase, detail: o.message } });
    }
  },
});
