// What the live DNS check fetched for one member: plain data, read by the dns/* rules.
import type { DnsAnswer } from './client.js';

export type { DnsAnswer, DnsStatus, QueryType } from './client.js';

/** The three questions asked of one resolver. */
export interface DnsResolverFacts {
  /** host:port or [v6]:port */
  resolver: string;
  /** A of node.domain (CNAME chain followed). */
  a: DnsAnswer;
  /** AAAA of node.domain. */
  aaaa: DnsAnswer;
  /** TXT at <proofLabel>.<node.domain>. */
  proof: DnsAnswer;
}

/**
 * node.domain seen as the target of the member's consortium CNAME.
 * yes: some resolver says it does not exist (NXDOMAIN) and none returned an address (a name
 * that exists without A/AAAA is claimed by whoever owns it: an address mismatch, not a
 * takeover). no: the name exists. unknown: only failures (timeouts, SERVFAIL, loops...),
 * which must never count as dangling.
 */
export interface DnsTargetFacts {
  name: string;
  dangling: 'yes' | 'no' | 'unknown';
  /** Per resolver, why it counts as dangling (e.g. "NXDOMAIN", "no A and no AAAA"). */
  reasons: { resolver: string; reason: string }[];
}

/**
 * A resolver that failed the canary question (the consortium's own domain, SOA) and judged no
 * member: `not-recursive` answered without RA, `down` could not answer at all.
 */
export interface UnusableResolver {
  resolver: string;
  kind: 'not-recursive' | 'down';
  /** The canary name asked. */
  name: string;
  status: string;
  detail: string;
}

export interface DnsFacts {
  memberId: string;
  domain: string;
  /** <proofLabel>.<domain> */
  proofName: string;
  /** The TXT value that proves control: pmnet-member=<id> */
  expectedProof: string;
  /** Answers of the usable resolvers only. */
  resolvers: DnsResolverFacts[];
  target: DnsTargetFacts;
  /** Resolvers left out after the canary (the same list for every member). */
  unusable: UnusableResolver[];
  /** Every resolver asked, in configured order (labels). */
  configured: string[];
}
