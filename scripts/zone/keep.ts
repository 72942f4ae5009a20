// When main does not validate, the zone still moves: every valid member's change is published,
// and a member whose file fails keeps what the committed zone last published for it. A failing
// file never removes a member (nothing is lost), and never stops everyone else's changes.
import type { Member, Network } from '../model/types.js';
import { fqdn, memberName } from './records.js';
import type { ParsedZone } from './render.js';

export interface KeepInput {
  network: Network;
  /** Ids of the member files that fail now. */
  failing: readonly string[];
  /** Members whose files validate now (they are published as they are). */
  valid: readonly Member[];
  committed: ParsedZone;
  /** The model the committed zone was built from (the commit before the push), when known. */
  before?: { valid: readonly Member[] } | undefined;
}

export interface Kept {
  id: string;
  domain: string;
  addresses: string[];
}

/**
 * The failing members as stand-in Members carrying only their last published records: the
 * CNAME at <id>.<member_names> and the shared-name addresses that were theirs. Addresses are
 * attributed through `before` (the member's last valid version); a member that already failed
 * then keeps the shared-name addresses no valid member accounted for (kept by the earlier run).
 */
export function keptMembers(k: KeepInput): { members: Member[]; kept: Kept[] } {
  // Indexed once: with thousands of failing members a scan per member was quadratic.
  const sets = new Map<string, string[]>();
  for (const s of k.committed.sets) if (!sets.has(`${s.type} ${s.name}`)) sets.set(`${s.type} ${s.name}`, s.values);
  const at = (name: string, type: string) => sets.get(`${type} ${name}`) ?? [];
  const before = new Map<string, Member>();
  for (const m of k.before?.valid ?? []) if (m.status === 'active' && !before.has(m.id)) before.set(m.id, m);
  const shared = fqdn(k.network.sharedName);
  const published = new Set([...at(shared, 'A'), ...at(shared, 'AAAA')]);
  const taken = new Set(k.valid.flatMap((m) => (m.status === 'active' ? [...m.node.ipv4, ...m.node.ipv6] : [])));
  const attributed = new Set((k.before?.valid ?? k.valid).flatMap((m) => (m.status === 'active' ? [...m.node.ipv4, ...m.node.ipv6] : [])));
  const orphans = [...published].filter((a) => !attributed.has(a));
  let orphansGiven = false;
  const members: Member[] = [];
  const kept: Kept[] = [];
  for (const id of [...new Set(k.failing)].sort()) {
    const cname = at(memberName(k.network, id.toLowerCase()), 'CNAME')[0];
    if (cname === undefined) continue; // never published: nothing to keep
    const prev = before.get(id);
    let addresses = prev ? [...prev.node.ipv4, ...prev.node.ipv6].filter((a) => published.has(a)) : orphansGiven ? [] : orphans;
    if (!prev) orphansGiven = true;
    addresses = addresses.filter((a) => !taken.has(a));
    for (const a of addresses) taken.add(a);
    const domain = cname.replace(/\.$/, '');
    kept.push({ id, domain, addresses });
    members.push({
      id,
      file: `members/${id}.yaml`,
      organization: { name: id },
      contacts: [],
      github: [],
      status: 'active',
      node: { domain, ipv4: addresses.filter((a) => !a.includes(':')), ipv6: addresses.filter((a) => a.includes(':')), api: `https://${domain}/`, apiPort: 443, certificatePins: [] },
    });
  }
  return { members, kept };
}

/** Ids of member files with errors (files that did not even load included), from the findings. */
export function failingIds(findings: readonly { file: string; severity: string }[]): string[] {
  const ids = new Set<string>();
  for (const f of findings) {
    const m = /^members\/([a-z0-9][a-z0-9-]{0,62})\.yaml$/.exec(f.file);
    if (m && f.severity === 'error') ids.add(m[1]!);
  }
  return [...ids].sort();
}
