// The validator set and the peer list the registry defines, from the validated model.
// Validators: active members with a validator key and power > 0, sorted by member id.
import type { Member, Network, TendermintSettings } from '../model/types.js';
import { formatHostPort } from './address.js';
import { decodeEd25519PubKey, validatorAddress } from './keys.js';
import { DEFAULT_MAX_PEERS, peerGraph } from './peer-graph.js';

export const TENDERMINT_DEFAULTS: TendermintSettings = { version: '0.34.24', defaultPower: 10, maxPeers: DEFAULT_MAX_PEERS };

export const settingsOf = (n: Network): TendermintSettings => n.tendermint ?? TENDERMINT_DEFAULTS;

export interface Validator {
  memberId: string;
  organization: string;
  country?: string;
  /** base64 of the 32-byte Ed25519 key. */
  pubKey: string;
  /** Upper-case hex. */
  address: string;
  power: number;
  nodeId?: string;
}

export function powerOf(network: Network, m: Member): number {
  return m.node.tendermint?.power ?? settingsOf(network).defaultPower;
}

const byId = (a: { memberId: string }, b: { memberId: string }) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0);

export function validatorSet(network: Network, members: readonly Member[]): Validator[] {
  const out: Validator[] = [];
  for (const m of members) {
    const t = m.node.tendermint;
    if (m.status !== 'active' || !t?.pubKey) continue;
    const key = decodeEd25519PubKey(t.pubKey);
    const power = powerOf(network, m);
    if (!('key' in key) || power <= 0) continue;
    out.push({
      memberId: m.id,
      organization: m.organization.name,
      ...(m.organization.country ? { country: m.organization.country } : {}),
      pubKey: t.pubKey,
      address: validatorAddress(key.key),
      power,
      ...(t.nodeId ? { nodeId: t.nodeId } : {}),
    });
  }
  return out.sort(byId);
}

export interface Peer {
  memberId: string;
  nodeId: string;
  /** node_id@host:port */
  address: string;
}

/** Every active member with a node ID, sorted by member id. */
export function peers(members: readonly Member[]): Peer[] {
  const out: Peer[] = [];
  for (const m of members) {
    const t = m.node.tendermint;
    if (m.status !== 'active' || !t?.nodeId) continue;
    out.push({ memberId: m.id, nodeId: t.nodeId, address: `${t.nodeId}@${formatHostPort(t.p2p.host, t.p2p.port)}` });
  }
  return out.sort(byId);
}

export interface PeerLines {
  /** Active nodes with a node ID. */
  total: number;
  /** Most peers a line lists (tendermint.max_peers). */
  maxPeers: number;
  /** Member id -> config.toml line; only nodes with a node ID. */
  lines: Map<string, string>;
}

/** config.toml persistent_peers line of every node: every other active node, or a bounded graph beyond max_peers. */
export function persistentPeerLines(network: Network, members: readonly Member[]): PeerLines {
  const list = peers(members);
  const byId = new Map(list.map((p) => [p.memberId, p]));
  const maxPeers = settingsOf(network).maxPeers ?? DEFAULT_MAX_PEERS;
  const lines = new Map<string, string>();
  for (const [id, others] of peerGraph(list, maxPeers)) lines.set(id, `persistent_peers = "${others.map((o) => byId.get(o)!.address).join(',')}"`);
  return { total: list.length, maxPeers, lines };
}

/** Whether the chain exists: genesis_time is set and has passed. */
export function afterGenesis(network: Network, now: Date): boolean {
  const t = settingsOf(network).genesisTime;
  return t !== undefined && Date.parse(t) <= now.getTime();
}
