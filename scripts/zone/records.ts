// Validated model -> the RRsets of the consortium zone.
// Reads only Network and Member; suspended members are left out.
import { memberName as consortiumName } from '../model/names.js';
import type { Member, Network } from '../model/types.js';
import { ipBytes, ZoneValueError } from './canonical.js';
import { chooseShared, sharedLimit } from './shared.js';

export type RRType = 'SOA' | 'NS' | 'A' | 'AAAA' | 'CNAME';

export interface RRset {
  /** FQDN, lower-case, with trailing dot. */
  name: string;
  type: RRType;
  ttl: number;
  /** Canonical presentation values, sorted, no duplicates. */
  values: string[];
}

/** A broken invariant: only a bug can cause it, since the validator rejects colliding names. */
export class ZoneInternalError extends Error {
  constructor(message: string) {
    super(`internal error: ${message}`);
    this.name = 'ZoneInternalError';
  }
}

export function fqdn(name: string): string {
  const n = name.toLowerCase();
  return n.endsWith('.') ? n : `${n}.`;
}

/** Owner name of a member's CNAME: <id>.<memberLabel>.<domain>. or <id>.<domain>. */
export function memberName(network: Network, id: string): string {
  return fqdn(consortiumName(network, id));
}

export function activeMembers(members: readonly Member[]): Member[] {
  return members.filter((m) => m.status === 'active');
}

/** SOA RDATA as text; the serial is the third field. */
export function soaValue(network: Network, serial: number): string {
  const s = network.zone.soa;
  return `${fqdn(s.mname)} ${fqdn(s.rname)} ${serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minimum}`;
}

/** True when `name` is `zone` or below it (both FQDN with trailing dot). */
export function inZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Builds every RRset of the zone. `serial` only fills the SOA; callers that diff two models
 * pass the same serial (default 0) to both sides. `rotation` picks which members the shared
 * name publishes once there are more than it may hold (zone/shared.ts): the zone serial.
 */
export function buildRecords(network: Network, members: readonly Member[], serial = 0, rotation = serial, outOfRotation: ReadonlySet<string> = NONE): RRset[] {
  const apex = fqdn(network.domain);
  const z = network.zone;
  const sets = new Map<string, RRset>();
  const add = (name: string, type: RRType, ttl: number, values: Iterable<string>) => {
    const key = `${name} ${type}`;
    let set = sets.get(key);
    if (!set) {
      set = { name, type, ttl, values: [] };
      sets.set(key, set);
    } else if (set.ttl !== ttl) {
      throw new ZoneInternalError(`two TTLs (${set.ttl}, ${ttl}) for the ${type} RRset at ${name}`);
    }
    for (const v of values) set.values.push(v);
  };

  add(apex, 'SOA', z.ttl, [soaValue(network, serial)]);
  add(apex, 'NS', z.ttl, z.nameservers.map((ns) => fqdn(ns.name)));
  for (const ns of z.nameservers) {
    const name = fqdn(ns.name);
    // Glue only below the apex: addresses of an out-of-zone server are not ours to publish.
    if (name === apex || !inZone(name, apex)) continue;
    // Without glue the delegation is unreachable, and BIND refuses the zone.
    if (!ns.ipv4.length && !ns.ipv6.length) throw new ZoneValueError(`name server ${name} is inside the zone but has no addresses: add ipv4/ipv6 glue for it in network.yaml`);
    if (ns.ipv4.length) add(name, 'A', z.ttl, ns.ipv4);
    if (ns.ipv6.length) add(name, 'AAAA', z.ttl, ns.ipv6);
  }

  const active = activeMembers(members);
  for (const m of active) add(memberName(network, m.id), 'CNAME', z.memberTtl, [fqdn(m.node.domain)]);

  const shared = fqdn(network.sharedName);
  // Bounded (zone/shared.ts); addresses are re-parsed (and canonicalised) once, in sortValues.
  const rotating = outOfRotation.size ? active.filter((m) => !outOfRotation.has(m.id)) : active;
  const v4 = chooseShared(rotating, 4, sharedLimit(network, 'A'), rotation).addresses;
  const v6 = chooseShared(rotating, 6, sharedLimit(network, 'AAAA'), rotation).addresses;
  if (v4.length) add(shared, 'A', z.sharedTtl, v4);
  if (v6.length) add(shared, 'AAAA', z.sharedTtl, v6);

  const out = [...sets.values()].map((s) => ({ ...s, values: sortValues(s.type, s.values) }));
  assertInvariants(out, apex);
  return sortRRsets(out);
}

/** RFC 1034 §3.6.2 / RFC 2181 §10.1: a CNAME is alone at its name, once, never at the apex. */
export function assertInvariants(sets: readonly RRset[], apex: string): void {
  const byName = new Map<string, RRset[]>();
  for (const s of sets) {
    if (!inZone(s.name, apex)) throw new ZoneInternalError(`${s.name} is outside the zone ${apex}`);
    const list = byName.get(s.name) ?? [];
    list.push(s);
    byName.set(s.name, list);
  }
  for (const [name, list] of byName) {
    const cnames = list.filter((s) => s.type === 'CNAME');
    if (!cnames.length) continue;
    if (name === apex) throw new ZoneInternalError(`CNAME at the zone apex ${name}`);
    if (cnames.length > 1 || cnames[0]!.values.length !== 1) throw new ZoneInternalError(`more than one CNAME at ${name}`);
    if (list.length > 1) throw new ZoneInternalError(`CNAME beside other data at ${name} (${list.map((s) => s.type).join(', ')})`);
  }
  const seen = new Set<string>();
  for (const s of sets) {
    const key = `${s.name} ${s.type}`;
    if (seen.has(key)) throw new ZoneInternalError(`two ${s.type} RRsets at ${s.name}`);
    seen.add(key);
  }
}

const TYPE_ORDER: Record<RRType, number> = { SOA: 0, NS: 1, A: 2, AAAA: 3, CNAME: 4 };

/** SOA first, then DNSSEC canonical name order (RFC 4034 §6.1), then type. */
export function sortRRsets(sets: RRset[]): RRset[] {
  const keyed = sets.map((s) => ({ s, k: nameKey(s.name) }));
  keyed.sort((a, b) => {
    const soa = Number(b.s.type === 'SOA') - Number(a.s.type === 'SOA');
    return soa || cmp(a.k, b.k) || TYPE_ORDER[a.s.type] - TYPE_ORDER[b.s.type];
  });
  return keyed.map((x) => x.s);
}

/** Labels right to left, joined by a byte lower than any LDH character. */
function nameKey(name: string): string {
  return name.replace(/\.$/, '').split('.').reverse().join('\u0001');
}

/**
 * Sorted, deduplicated values. Addresses are re-parsed: sorted by their bytes and returned in
 * canonical text, or, when `strict`, refused unless already canonical.
 */
export function sortValues(type: RRType, values: readonly string[], strict = false): string[] {
  if (type !== 'A' && type !== 'AAAA') return [...new Set(values)].sort(cmp);
  const fam = type === 'A' ? 4 : 6;
  const seen = new Set<string>();
  const keyed: { v: string; b: Uint8Array }[] = [];
  for (const v of values) {
    const ip = ipBytes(v, fam);
    if (strict && ip.text !== v) throw new ZoneValueError(`refusing to write ${JSON.stringify(v)}: not canonical (expected ${ip.text})`);
    if (seen.has(ip.text)) continue;
    seen.add(ip.text);
    keyed.push({ v: ip.text, b: ip.bytes });
  }
  keyed.sort((x, y) => byteCmp(x.b, y.b));
  return keyed.map((x) => x.v);
}

function byteCmp(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Number of individual records (RRs) in a list of RRsets. */
export function countRecords(sets: readonly RRset[]): number {
  return sets.reduce((n, s) => n + s.values.length, 0);
}
