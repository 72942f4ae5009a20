import { membersRule } from '../define.js';
import { CITE_BFT, reportThirds } from './common.js';

export default membersRule({
  meta: {
    id: 'tendermint/country-power',
    severity: 'warning',
    description: 'No country holds 1/3 or more of the voting power: one jurisdiction could then halt the chain (Planetmint asks for jurisdictional diversity).',
    citation: CITE_BFT,
    messages: {
      tooMuch: 'country {group} holds {power} of {total} voting power ({share}) through {ids}: at least 1/3, so one jurisdiction can halt the network. Lower its power by {reduceBy}, or add {addOthers} power from other countries.',
    },
  },
  check({ members, network, report }) {
    reportThirds(members, network, (v) => v.country, ['organization', 'country'], report);
  },
});
