import { decodeEd25519PubKey } from '../../tendermint/keys.js';
import { memberRule } from '../define.js';
import { CITE_GENESIS, tmPath } from './common.js';

export default memberRule({
  meta: {
    id: 'tendermint/pub-key',
    severity: 'error',
    description: 'The validator key is a 32-byte Ed25519 public key in base64, as tendermint show-validator prints it: genesis.json and elections need exactly that.',
    citation: CITE_GENESIS,
    messages: {
      notAPoint: 'pub_key "{value}" is 32 bytes but not a point on Ed25519, so no validator can sign with it. Copy pub_key.value from config/priv_validator_key.json again.',
      smallOrder: 'pub_key "{value}" is a point of small order on Ed25519 (such as the identity or the all-zero key): no secret key belongs to it, and some verifiers accept forged signatures under it. Copy pub_key.value from config/priv_validator_key.json again.',
    },
  },
  check({ member, report }) {
    const v = member.data.node.tendermint?.pub_key;
    if (v === undefined) return;
    const r = decodeEd25519PubKey(v);
    // The schema already demands base64 of 32 bytes; what remains is the curve.
    if ('key' in r || (r.problem !== 'not-a-point' && r.problem !== 'small-order')) return;
    report({ messageId: r.problem === 'small-order' ? 'smallOrder' : 'notAPoint', path: tmPath('pub_key'), data: { value: v } });
  },
});
