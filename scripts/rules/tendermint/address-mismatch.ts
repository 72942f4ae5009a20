import { decodeEd25519PubKey, validatorAddress } from '../../tendermint/keys.js';
import { memberRule } from '../define.js';
import { CITE_GENESIS, tmPath } from './common.js';

export default memberRule({
  meta: {
    id: 'tendermint/address-mismatch',
    severity: 'error',
    description: 'A declared validator address equals the one derived from pub_key (first 20 bytes of SHA-256 of the key): a mismatch means the two were copied from different key files.',
    citation: 'Tendermint 0.34 crypto/ed25519 Address(); types/genesis.go ("address if given must equal the key\'s address")',
    messages: {
      mismatch: 'address {value} is not the address of pub_key ({derived}). Copy address and pub_key from the same config/priv_validator_key.json, or leave address out (pmnet derives it).',
    },
  },
  check({ member, report }) {
    const t = member.data.node.tendermint;
    if (!t?.address || !t.pub_key) return;
    const k = decodeEd25519PubKey(t.pub_key);
    if (!('key' in k)) return; // tendermint/pub-key reports it
    const derived = validatorAddress(k.key);
    if (t.address.toUpperCase() !== derived) report({ messageId: 'mismatch', path: tmPath('address'), data: { value: t.address, derived } });
  },
});
