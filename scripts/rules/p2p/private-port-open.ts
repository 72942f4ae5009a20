import { formatHostPort } from '../../tendermint/address.js';
import { liveMemberRule } from '../define.js';
import { p2pOf } from './common.js';

export default liveMemberRule({
  meta: {
    id: 'p2p/private-port-open',
    severity: 'warning',
    description: 'Tendermint RPC (26657), ABCI (26658) and the database ports (Tarantool 3301/3303, MongoDB 27017) do not answer from the outside: they control the node without authentication.',
    citation: 'Planetmint docs, appendices/firewall-notes.md (only 26656, 443/9984 and 9985 are public)',
    messages: {
      open: '{service} answers on {target} from the outside. Bind it to 127.0.0.1 or close the port in the firewall.',
      accepts: 'Port {target} ({service}) accepts TCP connections from the outside, though the service did not identify itself. Close the port in the firewall, or bind the service to 127.0.0.1.',
    },
  },
  needs: 'p2p',
  check({ member, report }) {
    for (const e of p2pOf(member)?.exposed ?? []) {
      report({ messageId: e.identified ? 'open' : 'accepts', path: ['node', 'tendermint'], key: true, data: { service: e.service, target: formatHostPort(e.host, e.port) } });
    }
  },
});
