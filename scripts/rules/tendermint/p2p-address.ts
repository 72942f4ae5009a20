import { parseP2pAddress } from '../../tendermint/address.js';
import { memberRule } from '../define.js';
import { tmPath } from './common.js';

export default memberRule({
  meta: {
    id: 'tendermint/p2p-address',
    severity: 'error',
    description: 'The P2P address is host:port (or a host, port 26656): it goes into the other nodes\' persistent_peers as node_id@host:port.',
    citation: 'Tendermint 0.34 p2p/netaddress.go (ID@host:port); Planetmint docs, appendices/firewall-notes.md (port 26656)',
    messages: {
      invalid: 'p2p_address "{value}" is not a usable P2P address: {reason}. Write host:port, e.g. "{example}:26656", or leave it out for the node domain on port 26656.',
    },
  },
  check({ member, report }) {
    const v = member.data.node.tendermint?.p2p_address;
    if (v === undefined) return;
    const r = parseP2pAddress(v);
    if (!r.ok) report({ messageId: 'invalid', path: tmPath('p2p_address'), data: { value: v, reason: r.reason, example: member.data.node.domain } });
  },
});
