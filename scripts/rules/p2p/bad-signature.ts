import { liveMemberRule } from '../define.js';
import { CITE_P2P, p2pOf, target } from './common.js';

export default liveMemberRule({
  meta: {
    id: 'p2p/bad-signature',
    severity: 'error',
    description: 'The node proves its node key: the Ed25519 signature over the handshake challenge verifies. Without it, anyone can claim the node\'s identity.',
    citation: CITE_P2P + ' (shareAuthSignature, "challenge verification failed")',
    messages: {
      badSignature: '{target} failed the identity proof: {detail}. Tendermint peers refuse this node. Something other than the node (a proxy or an impostor) answers on this address, or its key files are broken.',
    },
  },
  needs: 'p2p',
  check({ member, report }) {
    for (const a of p2pOf(member)?.addresses ?? []) {
      if (a.outcome.kind === 'bad-signature') report({ messageId: 'badSignature', path: a.path, data: { target: target(a), detail: a.outcome.message } });
    }
  },
});
