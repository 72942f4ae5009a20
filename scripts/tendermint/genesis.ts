// tendermint/genesis.json in the Tendermint 0.34 shape (types/genesis.go): int64 values as JSON
// strings, upper-case hex addresses, amino-JSON key types. consensus_params is left out: 0.34
// fills in its defaults. Deterministic: the same model always gives the same bytes.
import type { Member, Network } from '../model/types.js';
import { settingsOf, validatorSet } from './validators.js';

export class GenesisError extends Error {
  override name = 'GenesisError';
}

export interface GenesisValidator {
  address: string;
  pub_key: { type: 'tendermint/PubKeyEd25519'; value: string };
  power: string;
  name: string;
}

export interface Genesis {
  genesis_time: string;
  chain_id: string;
  initial_height: string;
  validators: GenesisValidator[];
  app_hash: string;
}

export function buildGenesis(network: Network, members: readonly Member[]): Genesis {
  const s = settingsOf(network);
  const missing = [s.chainId === undefined ? 'tendermint.chain_id' : '', s.genesisTime === undefined ? 'tendermint.genesis_time' : ''].filter(Boolean);
  if (missing.length) throw new GenesisError(`network.yaml has no ${missing.join(' and no ')}: set ${missing.length > 1 ? 'them' : 'it'} to generate genesis.json`);
  const validators = validatorSet(network, members);
  if (!validators.length) throw new GenesisError('no active member has node.tendermint.pub_key with power > 0: a genesis needs at least one validator');
  return {
    genesis_time: s.genesisTime!,
    chain_id: s.chainId!,
    initial_height: '1',
    validators: validators.map((v) => ({
      address: v.address,
      pub_key: { type: 'tendermint/PubKeyEd25519', value: v.pubKey },
      power: String(v.power),
      name: v.memberId,
    })),
    app_hash: '',
  };
}

export function renderGenesis(g: Genesis): string {
  return `${JSON.stringify(g, null, 2)}\n`;
}
