// Names the consortium zone gives members. The zone generator and every rule that predicts or
// checks those names use these, so they cannot disagree.
import type { Network } from './types.js';

type Names = Pick<Network, 'memberLabel' | 'domain'>;

/** The subtree holding member names (nodes.<domain>), or undefined when they sit directly under the domain. */
export function memberSubtree(network: Names): string | undefined {
  return network.memberLabel ? `${network.memberLabel}.${network.domain}` : undefined;
}

/** A member's consortium name: <id>.<member_names>.<domain>, or <id>.<domain>; no trailing dot. */
export function memberName(network: Names, id: string): string {
  return `${id}.${memberSubtree(network) ?? network.domain}`;
}
