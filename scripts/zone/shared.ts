// The shared name is bounded by design: at most `zone.shared_max_addresses` addresses per
// type (default: as many as fit one 1,232-byte UDP answer), chosen deterministically and
// fairly from the active members, rotating with the zone serial. Every member keeps its own
// CNAME whatever the choice.
import { EDNS_UDP_SIZE } from '../lib/edns.js';
import { isAtOrBelow } from '../lib/domain.js';
import type { Member, Network } from '../model/types.js';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Wire length of a name (RFC 1035 §3.1): each label with its length octet, plus the root. */
export function wireLength(name: string): number {
  const bare = name.replace(/\.$/, '');
  return bare === '' ? 1 : bare.split('.').reduce((n, l) => n + l.length + 1, 0) + 1;
}

const HEADER = 12;
const RR_FIXED = 10; // TYPE, CLASS, TTL, RDLENGTH
const POINTER = 2; // a compressed owner name
/** OPT in the reply (11) with a DNS COOKIE option at its largest (4 + 8 + 32, RFC 7873 §4). */
const OPT_WITH_COOKIE = 11 + 4 + 40;
const RDATA = { A: 4, AAAA: 16 } as const;

/**
 * How many A (or AAAA) records at the shared name fit one UDP answer of EDNS_UDP_SIZE bytes
 * without truncation, counted for the largest reply an authoritative server gives a recursor
 * (RD=0): the question, the answer, the zone's NS RRset in the authority section (BIND's
 * default minimal-responses no-auth-recursive) with the in-zone glue in the additional
 * section, and an OPT record with a cookie. Names in RDATA are counted uncompressed.
 */
export function udpFit(network: Network, type: 'A' | 'AAAA'): number {
  let used = HEADER + wireLength(network.sharedName) + 4 + OPT_WITH_COOKIE;
  for (const ns of network.zone.nameservers) {
    used += POINTER + RR_FIXED + wireLength(ns.name);
    if (isAtOrBelow(ns.name, network.domain)) used += ns.ipv4.length * (POINTER + RR_FIXED + 4) + ns.ipv6.length * (POINTER + RR_FIXED + 16);
  }
  return Math.max(1, Math.floor((EDNS_UDP_SIZE - used) / (POINTER + RR_FIXED + RDATA[type])));
}

/** The most addresses the shared name publishes per type under this network.yaml. */
export function sharedLimit(network: Network, type: 'A' | 'AAAA'): number {
  const set = network.zone.sharedMaxAddresses;
  return typeof set === 'number' ? set : udpFit(network, type);
}

export interface SharedChoice {
  /** Canonical addresses, in the members' order (the caller sorts). */
  addresses: string[];
  /** Active members with an address of this type. */
  candidates: number;
  /** Members whose address is published. */
  chosen: string[];
}

/**
 * Which addresses the shared name publishes for one family. When every address fits, all of
 * them. Otherwise one address per member (a member with many addresses gets no larger share),
 * from a window of `limit` members over the members sorted by id, starting at
 * `rotation mod N`: consecutive serials slide the window by one member, so over N serials
 * every member is published exactly `limit` times, and one serial step changes at most one
 * member in and one out (small diffs, caches stay warm).
 */
export function chooseShared(members: readonly Member[], family: 4 | 6, limit: number, rotation: number): SharedChoice {
  const withAddr = members
    .filter((m) => m.status === 'active' && (family === 4 ? m.node.ipv4 : m.node.ipv6).length > 0)
    .sort((a, b) => byText(a.id, b.id));
  const list = (m: Member) => (family === 4 ? m.node.ipv4 : m.node.ipv6);
  const all = new Set(withAddr.flatMap(list));
  if (all.size <= limit) return { addresses: [...all], candidates: withAddr.length, chosen: withAddr.map((m) => m.id) };
  const n = withAddr.length;
  const start = ((rotation % n) + n) % n;
  const addresses = new Set<string>();
  const chosen: string[] = [];
  for (let i = 0; i < n && addresses.size < limit; i++) {
    const m = withAddr[(start + i) % n]!;
    const own = [...list(m)].sort(byText);
    // The member's first address not already published (two members may share one).
    const a = own.find((x) => !addresses.has(x));
    if (a === undefined) continue;
    addresses.add(a);
    chosen.push(m.id);
  }
  return { addresses: [...addresses], candidates: n, chosen };
}
