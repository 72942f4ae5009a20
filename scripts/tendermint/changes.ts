// What a change of the registry does to the validator set: per-key power changes between a base
// and a head model, Planetmint's "< 1/3 of total power per change" limit, and the on-chain
// election commands members run once the chain exists (the genesis file no longer applies then).
import type { Member, Network } from '../model/types.js';
import { maxChange, totalPower } from './power.js';
import { afterGenesis, peers, validatorSet, type Validator } from './validators.js';

export interface ValidatorChange {
  memberId: string;
  pubKey: string;
  nodeId?: string;
  from: number;
  to: number;
}

export interface ValidatorPlan {
  baseTotal: number;
  headTotal: number;
  changes: ValidatorChange[];
  /** Sum over members of |power after − power before| (a key rotation at equal power moves none). */
  changed: number;
  /** Largest change allowed in one pull request (3c < base total). */
  allowed: number;
  /** The chain exists (base genesis_time has passed): changes need on-chain elections. */
  onChain: boolean;
  /** Elections Planetmint itself refuses: new power ≥ 1/3 of the total at that point, in plan order. */
  refusedElections: ValidatorChange[];
  /** On-chain, and changed ≥ 1/3 of the base total or an election would be refused. */
  refused: boolean;
  /** persistent_peers entries (node_id@host:port) every node gains or loses. */
  peers: { added: string[]; removed: string[] };
}

function keyed(vs: readonly Validator[]): Map<string, Validator> {
  return new Map(vs.map((v) => [v.pubKey, v]));
}

export function planValidators(base: { network: Network; members: readonly Member[] }, head: { network: Network; members: readonly Member[] }, now: Date): ValidatorPlan {
  const b = keyed(validatorSet(base.network, base.members));
  const h = keyed(validatorSet(head.network, head.members));
  const changes: ValidatorChange[] = [];
  for (const key of new Set([...b.keys(), ...h.keys()])) {
    const was = b.get(key);
    const is = h.get(key);
    const from = was?.power ?? 0;
    const to = is?.power ?? 0;
    if (from === to) continue;
    const v = (is ?? was)!;
    changes.push({ memberId: v.memberId, pubKey: key, ...(v.nodeId ? { nodeId: v.nodeId } : {}), from, to });
  }
  // Planetmint judges each election's new power against the current total: raises and additions
  // first (the total only grows), removals last; then by member id.
  const rank = (c: ValidatorChange) => (c.to === 0 ? 2 : c.to < c.from ? 1 : 0);
  changes.sort((x, y) => rank(x) - rank(y) || (x.memberId < y.memberId ? -1 : x.memberId > y.memberId ? 1 : 0));
  const baseTotal = totalPower([...b.values()]);
  // Each member's power after minus before, from the two sets (not from the per-key changes: a
  // key that moves to another member takes power from one member and gives it to the other).
  const perMember = new Map<string, number>();
  for (const v of b.values()) perMember.set(v.memberId, (perMember.get(v.memberId) ?? 0) - v.power);
  for (const v of h.values()) perMember.set(v.memberId, (perMember.get(v.memberId) ?? 0) + v.power);
  const changed = [...perMember.values()].reduce((n, d) => n + Math.abs(d), 0);
  const onChain = afterGenesis(base.network, now);
  const refusedElections: ValidatorChange[] = [];
  let running = baseTotal;
  for (const c of changes) {
    if (c.to > 0 && 3 * c.to >= running) refusedElections.push(c);
    running += c.to - c.from;
  }
  return {
    baseTotal,
    headTotal: totalPower([...h.values()]),
    changes,
    changed,
    allowed: maxChange(baseTotal),
    onChain,
    refusedElections: onChain ? refusedElections : [],
    peers: peerChanges(base.members, head.members),
    refused: onChain && baseTotal > 0 && (3 * changed >= baseTotal || refusedElections.length > 0),
  };
}

/** The command a current validator runs to propose one change (power 0 removes). */
export function electionCommand(c: ValidatorChange): string {
  return `planetmint election new upsert-validator ${c.pubKey} ${c.to} ${c.nodeId ?? '<node-id>'} --private-key <path to priv_validator_key.json>`;
}

function peerChanges(base: readonly Member[], head: readonly Member[]): { added: string[]; removed: string[] } {
  const b = new Set(peers(base).map((p) => p.address));
  const h = new Set(peers(head).map((p) => p.address));
  return { added: [...h].filter((a) => !b.has(a)), removed: [...b].filter((a) => !h.has(a)) };
}
