// Shared reading of DnsFacts for the dns/* rules (not a rule).
import type { DnsAnswer, DnsFacts } from '../../live/dns/facts.js';
import { canonicalIPv6, INCONCLUSIVE } from '../../live/dns/client.js';
import type { LiveMember } from '../types.js';

/** The member's DNS facts; undefined when no resolver was usable (dns/resolver-unusable says so once). */
export function dnsFacts(member: LiveMember): DnsFacts | undefined {
  const f = member.facts.dns;
  return f && f.resolvers.length ? f : undefined;
}

/** A status that says something definite about the name (not a failure to ask). */
export function definitive(x: DnsAnswer): boolean {
  return x.status === 'NOERROR' || x.status === 'NODATA' || x.status === 'NXDOMAIN';
}

export function isInconclusive(x: DnsAnswer): boolean {
  return INCONCLUSIVE.has(x.status);
}

/** How an answer reads in a message: the values, "no records", or the status. */
export function describe(x: DnsAnswer): string {
  const via = x.chain.length ? ` via CNAME ${x.chain.join(' -> ')}` : '';
  if (x.status === 'NOERROR') return `${x.values.join(', ')}${via}`;
  if (x.status === 'NODATA') return `no ${x.type} records${via}`;
  if (x.status === 'RCODE') return `${x.rcode ?? 'an error code'}${via}`;
  return `${x.status}${via}`;
}

export function list(items: readonly string[]): string {
  return items.length ? items.join(', ') : 'none';
}

export function canonicalAddress(type: 'A' | 'AAAA', addr: string): string {
  return type === 'AAAA' ? canonicalIPv6(addr) : addr.trim();
}

/** The DNS record that proves control, as a zone file line. */
export function proofRecord(facts: DnsFacts): string {
  return `${facts.proofName}. TXT "${facts.expectedProof}"`;
}

/** Member id named by a proof TXT value, or undefined if the value is not a proof. */
export function proofId(value: string): string | undefined {
  const m = /^pmnet-member=(.*)$/i.exec(value.trim());
  return m ? m[1]!.trim().toLowerCase() : undefined;
}

/** Groups items by a key, keeping first-seen order. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string): T[][] {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const g = m.get(k);
    if (g) g.push(it);
    else m.set(k, [it]);
  }
  return [...m.values()];
}

/**
 * The A and AAAA answers of every resolver that `pick` selects, one group per resolver and
 * outcome (`key`), with the record types the group covers ("A and AAAA").
 */
export function addressFailures(facts: DnsFacts, pick: (x: DnsAnswer) => boolean, key: (x: DnsAnswer) => string): { x: DnsAnswer; types: string }[] {
  const failed: DnsAnswer[] = [];
  for (const r of facts.resolvers) for (const x of [r.a, r.aaaa]) if (pick(x)) failed.push(x);
  return groupBy(failed, (x) => `${x.resolver}|${key(x)}`).map((g) => ({ x: g[0]!, types: g.map((y) => y.type).join(' and ') }));
}
