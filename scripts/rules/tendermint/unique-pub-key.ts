import { membersRule } from '../define.js';
import { reportDuplicates } from '../member/unique.js';
import { CITE_GENESIS, tmPath } from './common.js';

export default membersRule({
  meta: {
    id: 'tendermint/unique-pub-key',
    severity: 'error',
    description: 'Each validator has its own key: one key on two nodes double-signs (and is slashed), and genesis.json refuses duplicate validators.',
    citation: CITE_GENESIS,
    messages: { duplicate: 'pub_key {value} is also the validator key of {other}. Each node needs its own config/priv_validator_key.json; copy this node\'s key (tendermint show-validator).' },
  },
  check({ members, report }) {
    reportDuplicates(members, (m) => {
      const v = m.data.node.tendermint?.pub_key;
      return v ? [{ key: keyOf(v), shown: v, path: tmPath('pub_key') }] : [];
    }, report);
  },
});

/**
 * The key's bytes, in canonical base64. The last of the 43 characters carries 2 unused bits, so
 * four spellings decode to one key (Tendermint's decoder ignores those bits): compare the bytes.
 * Anything not in the schema's shape is compared as written (the schema reports it).
 */
function keyOf(v: string): string {
  return /^[A-Za-z0-9+/]{43}=$/.test(v) ? Buffer.from(v, 'base64').toString('base64') : v;
}
