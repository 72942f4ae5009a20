import { membersRule } from '../define.js';
import { CITE_BFT, reportThirds } from './common.js';

export default membersRule({
  meta: {
    id: 'tendermint/organization-power',
    severity: 'error',
    description: 'No organization holds 1/3 or more of the voting power: with it, one organization alone can halt the chain (and with 2/3 rewrite it).',
    citation: CITE_BFT,
    messages: {
      tooMuch: 'organization "{group}" holds {power} of {total} voting power ({share}) through {ids}: at least 1/3, so it alone can halt the network. Lower its power by {reduceBy}, or add {addOthers} power of other organizations.',
    },
  },
  check({ members, network, report }) {
    reportThirds(members, network, (v) => v.organization.toLowerCase(), ['organization', 'name'], report);
  },
});
