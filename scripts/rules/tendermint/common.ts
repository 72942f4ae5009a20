// Shared by the tendermint/* rules (not a rule): schema-shaped Tendermint data of a member and
// the voters the BFT rules weigh.
import { isKeyShaped } from '../../tendermint/keys.js';
import { groups, holdsThird, percent, restoreMargin, totalPower, type Voter } from '../../tendermint/power.js';
import { listOf } from '../message.js';
import type { MemberSource, NetworkSource, Report } from '../types.js';

export const TM = ['node', 'tendermint'] as const;
export const tmPath = (key: string): string[] => [...TM, key];

export const CITE_GENESIS = 'Tendermint 0.34 types/genesis.go; Planetmint docs, network-setup/network-setup.md (the Coordinator)';
export const CITE_BFT = 'Tendermint BFT: safe while faulty voting power < 1/3 (n > 3f); Planetmint docs (jurisdictional diversity)';

export function defaultPower(network: NetworkSource): number {
  return network.data.tendermint?.default_power ?? 10;
}

export interface MemberVoter extends Voter {
  member: MemberSource;
}

/**
 * Active members that declare a validator key of the right shape, with power > 0. The curve check is
 * tendermint/pub-key's (a finding of its own): these rules run over every member on every run, cached or not.
 */
export function voters(members: readonly MemberSource[], network: NetworkSource): MemberVoter[] {
  const out: MemberVoter[] = [];
  for (const m of members) {
    const t = m.data.node.tendermint;
    if (m.data.status !== 'active' || !t?.pub_key || !isKeyShaped(t.pub_key)) continue;
    const power = t.power ?? defaultPower(network);
    if (power <= 0) continue;
    const country = m.data.organization.country?.toUpperCase();
    out.push({ member: m, id: m.data.id, organization: m.data.organization.name.trim(), ...(country ? { country } : {}), power });
  }
  return out;
}

/**
 * From 4 validators on, reports every voter of a group (by `key`) holding ≥ 1/3 of the power,
 * with how much power restores the margin. Below 4 some group always holds a third:
 * tendermint/few-validators warns instead, so a network can bootstrap one join at a time.
 */
export function reportThirds(
  members: readonly MemberSource[],
  network: NetworkSource,
  key: (v: MemberVoter) => string | undefined,
  path: string[],
  report: (r: Report) => void,
): void {
  const vs = voters(members, network);
  if (vs.length < 4) return;
  const total = totalPower(vs);
  const heavy = new Map<string, Record<string, unknown>>();
  for (const g of groups(vs, (v) => key(v as MemberVoter))) {
    if (holdsThird(g.power, total)) heavy.set(g.name, { power: g.power, total, share: percent(g.power, total), ids: listOf(g.ids), ...restoreMargin(g.power, total) });
  }
  for (const v of vs) {
    const k = key(v);
    const data = k === undefined ? undefined : heavy.get(k);
    if (data) report({ messageId: 'tooMuch', member: v.member, path, data: { ...data, group: path[1] === 'name' ? v.organization : k } });
  }
}
