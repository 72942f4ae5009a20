// What a member change does to the member's seat: a new domain, a reactivation, a new identity.
// Such changes take over a seat as a join does, so they are held to the join's bar.
import { canonicalName } from '../lib/domain.js';
import type { MemberData } from '../rules/types.js';
import type { MemberChange } from './classify.js';

export interface Seat {
  /** Why the TXT proof (and the live checks) are required as for a join; empty: they are not. */
  proof: string[];
  /** Why the join threshold applies; empty: the change's own threshold. */
  joinBar: string[];
  /** Why the change is refused outright. */
  refused: string[];
}

const domainOf = (d: MemberData) => canonicalName(d.node.domain) ?? d.node.domain.toLowerCase();
const orgName = (d: MemberData) => d.organization.name.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

/** `prev`: the member file on the default branch (none for a join); `next`: the pull request's. */
export function seatChange(change: MemberChange, prev: MemberData | undefined, next: MemberData | undefined): Seat {
  const seat: Seat = { proof: [], joinBar: [], refused: [] };
  if (!next || change.kind === 'leave') return seat;
  if (change.kind === 'join') {
    seat.proof.push('a join');
    if (next.status !== 'active') seat.refused.push(`a join is checked live and a suspended member is not: join with status: active (a member is suspended later by an update)`);
    return seat;
  }
  if (change.kind === 'rename') seat.joinBar.push(`the member is renamed from ${change.previousId} to ${change.id}`);
  if (!prev) return seat;
  if (domainOf(prev) !== domainOf(next)) seat.proof.push(`node.domain changes from ${domainOf(prev)} to ${domainOf(next)}`);
  if (prev.status === 'suspended' && next.status === 'active') seat.proof.push('the member returns from suspended to active');
  // A new legal suffix or a longer form keeps the organization; a name sharing neither replaces it.
  const [a, b] = [orgName(prev), orgName(next)];
  if (!a.includes(b) && !b.includes(a)) seat.joinBar.push(`the organization is replaced (organization.name changes from "${prev.organization.name}" to "${next.organization.name}")`);
  const before = new Set(prev.github.map((g) => g.toLowerCase()));
  if (!next.github.some((g) => before.has(g.toLowerCase()))) seat.joinBar.push('every GitHub login is replaced');
  return seat;
}
