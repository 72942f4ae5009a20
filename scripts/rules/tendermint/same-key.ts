import { decodeEd25519PubKey, nodeIdOf } from '../../tendermint/keys.js';
import { memberRule } from '../define.js';
import { tmPath } from './common.js';

export default memberRule({
  meta: {
    id: 'tendermint/same-key',
    severity: 'warning',
    description: 'The node key (P2P identity) and the validator key (consensus signatures) are different keys: one leaked file should not give away both.',
    citation: 'Tendermint 0.34: config/node_key.json and config/priv_validator_key.json are separate keys; node ID = SHA-256(node key)[:20]',
    messages: {
      same: 'node_id {value} is derived from pub_key: this node uses its validator key as its node key. Generate a separate node key (tendermint gen-node-key), restart, and update node_id.',
    },
  },
  check({ member, report }) {
    const t = member.data.node.tendermint;
    if (!t?.node_id || !t.pub_key) return;
    const k = decodeEd25519PubKey(t.pub_key);
    if ('key' in k && nodeIdOf(k.key) === t.node_id.toLowerCase()) report({ messageId: 'same', path: tmPath('node_id'), data: { value: t.node_id } });
  },
});
