// Judges a change of the registry against its base (pr-check, pmnet tendermint plan), not one
// tree: it is registered for its metadata and run by scripts/tendermint/changes.ts's callers.
import type { RuleMeta } from '../types.js';

export const powerChangeMeta: RuleMeta = {
  id: 'tendermint/power-change',
  severity: 'error',
  description: 'Once the chain runs, one pull request changes voting power by less than 1/3 of the total: Planetmint refuses larger elections, and a larger swing can hand control to a new coalition.',
  citation: 'Planetmint planetmint/application/validator.py (InvalidPowerChange: "power change must be less than 1/3 of total power")',
  messages: {
    tooLarge: 'this change moves {changed} of {total} voting power (at least 1/3): Planetmint refuses it. Split it into pull requests that each change at most {allowed}.',
    electionRefused: 'the election giving {member} power {power} would be refused: Planetmint requires a new power below 1/3 of the current total ({total}). Give it at most {allowed}, or add other validators first.',
  },
};
