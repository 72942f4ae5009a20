import { settingsOf } from '../../tendermint/validators.js';
import { liveMemberRule } from '../define.js';
import { authenticated, CITE_P2P, p2pOf, target } from './common.js';

export default liveMemberRule({
  meta: {
    id: 'p2p/version-mismatch',
    severity: 'warning',
    description: 'The node runs the Tendermint version the network declares (tendermint.version): Planetmint 2.5 supports 0.34.24 and does not refuse others itself.',
    citation: 'Planetmint planetmint/version.py (__tm_supported_versions__); ' + CITE_P2P,
    messages: {
      other: 'The node at {target} reports Tendermint {actual}; the network runs {expected} (tendermint.version). Upgrade or downgrade the node, or update tendermint.version if the network moved.',
    },
  },
  needs: 'p2p',
  check({ member, network, report }) {
    const expected = settingsOf(network.model).version;
    for (const a of authenticated(p2pOf(member))) {
      if (a.nodeInfo && a.nodeInfo.version !== expected) report({ messageId: 'other', path: a.path, data: { target: target(a), actual: a.nodeInfo.version, expected } });
    }
  },
});
