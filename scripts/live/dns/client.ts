// A small DNS stub client on dns-packet: UDP with EDNS0, TCP on truncation, strict answer
// matching, CNAME following. Every outcome is a value (DnsAnswer), never an exception.
import { randomInt } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { isIPv4, isIPv6, connect as tcpConnect, type Socket as TcpSocket } from 'node:net';
import { performance } from 'node:perf_hooks';
import * as packet from 'dns-packet';
import { parseEndpoint, type Endpoint } from '../../lib/endpoint.js';
import { EDNS_UDP_SIZE } from '../../lib/edns.js';
import { parseIp } from '../../lib/ip.js';
import { DeadlineError, withDeadline, type DeadlineSignal, type Limiter } from '../pool.js';

/**
 * NOERROR: data of the asked type. NODATA: the name exists, no records of that type.
 * TIMEOUT, NETWORK (socket error, refused port, reset) and SERVFAIL are transient.
 * DNSSEC: the resolver refused data it could not validate (SERVFAIL that goes away with CD=1,
 * or an Extended DNS Error of the DNSSEC family): persistent, the name's own fault.
 * NOT_RECURSIVE: the server answered a recursive question with a referral (RA=0, AA=0).
 * MALFORMED: bytes that do not decode as a DNS message (or a broken answer record).
 * RCODE: any other response code (FORMERR, NOTIMP, ...), named in `rcode`.
 */
export type DnsStatus =
  | 'NOERROR'
  | 'NODATA'
  | 'NXDOMAIN'
  | 'SERVFAIL'
  | 'DNSSEC'
  | 'NOT_RECURSIVE'
  | 'REFUSED'
  | 'RCODE'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'MALFORMED'
  | 'CNAME_LOOP'
  | 'CNAME_DEPTH'
  | 'BAD_NAME';

export type QueryType = 'A' | 'AAAA' | 'TXT';

/** Outcomes that say nothing about the name: the check could not be made (dns/inconclusive). */
export const INCONCLUSIVE: ReadonlySet<DnsStatus> = new Set(['TIMEOUT', 'NETWORK', 'SERVFAIL', 'NOT_RECURSIVE']);

/** A DNS server to ask: canonical IP, port, family and a label for messages. */
export type Resolver = Endpoint;

export interface DnsAnswer {
  /** Resolver label (host:port). */
  resolver: string;
  /** The name asked for (canonical, no trailing dot). */
  name: string;
  type: QueryType;
  status: DnsStatus;
  /** The response code when status is RCODE (e.g. FORMERR). */
  rcode?: string;
  /** A/AAAA: canonical addresses; TXT: each record's strings joined. Sorted, unique. */
  values: string[];
  /** Smallest TTL of the final RRset (NOERROR only). */
  ttl?: number;
  /** CNAME targets followed, in order (canonical names). */
  chain: string[];
  /** Why, for failures: error code, where a loop closed, what was malformed. */
  detail?: string;
  /** Some hop had to be repeated over TCP (the UDP answer was truncated). */
  tcp: boolean;
  /** Extended DNS Errors the resolver attached (RFC 8914), e.g. "DNSSEC Bogus (EDE 6): ...". */
  ede?: string[];
  /** DNSSEC failures: the response code when asked again with checking disabled (CD=1), if it passes then. */
  uncheckedRcode?: string;
  ms: number;
}

export interface QueryOptions {
  /** Budget for one question to one resolver: all UDP tries plus the TCP fallback. */
  timeoutMs: number;
  /** Extra UDP transmissions, evenly spread inside timeoutMs. */
  retries: number;
  limiter: Limiter;
  /** RD bit; default true (stub to a recursive resolver). verify-zone asks authorities with false. */
  recursion?: boolean;
  /** CD bit (RFC 4035 §3.2.2): ask the resolver to skip DNSSEC validation. */
  checkingDisabled?: boolean;
  /** A socket to this resolver shared with related questions (default: one per question). */
  udp?: UdpChannel;
}

export { EDNS_UDP_SIZE };
/**
 * CNAMEs followed before giving up. No stricter than the recursors members sit behind: BIND
 * followed 16 until 9.18.29 and now 11 (max-query-restarts, BIND 9.18.29 release notes);
 * Unbound follows 11 since 1.13.2 (MAX_RESTART_COUNT, NLnetLabs/unbound#438). A chain a
 * recursor resolves is never called broken here.
 */
export const MAX_CNAME_DEPTH = 16;
const MAX_LABEL = 63;
const MAX_NAME = 253;
const LABEL_RE = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;

// ---------------------------------------------------------------- names and resolvers

/**
 * Canonical form of a name we are about to encode, or an error. dns-packet checks no
 * lengths (RFC 1035 §2.3.4): a 64-octet label gives a packet nobody can decode.
 */
export function checkName(input: string): { ok: true; name: string } | { ok: false; reason: string } {
  let name = input.toLowerCase();
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (name === '') return { ok: false, reason: 'empty name' };
  if (name.length > MAX_NAME) return { ok: false, reason: `name is ${name.length} characters, more than ${MAX_NAME}` };
  for (const label of name.split('.')) {
    if (label.length === 0) return { ok: false, reason: 'empty label' };
    if (label.length > MAX_LABEL) return { ok: false, reason: `label "${label.slice(0, 20)}…" is ${label.length} octets, more than ${MAX_LABEL}` };
    if (!LABEL_RE.test(label)) return { ok: false, reason: `label ${JSON.stringify(label)} is not letters, digits, hyphen (or underscore)` };
  }
  return { ok: true, name };
}

/** `host`, `host:port`, `[v6]:port` or a bare IPv6 address (lib/endpoint.ts). */
export function parseResolver(text: string): { ok: true; resolver: Resolver } | { ok: false; reason: string } {
  const r = parseEndpoint(text);
  return r.ok ? { ok: true, resolver: r.endpoint } : r;
}

/** RFC 5952 text for an IPv6 address (lib/ip), or the input lower-cased if it is not one. */
export function canonicalIPv6(addr: string): string {
  const r = parseIp(addr);
  return r.ok && r.ip.family === 6 ? r.ip.text : addr.toLowerCase();
}

// ---------------------------------------------------------------- one exchange

export type Exchange =
  /** noEdns: the server answered FORMERR to EDNS and this answer came without it. */
  | { kind: 'answer'; msg: packet.DecodedPacket; tcp: boolean; noEdns?: boolean }
  | { kind: 'error'; status: DnsStatus; detail: string; tcp: boolean };

interface Query {
  id: number;
  /** Lower case, no trailing dot. */
  name: string;
  type: packet.RecordType;
  rd: boolean;
  cd: boolean;
  /** Send an OPT record (RFC 6891); false after a server answered FORMERR to one. */
  edns: boolean;
}

function buildQuery(q: Query): packet.Packet {
  return {
    type: 'query',
    id: q.id,
    flags: (q.rd ? packet.RECURSION_DESIRED : 0) | (q.cd ? packet.CHECKING_DISABLED : 0),
    questions: [{ type: q.type, name: q.name, class: 'IN' }],
    additionals: q.edns ? [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_UDP_SIZE, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] : [],
  };
}

/** The response answers our question: id, QR bit, and the question echoed (RFC 5452 §9.1). */
function matches(msg: packet.DecodedPacket, q: Query): boolean {
  if (msg.id !== q.id || !msg.flag_qr) return false;
  const qs = msg.questions ?? [];
  if (qs.length !== 1) return false;
  const got = qs[0]!;
  const gotName = got.name.toLowerCase().replace(/\.$/, '');
  return gotName === q.name && got.type === q.type && (got.class ?? 'IN') === 'IN';
}

function decode(buf: Buffer): packet.DecodedPacket | Error {
  try {
    return packet.decode(buf);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** Malformed bytes carrying our id are our answer, broken; other garbage may be noise. */
function carriesId(buf: Buffer, id: number): boolean {
  return buf.length >= 2 && buf.readUInt16BE(0) === id;
}

interface Pending {
  q: Query;
  note: { garbage?: string };
  finish: (x: Exchange) => void;
}

/**
 * One connected UDP socket to one resolver, shared by the questions asked about one member
 * (A, AAAA, TXT): each keeps its own random id and question, and a reply reaches only the
 * question it answers (RFC 5452 §9.1). A socket per question cost a third of the DNS area's
 * CPU time (bench row 4a: create, bind, connect and close per datagram). connect() filters
 * replies to the resolver's address and port, and surfaces ICMP errors.
 */
export class UdpChannel {
  private sock: UdpSocket | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Set<Pending>();

  constructor(private readonly r: Resolver) {}

  private open(): Promise<void> {
    if (this.ready) return this.ready;
    const sock: UdpSocket = createSocket(this.r.family === 6 ? 'udp6' : 'udp4');
    this.sock = sock;
    const fail = (err: Error) => {
      // A broken socket fails what waits on it; the next question opens a new one.
      if (this.sock === sock) this.drop();
      for (const p of [...this.pending]) p.finish({ kind: 'error', status: 'NETWORK', detail: errCode(err), tcp: false });
    };
    sock.on('error', fail);
    sock.on('message', (buf) => {
      const msg = decode(buf);
      for (const p of [...this.pending]) {
        if (msg instanceof Error) {
          if (carriesId(buf, p.q.id)) p.finish({ kind: 'error', status: 'MALFORMED', detail: msg.message, tcp: false });
          else p.note.garbage = msg.message;
        } else if (matches(msg, p.q)) p.finish({ kind: 'answer', msg, tcp: false });
        // Anything else (wrong id, other question) is ignored: we keep waiting (RFC 5452).
      }
    });
    this.ready = new Promise((resolve) => sock.connect(this.r.port, this.r.host, () => resolve()));
    return this.ready;
  }

  private drop(): void {
    const sock = this.sock;
    this.sock = undefined;
    this.ready = undefined;
    if (!sock) return;
    sock.removeAllListeners('message');
    sock.removeAllListeners('error');
    sock.on('error', () => {});
    try {
      sock.close();
    } catch {
      /* already closed */
    }
  }

  /** Closes the socket; call when every question on it has finished. */
  close(): void {
    this.drop();
  }

  exchange(q: Query, retries: number, intervalMs: number, signal: DeadlineSignal, note: { garbage?: string }): Promise<Exchange> {
    return new Promise((resolve) => {
      const wire = packet.encode(buildQuery(q));
      let timer: NodeJS.Timeout | undefined;
      const p: Pending = {
        q,
        note,
        finish: (x) => {
          if (!this.pending.delete(p)) return;
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          resolve(x);
        },
      };
      const onAbort = () =>
        p.finish(note.garbage ? { kind: 'error', status: 'MALFORMED', detail: `no valid reply, only malformed bytes (${note.garbage})`, tcp: false } : { kind: 'error', status: 'TIMEOUT', detail: 'no reply', tcp: false });
      this.pending.add(p);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort);
      let sent = 0;
      const send = () => {
        if (!this.pending.has(p)) return;
        const sock = this.sock;
        if (!sock) return p.finish({ kind: 'error', status: 'NETWORK', detail: 'socket closed', tcp: false });
        sent++;
        sock.send(wire, (err) => {
          if (err) p.finish({ kind: 'error', status: 'NETWORK', detail: errCode(err), tcp: false });
        });
        if (sent <= retries) timer = setTimeout(send, intervalMs);
      };
      void this.open().then(send);
    });
  }
}

async function udpExchange(r: Resolver, q: Query, retries: number, intervalMs: number, signal: DeadlineSignal, note: { garbage?: string }, shared?: UdpChannel): Promise<Exchange> {
  if (shared) return shared.exchange(q, retries, intervalMs, signal, note);
  const own = new UdpChannel(r);
  try {
    return await own.exchange(q, retries, intervalMs, signal, note);
  } finally {
    own.close();
  }
}

/** What a TCP session does with each framed reply, and how it ends otherwise. */
export interface TcpHandlers<T> {
  /** One complete message (without the length prefix); a value ends the session. */
  message(msg: Buffer): T | undefined;
  /** The server closed the connection; `pending` bytes of an incomplete message were left. */
  closed(pending: number): T;
  /** Socket error (code such as ECONNREFUSED). */
  failed(code: string): T;
  aborted(): T;
}

/**
 * Sends `wire` (one message, unframed) over TCP and hands each reply to `h.message` until it
 * returns a value (RFC 1035 §4.2.2 / RFC 7766 two-byte framing; chunks may split or join
 * messages). Shared by queries, AXFR (many replies) and UPDATE.
 */
export function tcpSession<T>(r: Endpoint, wire: Buffer, signal: DeadlineSignal, h: TcpHandlers<T>): Promise<T> {
  return new Promise((resolve) => {
    let buf: Buffer = Buffer.alloc(0);
    let done = false;
    const sock: TcpSocket = tcpConnect({ host: r.host, port: r.port, family: r.family });
    const finish = (x: T) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      sock.removeAllListeners('data');
      sock.on('error', () => {});
      sock.destroy();
      resolve(x);
    };
    const onAbort = () => finish(h.aborted());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort);
    const framed = Buffer.alloc(wire.length + 2);
    framed.writeUInt16BE(wire.length, 0);
    wire.copy(framed, 2);
    sock.on('connect', () => sock.write(framed));
    sock.on('error', (err) => finish(h.failed(errCode(err))));
    sock.on('end', () => finish(h.closed(buf.length)));
    sock.on('data', (chunk: Buffer) => {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      while (!done && buf.length >= 2) {
        const len = buf.readUInt16BE(0);
        if (buf.length < len + 2) return;
        const one = buf.subarray(2, len + 2);
        buf = buf.subarray(len + 2);
        const x = h.message(one);
        if (x !== undefined) finish(x);
      }
    });
  });
}

function tcpExchange(r: Resolver, q: Query, signal: DeadlineSignal): Promise<Exchange> {
  return tcpSession<Exchange>(r, packet.encode(buildQuery(q)), signal, {
    aborted: () => ({ kind: 'error', status: 'TIMEOUT', detail: 'no complete reply over TCP', tcp: true }),
    failed: (code) => ({ kind: 'error', status: 'NETWORK', detail: `TCP ${code}`, tcp: true }),
    closed: (pending) => ({
      kind: 'error',
      status: pending ? 'MALFORMED' : 'NETWORK',
      detail: pending ? `TCP connection closed after ${pending} bytes of an incomplete message` : 'TCP connection closed without a reply',
      tcp: true,
    }),
    message: (one) => {
      const msg = decode(one);
      // On a stream there is no noise: a broken message ends the exchange.
      if (msg instanceof Error) return { kind: 'error', status: 'MALFORMED', detail: `TCP: ${msg.message}`, tcp: true };
      return matches(msg, q) ? { kind: 'answer', msg, tcp: true } : undefined;
    },
  });
}

/**
 * One question to one server within timeoutMs: UDP (with retransmissions), TCP if truncated.
 * Never throws: every failure is an `error` exchange with a status. `name` is lower case
 * without the trailing dot. Shared by the live checks and verify-zone.
 */
export async function exchange(r: Resolver, name: string, type: packet.RecordType, opts: QueryOptions): Promise<Exchange> {
  const x = await exchangeOnce(r, { id: randomInt(0, 0x10000), name, type, rd: opts.recursion ?? true, cd: opts.checkingDisabled ?? false, edns: true }, opts);
  // RFC 6891 §7: a server that does not know EDNS answers FORMERR; ask again without OPT.
  if (x.kind === 'answer' && rcodeOf(x.msg) === 'FORMERR') {
    const plain = await exchangeOnce(r, { id: randomInt(0, 0x10000), name, type, rd: opts.recursion ?? true, cd: opts.checkingDisabled ?? false, edns: false }, opts);
    return plain.kind === 'answer' ? { ...plain, noEdns: true } : plain;
  }
  return x;
}

export function rcodeOf(msg: packet.DecodedPacket): string {
  return String((msg as { rcode?: unknown }).rcode ?? 'NOERROR');
}

async function exchangeOnce(r: Resolver, q: Query, opts: QueryOptions): Promise<Exchange> {
  const note: { garbage?: string } = {};
  const retries = Math.max(0, Math.floor(opts.retries));
  const interval = opts.timeoutMs / (retries + 1);
  return opts.limiter(async () => {
    try {
      return await withDeadline(opts.timeoutMs, `DNS ${q.type} ${q.name} @${r.label}`, async (signal) => {
        const udp = await udpExchange(r, q, retries, interval, signal, note, opts.udp);
        if (udp.kind === 'answer' && udp.msg.flag_tc) return tcpExchange(r, q, signal);
        return udp;
      });
    } catch (err) {
      if (err instanceof DeadlineError) {
        if (note.garbage) return { kind: 'error', status: 'MALFORMED', detail: `no valid reply, only malformed bytes (${note.garbage})`, tcp: false };
        return { kind: 'error', status: 'TIMEOUT', detail: `no reply within ${opts.timeoutMs} ms`, tcp: false };
      }
      return { kind: 'error', status: 'NETWORK', detail: errCode(err), tcp: false };
    }
  });
}

// ---------------------------------------------------------------- resolve with CNAME chains

const RCODE_STATUS: Record<string, DnsStatus> = { NXDOMAIN: 'NXDOMAIN', SERVFAIL: 'SERVFAIL', REFUSED: 'REFUSED' };

/** RFC 8914 §4 INFO-CODEs (IANA "Extended DNS Error Codes"). */
const EDE_NAMES: Record<number, string> = {
  0: 'Other Error',
  1: 'Unsupported DNSKEY Algorithm',
  2: 'Unsupported DS Digest Type',
  3: 'Stale Answer',
  4: 'Forged Answer',
  5: 'DNSSEC Indeterminate',
  6: 'DNSSEC Bogus',
  7: 'Signature Expired',
  8: 'Signature Not Yet Valid',
  9: 'DNSKEY Missing',
  10: 'RRSIGs Missing',
  11: 'No Zone Key Bit Set',
  12: 'NSEC Missing',
  13: 'Cached Error',
  14: 'Not Ready',
  15: 'Blocked',
  16: 'Censored',
  17: 'Filtered',
  18: 'Prohibited',
  19: 'Stale NXDomain Answer',
  20: 'Not Authoritative',
  21: 'Not Supported',
  22: 'No Reachable Authority',
  23: 'Network Error',
  24: 'Invalid Data',
  25: 'Signature Expired before Valid',
  26: 'Too Early',
  27: 'Unsupported NSEC3 Iterations Value',
  28: 'Unable to conform to policy',
  29: 'Synthesized',
};

/** EDE codes that say validation failed (RFC 8914 §4.2–4.13, §4.26, §4.28). */
const DNSSEC_EDE = new Set([1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 25, 27]);

export interface Ede {
  code: number;
  text: string;
}

/** The Extended DNS Errors in a reply's OPT record (option code 15: INFO-CODE, then UTF-8 text). */
export function extendedErrors(msg: packet.DecodedPacket): Ede[] {
  const out: Ede[] = [];
  for (const rr of msg.additionals ?? []) {
    if (rr.type !== 'OPT') continue;
    for (const o of (rr as { options?: { code: number; data?: Buffer }[] }).options ?? []) {
      if (o.code !== 15 || !o.data || o.data.length < 2) continue;
      out.push({ code: o.data.readUInt16BE(0), text: o.data.subarray(2).toString('utf8').replace(/\0+$/, '') });
    }
  }
  return out;
}

/** "DNSSEC Bogus (EDE 6): validation failure <...>": how a recursor's reason reads. */
export function describeEde(e: Ede): string {
  const name = EDE_NAMES[e.code] ?? 'Extended DNS Error';
  return `${name} (EDE ${e.code})${e.text ? `: ${e.text}` : ''}`;
}

/**
 * Resolves `name`/`type` at one resolver, following CNAMEs (RFC 1034 §3.6.2, §5.2.2) up to
 * MAX_CNAME_DEPTH, re-asking for a target the reply did not cover. A SERVFAIL is asked again
 * with CD=1: when the data then arrives, or the resolver gave a DNSSEC Extended DNS Error,
 * the failure is DNSSEC (persistent), not a transient one.
 */
export async function resolve(resolver: Resolver, input: string, type: QueryType, opts: QueryOptions): Promise<DnsAnswer> {
  const start = performance.now();
  const checked = checkName(input);
  const chain: string[] = [];
  let tcp = false;
  const out = (status: DnsStatus, more: Partial<DnsAnswer> = {}): DnsAnswer => ({
    resolver: resolver.label,
    name: checked.ok ? checked.name : input,
    type,
    status,
    values: [],
    chain,
    tcp,
    ms: Math.round(performance.now() - start),
    ...more,
  });
  if (!checked.ok) return out('BAD_NAME', { detail: checked.reason });

  const seen = new Set<string>([checked.name]);
  let current = checked.name;
  for (let hop = 0; hop <= MAX_CNAME_DEPTH; hop++) {
    const x = await exchange(resolver, current, type, opts);
    tcp ||= x.tcp;
    if (x.kind === 'error') return out(x.status, { detail: x.detail });
    const msg = x.msg;
    const rcode = rcodeOf(msg);
    const answers = (msg.answers ?? []).filter((a) => a.type !== 'OPT' && ((a as { class?: string }).class ?? 'IN') === 'IN');
    const asked = current;
    const ede = extendedErrors(msg);
    const edeMore = ede.length ? { ede: ede.map(describeEde) } : {};

    // Walk the chain inside this reply.
    let values: string[] = [];
    let ttl: number | undefined;
    for (;;) {
      const here = answers.filter((a) => a.name.toLowerCase().replace(/\.$/, '') === current);
      const data = here.filter((a) => a.type === type);
      if (data.length) {
        for (const a of data) {
          const v = recordValue(type, (a as { data: unknown }).data);
          if (v === undefined) return out('MALFORMED', { detail: `unreadable ${type} record data (at ${current})` });
          values.push(v);
          const t = (a as { ttl?: number }).ttl;
          if (typeof t === 'number') ttl = ttl === undefined ? t : Math.min(ttl, t);
        }
        break;
      }
      const cname = here.find((a) => a.type === 'CNAME');
      if (!cname) break;
      const target = checkName(String((cname as { data: unknown }).data));
      if (!target.ok) return out('BAD_NAME', { detail: `${target.reason} (CNAME ${current} -> ${String((cname as { data: unknown }).data)})` });
      chain.push(target.name);
      if (seen.has(target.name)) return out('CNAME_LOOP', { detail: `a loop back to ${target.name} (from ${current})` });
      if (chain.length > MAX_CNAME_DEPTH) return out('CNAME_DEPTH', { detail: `more than ${MAX_CNAME_DEPTH} CNAMEs` });
      seen.add(target.name);
      current = target.name;
    }

    if (values.length) {
      values = [...new Set(values)].sort();
      return out('NOERROR', { values, ...(ttl !== undefined ? { ttl } : {}), ...edeMore });
    }
    if (rcode === 'SERVFAIL' && !opts.checkingDisabled) return out(...(await servfail(resolver, current, type, opts, ede)));
    if (rcode in RCODE_STATUS) return out(RCODE_STATUS[rcode]!, { rcode, ...edeMore });
    if (rcode !== 'NOERROR') return out('RCODE', { rcode, detail: `response code ${rcode}`, ...edeMore });
    // A referral to a recursive question: this server does not recurse (RFC 1035 §4.1.1 RA).
    if ((opts.recursion ?? true) && !msg.flag_ra && !msg.flag_aa && current === asked) {
      const ns = (msg.authorities ?? []).find((a) => a.type === 'NS');
      return out('NOT_RECURSIVE', { detail: ns ? `a referral to ${String(ns.name).replace(/\.$/, '') || '.'} (RA=0, AA=0)` : 'no data with RA=0 and AA=0' });
    }
    // NOERROR without data: if the reply moved us to a new name it may not cover, ask again.
    if (current !== asked) continue;
    return out('NODATA', edeMore);
  }
  return out('CNAME_DEPTH', { detail: `more than ${MAX_CNAME_DEPTH} CNAMEs` });
}

/** SERVFAIL: DNSSEC when the resolver says so (EDE) or the data arrives with CD=1; else transient. */
async function servfail(resolver: Resolver, name: string, type: QueryType, opts: QueryOptions, ede: Ede[]): Promise<[DnsStatus, Partial<DnsAnswer>]> {
  const reasons = ede.map(describeEde);
  const more = reasons.length ? { ede: reasons } : {};
  const cd = await exchange(resolver, name, type, { ...opts, checkingDisabled: true });
  const cdRcode = cd.kind === 'answer' ? rcodeOf(cd.msg) : undefined;
  const passesUnchecked = cdRcode === 'NOERROR' || cdRcode === 'NXDOMAIN';
  if (passesUnchecked || ede.some((e) => DNSSEC_EDE.has(e.code))) {
    const why = reasons.length ? reasons.join('; ') : 'validation failed';
    const detail = `${why}${passesUnchecked ? `; with checking disabled (CD=1) the resolver answers ${cdRcode}` : ''}`;
    return ['DNSSEC', { rcode: 'SERVFAIL', detail, ...more, ...(passesUnchecked ? { uncheckedRcode: cdRcode } : {}) }];
  }
  return ['SERVFAIL', { rcode: 'SERVFAIL', detail: reasons.length ? reasons.join('; ') : 'SERVFAIL', ...more }];
}

function textOf(data: unknown): string {
  const parts = Array.isArray(data) ? data : [data];
  return parts.map((p) => (Buffer.isBuffer(p) ? p.toString('utf8') : String(p))).join('');
}

function recordValue(type: QueryType, data: unknown): string | undefined {
  if (type === 'TXT') return textOf(data);
  if (typeof data !== 'string') return undefined;
  if (type === 'A') return isIPv4(data) ? data : undefined;
  return isIPv6(data) ? canonicalIPv6(data) : undefined;
}

function errCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') return (err as { code: string }).code;
  return err instanceof Error ? err.message : String(err);
}
