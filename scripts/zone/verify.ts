// Asks every authoritative server for every RRset the model intends and reports the gaps.
import { isIP } from 'node:net';
import { canonicalIp } from './canonical.js';
import type * as packet from 'dns-packet';
import { createLimiter, DeadlineError } from '../live/pool.js';
import { formatEndpoint, queryServer, type DnsReply, type Endpoint } from './dnsquery.js';
import type { Member, Network } from '../model/types.js';
import { cmp, fqdn, memberName, sortValues, type RRset, type RRType } from './records.js';

export type ProblemKind = 'missing' | 'extra' | 'different' | 'not-authoritative' | 'refused' | 'timeout' | 'error';

export interface VerifyProblem {
  server: string;
  kind: ProblemKind;
  name: string;
  type: RRType;
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
}

export interface VerifyReport {
  zone: string;
  servers: ServerStatus[];
  /** RRsets asked for, per server. */
  checked: number;
  problems: VerifyProblem[];
  ok: boolean;
}

export interface VerifyOptions {
  timeoutMs: number;
  retries: number;
  concurrency: number;
  /** Name/type pairs that must NOT exist (e.g. suspended members' names). */
  absent?: Array<{ name: string; type: RRType }>;
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

/** `intended` holds SOA with serial 0: the serial is reported, not compared. */
export async function verifyZone(zone: string, intended: readonly RRset[], servers: readonly Endpoint[], opts: VerifyOptions): Promise<VerifyReport> {
  const limit = createLimiter(opts.concurrency);
  const statuses: ServerStatus[] = [];
  const problems: VerifyProblem[] = [];
  const absent = (opts.absent ?? []).filter((a) => !intended.some((s) => s.name === a.name && s.type === a.type));

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
        return;
      }
      const soaRec = (soa as DnsReply).answers.find((a) => a.type === 'SOA') as packet.SoaAnswer | undefined;
      statuses.push({ server, answering: true, ...(soaRec?.data.serial !== undefined ? { serial: soaRec.data.serial } : {}) });
      await Promise.all([
        ...intended.map(async (want) => {
          const r = want.type === 'SOA' ? soa : await ask(want.name, want.type);
          const p = classify(server, want.name, want.type, r) ?? compare(server, want, r as DnsReply);
          if (p) problems.push(p);
        }),
        ...absent.map(async (a) => {
          const r = await ask(a.name, a.type);
          const p = classify(server, a.name, a.type, r);
          if (p) return void problems.push(p);
          const got = extract(r as DnsReply, a.name, a.type);
          if (got.values.length) {
            problems.push({ server, kind: 'extra', name: a.name, type: a.type, missing: [], extra: got.values, actualTtl: got.ttl, detail: `not intended by the model, but served: ${got.values.join(', ')}` });
          }
        }),
      ]);
    }),
  );
  statuses.sort((a, b) => cmp(a.server, b.server));
  problems.sort((a, b) => cmp(a.server, b.server) || cmp(a.name, b.name) || cmp(a.type, b.type));
  return { zone, servers: statuses, checked: intended.length + absent.length, problems, ok: problems.length === 0 };
}

async function askWithRetry(ep: Endpoint, name: string, type: RRType, opts: VerifyOptions): Promise<DnsReply | Error> {
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

function compare(server: string, want: RRset, r: DnsReply): VerifyProblem | undefined {
  const got = extract(r, want.name, want.type);
  const have = new Set(got.values);
  const wantSet = new Set(want.values);
  const missing = want.values.filter((v) => !have.has(v));
  const extra = got.values.filter((v) => !wantSet.has(v));
  const base = { server, name: want.name, type: want.type, missing, extra, expectedTtl: want.ttl };
  if (!got.values.length) {
    return { ...base, kind: 'missing', detail: `${r.rcode === 'NXDOMAIN' ? 'NXDOMAIN' : 'no data'}; expected ${want.values.join(', ')}` };
  }
  const ttlDiffers = got.ttl !== want.ttl;
  if (!missing.length && !extra.length && !ttlDiffers) return undefined;
  const parts: string[] = [];
  if (missing.length) parts.push(`missing ${missing.join(', ')}`);
  if (extra.length) parts.push(`extra ${extra.join(', ')}`);
  if (ttlDiffers) parts.push(`TTL ${got.ttl}, expected ${want.ttl}`);
  const kind: ProblemKind = !missing.length && !ttlDiffers ? 'extra' : 'different';
  return { ...base, kind, actualTtl: got.ttl, detail: parts.join('; ') };
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
  for (const s of r.servers) out.push(`${s.server}: ${s.answering ? `serves ${r.zone} (serial ${s.serial ?? '?'})` : 'not answering authoritatively'}`);
  for (const p of r.problems) out.push(`${p.server} ${p.kind} ${p.name} ${p.type}: ${p.detail}`);
  out.push(r.ok ? `verify-zone ${r.zone}: all ${r.checked} RRsets match on ${r.servers.length} server(s)` : `verify-zone ${r.zone}: ${r.problems.length} problem(s) on ${r.servers.length} server(s)`);
  return out.join('\n') + '\n';
}

/** Stable JSON shape (docs/zone.md). */
export function verifyToJson(r: VerifyReport): string {
  return JSON.stringify({ version: 1, ...r }, null, 2) + '\n';
}
