// What the primary serves (an AXFR) against the committed zone: the record-level plan, with
// the serial rules a deploy must keep (secondaries only follow a serial that goes up).
import type * as packet from 'dns-packet';
import type { Network } from '../model/types.js';
import { planChanges, type Plan } from '../zone/plan.js';
import { fqdn, sortRRsets, sortValues, ZoneInternalError, type RRset, type RRType } from '../zone/records.js';
import { parseRendered, render, withSerial, type ParsedZone } from '../zone/render.js';
import { ZoneValueError } from '../zone/canonical.js';
import { compareSerial } from '../zone/serial.js';
import { canonicalData } from '../zone/verify.js';

export class DeployError extends Error {
  constructor(readonly code: 'SERIAL_NEWER' | 'SERIAL_SAME' | 'SERIAL_UNORDERED' | 'FOREIGN_ZONE' | 'NOT_PMNET_ZONE' | 'CNAME_CONFLICT', message: string) {
    super(message);
    this.name = 'DeployError';
  }
}

/**
 * The committed zone file, accepted only when it is byte for byte what render() writes for its
 * own records: every name and address re-checked, nothing hand-edited or injected. The file is
 * the reviewed artifact, so deploy needs no member files.
 */
export function readCommitted(text: string, domain: string): ParsedZone {
  const z = parseRendered(text);
  const origin = fqdn(domain);
  if (!z) throw new DeployError('NOT_PMNET_ZONE', 'the committed zone file is not in the form "pmnet zone" writes (edited by hand?); restore it from git or run "pmnet zone"');
  if (z.origin !== origin) throw new DeployError('FOREIGN_ZONE', `the committed zone file is for ${z.origin}, network.yaml names ${origin}`);
  let again: string;
  try {
    again = render(z.origin, z.ttl, z.sets, { maxRecordsPerRRset: 0 });
  } catch (err) {
    if (err instanceof ZoneValueError || err instanceof ZoneInternalError) throw new DeployError('NOT_PMNET_ZONE', `the committed zone file holds a value pmnet would never write: ${err.message}`);
    throw err;
  }
  if (again !== text) throw new DeployError('NOT_PMNET_ZONE', 'the committed zone file differs from what "pmnet zone" writes for the same records (edited by hand?); run "pmnet zone" and commit');
  return z;
}

const MANAGED: ReadonlySet<string> = new Set<RRType>(['SOA', 'NS', 'A', 'AAAA', 'CNAME']);
/** Kept by the server itself (inline signing); never part of the diff. */
const DNSSEC = new Set(['RRSIG', 'NSEC', 'NSEC3', 'NSEC3PARAM', 'DNSKEY', 'CDS', 'CDNSKEY', 'TYPE65534']);

export interface ServedZone {
  origin: string;
  serial: number;
  /** The served SOA RDATA with its serial: the UPDATE prerequisite. */
  soa: string;
  /** Managed types as RRsets (SOA with serial 0), like ParsedZone.sets. */
  sets: RRset[];
  /** RRsets of types pmnet does not write ("name TYPE"): left alone by deploy. */
  foreign: string[];
}

/** A mixed-TTL RRset gets this TTL so the plan replaces it whole. */
const MIXED_TTL = -1;

/** Groups transferred records into RRsets in the generator's canonical text. */
export function servedZone(origin: string, soa: packet.SoaAnswer, records: readonly packet.Answer[]): ServedZone {
  const byKey = new Map<string, RRset>();
  const foreign = new Set<string>();
  for (const r of records) {
    const name = fqdn(r.name);
    if (!MANAGED.has(r.type)) {
      if (!DNSSEC.has(r.type) && r.type !== 'OPT' && r.type !== 'TSIG') foreign.add(`${name} ${r.type}`);
      continue;
    }
    const value = canonicalData(r);
    if (value === undefined) {
      foreign.add(`${name} ${r.type}`);
      continue;
    }
    const type = r.type as RRType;
    const ttl = (r as { ttl?: number }).ttl ?? 0;
    const key = `${name} ${type}`;
    const set = byKey.get(key);
    if (!set) byKey.set(key, { name, type, ttl, values: [value] });
    else {
      if (set.ttl !== ttl) set.ttl = MIXED_TTL;
      set.values.push(value);
    }
  }
  const d = soa.data;
  const sets = sortRRsets([...byKey.values()].map((s) => ({ ...s, values: sortValues(s.type, s.values) })));
  return {
    origin: fqdn(origin),
    serial: d.serial ?? 0,
    soa: `${fqdn(d.mname)} ${fqdn(d.rname)} ${d.serial ?? 0} ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`,
    sets,
    foreign: [...foreign].sort(),
  };
}

export interface DeployPlan {
  zone: string;
  servedSerial: number;
  targetSerial: number;
  /** The served SOA RDATA (prerequisite of the UPDATE). */
  servedSoa: string;
  /** The committed SOA RDATA with its serial, and its TTL (the UPDATE sets both). */
  targetSoa: string;
  targetSoaTtl: number;
  upToDate: boolean;
  plan: Plan;
  foreign: string[];
}

/**
 * The change from the served zone to the committed one. Throws DeployError when the served
 * serial is not older than the committed one but the records differ (someone published
 * something newer, or the committed file was not regenerated), or when the zones differ.
 */
export function planDeploy(served: ServedZone, committed: ParsedZone, guard: Network['zone']['guard'], force: boolean): DeployPlan {
  if (served.origin !== committed.origin) throw new DeployError('FOREIGN_ZONE', `the primary served ${served.origin}, the committed zone is ${committed.origin}`);
  const target = withSerial(committed.sets, 0);
  const plan = planChanges(committed.origin, served.sets, target, guard, force);
  const same = !plan.added.length && !plan.removed.length && !plan.changed.length;
  const order = compareSerial(served.serial, committed.serial);
  const soaSet = committed.sets.find((s) => s.type === 'SOA')!;
  const base = { zone: committed.origin, servedSerial: served.serial, targetSerial: committed.serial, servedSoa: served.soa, targetSoa: soaSet.values[0]!, targetSoaTtl: soaSet.ttl, plan, foreign: served.foreign };
  if (order === 0 && same) return { ...base, upToDate: true };
  if (order === undefined) {
    throw new DeployError('SERIAL_UNORDERED', `the primary serves serial ${served.serial} and the committed zone has ${committed.serial}: they differ by exactly 2^31, so neither is newer (RFC 1982); secondaries would not follow. Bump the committed serial with "pmnet zone" after a change, or reset the serial on the primary.`);
  }
  // A server ignores a CNAME added beside other data (RFC 2136 §3.4.2.2), and deploy leaves
  // foreign types alone: such a name would silently keep its old data. Say so before sending.
  const foreignNames = new Set(served.foreign.map((f) => f.split(' ')[0]!));
  const blocked = target.filter((x) => x.type === 'CNAME' && foreignNames.has(x.name)).map((x) => x.name);
  if (blocked.length) {
    throw new DeployError('CNAME_CONFLICT', `the committed zone has a CNAME at ${blocked.join(', ')}, where the primary also serves records pmnet does not manage (${served.foreign.filter((f) => blocked.includes(f.split(' ')[0]!)).join(', ')}); a CNAME cannot sit beside other data (RFC 1034 §3.6.2). Nothing was sent. Remove those records on the primary, then deploy again.`);
  }
  if (order === 1) {
    throw new DeployError('SERIAL_NEWER', `the primary serves serial ${served.serial}, newer than the committed ${committed.serial}: something else published to this zone since the last deploy (a hand edit, another tool, a newer commit). Nothing was sent. Find out what changed; commit it through pmnet, or regenerate the zone so its serial is above ${served.serial}.`);
  }
  if (order === 0) {
    throw new DeployError('SERIAL_SAME', `the primary serves serial ${served.serial}, the same as the committed zone, but different records (${plan.added.length} added, ${plan.removed.length} removed, ${plan.changed.length} changed): secondaries would never see a change without a new serial. Nothing was sent. Run "pmnet zone" to get a new serial, or find who changed the primary.`);
  }
  return { ...base, upToDate: false };
}
