// Compares what every authoritative server serves with the zone the model intends: the whole
// zone from a transfer (AXFR, optionally TSIG-signed) when the server allows one, else every
// RRset the model intends plus names that must not exist, saying what could not be compared.
// The served SOA serial must not go backwards against the committed zone (RFC 1982).
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { canonicalIp } from './canonical.js';
import type * as packet from 'dns-packet';
import { createLimiter, DeadlineError } from '../live/pool.js';
import { formatEndpoint, queryServer, type DnsReply, type Endpoint } from './dnsquery.js';
import type { Member, Network } from '../model/types.js';
import { cmp, fqdn, memberName, sortValues, type RRset, type RRType } from './records.js';
import { compareSerial } from './serial.js';

export type ProblemKind =
  | 'missing'
  | 'extra'
  | 'different'
  /** A wildcard owner (*.name): the server answers for every name below. */
  | 'wildcard'
  /** NS below the apex: the subtree is handed to other servers. */
  | 'delegation'
  /** A record type pmnet never writes (TXT, MX, DNAME...). */
  | 'foreign-type'
  /** The served serial is older than the committed zone's (RFC 1982). */
  | 'serial-behind'
  /** The served serial is newer than the committed zone's: the committed serial went backwards. */
  | 'serial-ahead'
  /** The server answers FORMERR to EDNS (it was asked again without it). */
  | 'no-edns'
  /** No transfer: only the intended RRsets and known-absent names were compared. */
  | 'incomplete'
  | 'not-authoritative'
  | 'refused'
  | 'timeout'
  | 'error';

export interface VerifyProblem {
  server: string;
  kind: ProblemKind;
  name: string;
  /** RRType, or another type the server serves (TXT, MX...), or "AXFR". */
  type: string;
  /** Values the model intends that the server lacks. */
  missing: string[];
  /** Values the server has that the model does not intend. */
  extra: string[];
  expectedTtl?: number;
  actualTtl?: number;
  detail: string;
}

export interface ServerStatus {
  server: string;
  /** The served SOA serial, when the server answered. */
  serial?: number;
  answering: boolean;
  /** full: the whole zone came by AXFR and was compared; partial: only what was asked. */
  coverage?: 'full' | 'partial';
  /** Why there was no transfer (partial coverage). */
  transfer?: string;
}

/** A zone transfer grouped into RRsets (deploy/diff.ts servedZone), or why there is none. */
export type Transfer = { ok: true; sets: RRset[]; foreign: string[] } | { ok: false; detail: string };

export interface VerifyReport {
  zone: string;
  servers: ServerStatus[];
  /** RRsets asked for, per server. */
  checked: number;
  problems: VerifyProblem[];
  ok: boolean;
  /** Every server's whole zone was compared (a transfer from each). */
  complete: boolean;
}

export interface VerifyOptions {
  timeoutMs: number;
  retries: number;
  concurrency: number;
  /** Name/type pairs that must NOT exist (e.g. suspended members' names). */
  absent?: Array<{ name: string; type: RRType }>;
  /**
   * Fetches the whole zone from a server (AXFR). Given: the zone is compared whole, and a
   * server that refuses is an `incomplete` problem (with the per-RRset comparison still done).
   * Absent: only the per-RRset comparison, no problem for it (deploy's verification).
   */
  transfer?: (server: Endpoint) => Promise<Transfer>;
  /** The committed zone's serial: a served serial on either side of it is a problem. */
  committedSerial?: number;
  /**
   * `intended` is the whole zone: without a transfer, also ask ANY at every intended name and
   * at a made-up name under every parent (other types, wildcards). Off when `intended` is a
   * subset (deploy checks the RRsets it touched).
   */
  whole?: boolean;
}

/**
 * Names that must not exist: suspended members' CNAMEs, the shared name's A/AAAA when no
 * active member has that family, and `previous` RRsets (e.g. from the committed zone file)
 * that the model no longer intends.
 */
export function absentProbes(network: Network, members: readonly Member[], intended: readonly RRset[], previous: readonly RRset[] = []): Array<{ name: string; type: RRType }> {
  const want = new Set(intended.map((s) => `${s.name} ${s.type}`));
  const out = new Map<string, { name: string; type: RRType }>();
  const add = (name: string, type: RRType) => {
    const k = `${name} ${type}`;
    if (!want.has(k)) out.set(k, { name, type });
  };
  for (const m of members) if (m.status !== 'active') add(memberName(network, m.id), 'CNAME');
  add(fqdn(network.sharedName), 'A');
  add(fqdn(network.sharedName), 'AAAA');
  for (const s of previous) add(s.name, s.type);
  return [...out.values()].sort((a, b) => cmp(a.name, b.name) || cmp(a.type, b.type));
}

/** `intended` holds SOA with serial 0: the serial is checked against `committedSerial`, not compared. */
export async function verifyZone(zone: string, intended: readonly RRset[], servers: readonly Endpoint[], opts: VerifyOptions): Promise<VerifyReport> {
  const limit = createLimiter(opts.concurrency);
  const statuses: ServerStatus[] = [];
  const problems: VerifyProblem[] = [];
  const absent = (opts.absent ?? []).filter((a) => !intended.some((s) => s.name === a.name && s.type === a.type));
  let complete = opts.transfer !== undefined;

  await Promise.all(
    servers.map(async (ep) => {
      const server = formatEndpoint(ep);
      const ask = (name: string, type: RRType) => limit(() => askWithRetry(ep, name, type, opts));
      // The SOA first: a server that does not serve the zone gets one problem, not one per RRset.
      const soa = await ask(zone, 'SOA');
      const serverProblem = classify(server, zone, 'SOA', soa);
      if (serverProblem) {
        statuses.push({ server, answering: false });
        problems.push(serverProblem);
        complete = false;
        return;
      }
      const reply = soa as DnsReply;
      if (reply.noEdns) problems.push({ server, kind: 'no-edns', name: zone, type: 'SOA', missing: [], extra: [], detail: 'the server answered FORMERR to a query with EDNS (RFC 6891), so it was asked again without: resolvers since DNS Flag Day 2019 treat such servers as broken, and answers over 512 bytes need TCP. Upgrade or reconfigure the server' });
      const soaRec = reply.answers.find((a) => a.type === 'SOA') as packet.SoaAnswer | undefined;
      const serial = soaRec?.data.serial;
      const status: ServerStatus = { server, answering: true, ...(serial !== undefined ? { serial } : {}) };
      statuses.push(status);
      if (serial !== undefined && opts.committedSerial !== undefined) {
        const p = serialProblem(server, zone, serial, opts.committedSerial);
        if (p) problems.push(p);
      }

      const t = opts.transfer ? await limit(() => opts.transfer!(ep)) : undefined;
      if (t?.ok) {
        status.coverage = 'full';
        problems.push(...compareWhole(server, zone, intended, t.sets, t.foreign));
        return;
      }
      status.coverage = 'partial';
      if (t) {
        complete = false;
        status.transfer = t.detail;
        problems.push({
          server,
          kind: 'incomplete',
          name: zone,
          type: 'AXFR',
          missing: [],
          extra: [],
          detail: `no zone transfer (${t.detail}): compared only the ${intended.length} RRsets the model intends (and every type at their names), ${absent.length} names that must not exist and made-up names for wildcards; other names (a rogue CNAME or a delegation at a name the model never used) could not be compared. Allow AXFR to this host (with a TSIG key: --key-file), or pass --no-axfr to accept the partial comparison`,
        });
      }
      const ctx: Probe = { server, zone, ep, opts, ask, limit };
      const found = await Promise.all([askIntended(ctx, intended, soa), ...(opts.whole ? [probeWildcards(ctx, intended), probeTypes(ctx, intended)] : []), probeAbsent(ctx, absent)]);
      problems.push(...found.flat());
    }),
  );
  statuses.sort((a, b) => cmp(a.server, b.server));
  problems.sort((a, b) => cmp(a.server, b.server) || cmp(a.name, b.name) || cmp(a.type, b.type) || cmp(a.kind, b.kind));
  return { zone, servers: statuses, checked: intended.length + absent.length, problems, ok: problems.length === 0, complete: complete && servers.length > 0 };
}

const bare = (name: string) => name.replace(/\.$/, '');

/** What the per-server question helpers share. */
interface Probe {
  server: string;
  zone: string;
  ep: Endpoint;
  opts: VerifyOptions;
  ask: (name: string, type: RRType) => Promise<DnsReply | Error>;
  limit: ReturnType<typeof createLimiter>;
}

/** Every intended RRset, asked for by name and type. */
async function askIntended(p: Probe, intended: readonly RRset[], soa: DnsReply | Error): Promise<VerifyProblem[]> {
  const found = await Promise.all(
    intended.map(async (want) => {
      const r = want.type === 'SOA' ? soa : await p.ask(want.name, want.type);
      return classify(p.server, want.name, want.type, r) ?? compare(p.server, want, extract(r as DnsReply, want.name, want.type), (r as DnsReply).rcode);
    }),
  );
  return found.filter((x): x is VerifyProblem => x !== undefined);
}

/** A wildcard answers for names nobody wrote: ANY for a made-up one under every parent in use. */
async function probeWildcards(p: Probe, intended: readonly RRset[]): Promise<VerifyProblem[]> {
  const found = await Promise.all(
    wildcardProbes(p.zone, intended).map(async (probe): Promise<VerifyProblem | undefined> => {
      const r = await p.limit(() => askWithRetry(p.ep, probe, 'ANY' as packet.RecordType, p.opts));
      if (r instanceof Error || r.rcode !== 'NOERROR') return undefined;
      const got = r.answers.filter((a) => fqdn(a.name) === fqdn(probe) && !IGNORED.has(a.type) && !isRfc8482(a));
      if (!got.length) return undefined;
      const parent = probe.slice(probe.indexOf('.') + 1);
      const types = [...new Set(got.map((a) => a.type))].sort();
      return { server: p.server, kind: 'wildcard', name: `*.${parent}`, type: types.join(','), missing: [], extra: [], detail: `the made-up name ${bare(probe)} has ${types.join(', ')} data: a wildcard answers for every name below ${bare(parent)}; remove it` };
    }),
  );
  return found.filter((x): x is VerifyProblem => x !== undefined);
}

/** Types beside the intended ones at every intended name (TXT or MX at the shared name, NS below the apex). */
async function probeTypes(p: Probe, intended: readonly RRset[]): Promise<VerifyProblem[]> {
  const names = [...new Set(intended.map((w) => w.name))];
  const found = await Promise.all(
    names.map(async (name) => {
      const r = await p.limit(() => askWithRetry(p.ep, name, 'ANY' as packet.RecordType, p.opts));
      if (r instanceof Error || r.rcode !== 'NOERROR') return [];
      const wanted = new Set<string>(intended.filter((w) => w.name === name).map((w) => w.type));
      const other = r.answers.filter((a) => fqdn(a.name) === name && !wanted.has(a.type) && !IGNORED.has(a.type) && !isRfc8482(a));
      return [...new Set(other.map((a) => a.type))].sort().map((type) => {
        const data = other.filter((a) => a.type === type).map(canonicalData).filter((v): v is string => v !== undefined);
        return unintended(p.server, p.zone, name, type, MANAGED.has(type) ? sortValues(type as RRType, data) : []);
      });
    }),
  );
  return found.flat();
}

/** Names and types that must not exist. */
async function probeAbsent(p: Probe, absent: ReadonlyArray<{ name: string; type: RRType }>): Promise<VerifyProblem[]> {
  const found = await Promise.all(
    absent.map(async (a): Promise<VerifyProblem | undefined> => {
      const r = await p.ask(a.name, a.type);
      const bad = classify(p.server, a.name, a.type, r);
      if (bad) return bad;
      const got = extract(r as DnsReply, a.name, a.type);
      if (!got.values.length) return undefined;
      return { server: p.server, kind: 'extra', name: a.name, type: a.type, missing: [], extra: got.values, ...(got.ttl !== undefined ? { actualTtl: got.ttl } : {}), detail: `not intended by the model, but served: ${got.values.join(', ')}` };
    }),
  );
  return found.filter((x): x is VerifyProblem => x !== undefined);
}

/** Kept by a signing server itself, or not data at all: never compared. */
const IGNORED = new Set(['OPT', 'RRSIG', 'NSEC', 'NSEC3', 'NSEC3PARAM', 'DNSKEY', 'CDS', 'CDNSKEY', 'TYPE65534']);

/** RFC 8482: a server may answer ANY with one synthesized HINFO "RFC8482" instead of the data. */
function isRfc8482(a: packet.Answer): boolean {
  return a.type === 'HINFO' && String((a as { data?: { cpu?: unknown } }).data?.cpu ?? '').toUpperCase() === 'RFC8482';
}

/** RFC 1982: secondaries only transfer a serial greater than the one they hold. */
function serialProblem(server: string, zone: string, served: number, committed: number): VerifyProblem | undefined {
  const order = compareSerial(served, committed);
  const base = { server, name: zone, type: 'SOA', missing: [], extra: [] };
  if (order === 0) return undefined;
  if (order === -1) {
    return { ...base, kind: 'serial-behind', detail: `serves serial ${served}, older than the committed zone's ${committed} (RFC 1982): the committed zone is not deployed here yet, or the served zone was rolled back. Deploy the committed zone` };
  }
  return {
    ...base,
    kind: 'serial-ahead',
    detail: `serves serial ${served}, ${order === undefined ? 'exactly 2^31 away from' : 'newer than'} the committed zone's ${committed} (RFC 1982): the committed serial went backwards (a revert of the zone file?) or something else published to the zone. Secondaries holding ${served} would never transfer ${committed}. Run "pmnet zone" so the serial moves above ${served}, and commit it`,
  };
}

/** The whole served zone against the intended one: every RRset, every name, every type. */
function compareWhole(server: string, zone: string, intended: readonly RRset[], served: readonly RRset[], foreign: readonly string[]): VerifyProblem[] {
  const out: VerifyProblem[] = [];
  const have = new Map(served.map((s) => [`${s.name} ${s.type}`, s]));
  const want = new Set(intended.map((s) => `${s.name} ${s.type}`));
  for (const w of intended) {
    const got = have.get(`${w.name} ${w.type}`);
    const p = compare(server, w, got ? { ttl: got.ttl, values: got.values } : { values: [] }, 'NOERROR');
    if (p) out.push(p);
  }
  for (const s of served) if (!want.has(`${s.name} ${s.type}`)) out.push({ ...unintended(server, zone, s.name, s.type, s.values), actualTtl: s.ttl });
  for (const f of foreign) {
    const [name, type] = f.split(' ') as [string, string];
    out.push(unintended(server, zone, name, type, []));
  }
  return out;
}

/** Data the model does not intend, named by what it does: a wildcard, a delegation, an extra RRset, a foreign type. */
function unintended(server: string, zone: string, name: string, type: string, values: string[]): VerifyProblem {
  const base = { server, name, type, missing: [], extra: values };
  const shown = values.length ? ` (${values.join(', ')})` : '';
  if (name.startsWith('*.')) return { ...base, kind: 'wildcard', detail: `a wildcard ${type}${shown} that the model does not intend: the server answers it for every name below ${bare(name.slice(2))}; remove it` };
  if (type === 'NS' && name !== zone) return { ...base, kind: 'delegation', detail: `delegates ${bare(name)} to ${values.join(', ')}, which the model does not intend: whoever runs those servers answers for that name and everything below it; remove the NS records` };
  if (MANAGED.has(type)) return { ...base, kind: 'extra', detail: `not intended by the model, but served: ${values.join(', ')}; remove it (the zone must hold exactly what "pmnet zone" writes)` };
  return { ...base, kind: 'foreign-type', detail: `a ${type} RRset${shown}, a type pmnet never writes into this zone${type === 'DNAME' ? ' (it redirects the whole subtree)' : ''}; remove it` };
}

const MANAGED = new Set(['SOA', 'NS', 'A', 'AAAA', 'CNAME']);

/**
 * One name nobody would write (random label, RFC 8552-style underscore) below the apex and below
 * every other name that owns intended records' parents (e.g. the member subtree).
 */
function wildcardProbes(zone: string, intended: readonly RRset[]): string[] {
  const parents = new Set<string>([zone]);
  for (const s of intended) {
    const parent = s.name.slice(s.name.indexOf('.') + 1);
    if (s.name !== zone && parent.endsWith(zone)) parents.add(parent);
  }
  const label = `_pmnet-probe-${randomBytes(6).toString('hex')}`;
  return [...parents].sort(cmp).map((p) => `${label}.${p}`);
}

async function askWithRetry(ep: Endpoint, name: string, type: packet.RecordType, opts: VerifyOptions): Promise<DnsReply | Error> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await queryServer(ep, name, type, opts.timeoutMs);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      // ECONNREFUSED (ICMP port unreachable) is also transient: a server that is restarting.
      const transient = err instanceof DeadlineError || (err as NodeJS.ErrnoException).code === 'ECONNREFUSED';
      if (!transient || attempt >= opts.retries) return err;
    }
  }
}

/** A problem with the server's answer itself (no data comparison possible), or undefined. */
function classify(server: string, name: string, type: RRType, r: DnsReply | Error): VerifyProblem | undefined {
  const base = { server, name, type, missing: [], extra: [] };
  if (r instanceof DeadlineError) return { ...base, kind: 'timeout', detail: `no answer: ${r.message}` };
  if (r instanceof Error) {
    const code = (r as NodeJS.ErrnoException).code;
    const why = code === 'ECONNREFUSED' ? 'connection refused: nothing listens on that address and port' : code === 'ECONNRESET' ? 'connection reset by the server' : r.message;
    return { ...base, kind: 'error', detail: `query failed: ${why}` };
  }
  if (r.rcode === 'REFUSED') return { ...base, kind: 'refused', detail: 'the server REFUSED the query: it does not serve this zone' };
  if (r.rcode !== 'NOERROR' && r.rcode !== 'NXDOMAIN') return { ...base, kind: 'error', detail: `the server answered ${r.rcode}` };
  if (!r.aa) return { ...base, kind: 'not-authoritative', detail: `the answer (${r.rcode}) has the AA bit clear: the server is not authoritative for this zone` };
  return undefined;
}

/** One intended RRset against what the server has at that name and type. */
function compare(server: string, want: RRset, got: { ttl?: number; values: string[] }, rcode: string): VerifyProblem | undefined {
  const have = new Set(got.values);
  const wantSet = new Set(want.values);
  const missing = want.values.filter((v) => !have.has(v));
  const extra = got.values.filter((v) => !wantSet.has(v));
  const base = { server, name: want.name, type: want.type, missing, extra, expectedTtl: want.ttl };
  if (!got.values.length) {
    return { ...base, kind: 'missing', detail: `${rcode === 'NXDOMAIN' ? 'NXDOMAIN' : 'no data'}; expected ${want.values.join(', ')}` };
  }
  const ttlDiffers = got.ttl !== want.ttl;
  if (!missing.length && !extra.length && !ttlDiffers) return undefined;
  const parts: string[] = [];
  if (missing.length) parts.push(`missing ${missing.join(', ')}`);
  if (extra.length) parts.push(`extra ${extra.join(', ')}`);
  if (ttlDiffers) parts.push(got.ttl === -1 ? `mixed TTLs, expected ${want.ttl}` : `TTL ${got.ttl}, expected ${want.ttl}`);
  const kind: ProblemKind = !missing.length && !ttlDiffers ? 'extra' : 'different';
  return { ...base, kind, ...(got.ttl !== undefined ? { actualTtl: got.ttl } : {}), detail: parts.join('; ') };
}

/** The answer's RRset at `name`/`type`, in the same canonical text as the generator's. */
function extract(r: DnsReply, name: string, type: RRType): { ttl?: number; values: string[] } {
  const owner = fqdn(name);
  const recs = r.answers.filter((a) => a.type === type && fqdn(a.name) === owner);
  const values = recs.map((a) => canonicalData(a)).filter((v): v is string => v !== undefined);
  const ttl = recs.length ? Math.min(...recs.map((a) => (a as { ttl?: number }).ttl ?? 0)) : undefined;
  return { ...(ttl !== undefined ? { ttl } : {}), values: sortValues(type, values) };
}

/** A record's data in the generator's canonical text (SOA with serial 0); undefined for other types. */
export function canonicalData(a: packet.Answer): string | undefined {
  switch (a.type) {
    case 'A':
    case 'AAAA': {
      const fam = isIP(a.data);
      return fam === 4 || fam === 6 ? canonicalIp(a.data, fam) : undefined;
    }
    case 'NS':
    case 'CNAME':
      return fqdn(a.data);
    case 'SOA': {
      const d = a.data;
      // Serial 0: the intended SOA carries no serial (the served one is reported separately).
      return `${fqdn(d.mname)} ${fqdn(d.rname)} 0 ${d.refresh} ${d.retry} ${d.expire} ${d.minimum}`;
    }
    default:
      return undefined;
  }
}

// ---------- renderers ----------

export function verifyToText(r: VerifyReport): string {
  const out: string[] = [];
  for (const s of r.servers) {
    const how = s.coverage === 'full' ? ', whole zone compared (AXFR)' : s.coverage === 'partial' ? `, only the intended RRsets compared${s.transfer ? ` (no transfer: ${s.transfer})` : ''}` : '';
    out.push(`${s.server}: ${s.answering ? `serves ${r.zone} (serial ${s.serial ?? '?'})${how}` : 'not answering authoritatively'}`);
  }
  for (const p of r.problems) out.push(`${p.server} ${p.kind} ${p.name} ${p.type}: ${p.detail}`);
  const what = r.complete ? 'the whole zone matches' : `all ${r.checked} RRsets match`;
  out.push(r.ok ? `verify-zone ${r.zone}: ${what} on ${r.servers.length} server(s)` : `verify-zone ${r.zone}: ${r.problems.length} problem(s) on ${r.servers.length} server(s)`);
  return out.join('\n') + '\n';
}

/** Stable JSON shape (docs/zone.md). */
export function verifyToJson(r: VerifyReport): string {
  return JSON.stringify({ version: 1, ...r }, null, 2) + '\n';
}
