// A small, self-contained DNS query for asking authoritative servers (RD=0): UDP first,
// TCP (2-byte length framing, RFC 1035 §4.2.2 / RFC 7766) when the answer is truncated.
// The full resolver client for live checks lives in scripts/live/dns/.
import { createSocket } from 'node:dgram';
import { connect, isIP } from 'node:net';
import { randomInt } from 'node:crypto';
import * as packet from 'dns-packet';
import { withDeadline } from '../live/pool.js';

export interface Endpoint {
  host: string;
  port: number;
}

export interface DnsReply {
  rcode: string;
  aa: boolean;
  answers: packet.Answer[];
  via: 'udp' | 'tcp';
}

const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];
const MAX_TCP = 65535 + 2;

/** Parses ADDR, ADDR:PORT, [V6]:PORT (IP literals only); undefined when invalid. */
export function parseEndpoint(text: string, defaultPort = 53): Endpoint | undefined {
  let host = text;
  let port = defaultPort;
  const v6 = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  if (v6) {
    host = v6[1]!;
    if (v6[2]) port = Number(v6[2]);
  } else if (isIP(text) !== 6) {
    const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(text);
    if (!m) return undefined;
    host = m[1]!;
    if (m[2]) port = Number(m[2]);
  }
  if (!isIP(host) || host.includes('%') || port < 1 || port > 65535) return undefined;
  return { host, port };
}

export function formatEndpoint(e: Endpoint): string {
  return isIP(e.host) === 6 ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`;
}

/** One query with a deadline per transport attempt; rejects with DeadlineError or a socket error. */
export async function queryServer(server: Endpoint, name: string, type: packet.RecordType, timeoutMs: number): Promise<DnsReply> {
  const id = randomInt(0, 0x10000);
  const q: packet.Packet = {
    type: 'query',
    id,
    flags: 0, // RD=0: we ask the authority itself
    questions: [{ type, class: 'IN', name }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232, flags: 0 } as packet.Answer],
  };
  const what = `${type} ${name} @${formatEndpoint(server)}`;
  let res = await withDeadline(timeoutMs, `${what} (udp)`, (signal) => udpExchange(server, packet.encode(q), (r) => matches(r, id, name, type), signal));
  let via: DnsReply['via'] = 'udp';
  if (res.flag_tc) {
    res = await withDeadline(timeoutMs, `${what} (tcp)`, (signal) => tcpExchange(server, packet.streamEncode(q), signal));
    if (!matches(res, id, name, type)) throw new Error(`${what}: TCP answer does not match the query`);
    via = 'tcp';
  }
  return { rcode: RCODES[(res.flags ?? 0) & 0xf] ?? `RCODE${(res.flags ?? 0) & 0xf}`, aa: res.flag_aa, answers: res.answers ?? [], via };
}

function matches(r: packet.DecodedPacket, id: number, name: string, type: string): boolean {
  const q = r.questions?.[0];
  return r.type === 'response' && r.id === id && r.questions?.length === 1 && !!q && q.type === type && q.name.toLowerCase() === name.toLowerCase().replace(/\.$/, '');
}

function udpExchange(server: Endpoint, query: Buffer, ok: (r: packet.DecodedPacket) => boolean, signal: AbortSignal): Promise<packet.DecodedPacket> {
  return new Promise((resolve, reject) => {
    const sock = createSocket(isIP(server.host) === 6 ? 'udp6' : 'udp4');
    let settled = false;
    const done = (err: unknown, r?: packet.DecodedPacket) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      sock.close();
      if (err) reject(err);
      else resolve(r!);
    };
    const onAbort = () => done(signal.reason ?? new Error('aborted'));
    signal.addEventListener('abort', onAbort);
    sock.on('error', (e) => done(e));
    sock.on('message', (msg, rinfo) => {
      if (rinfo.port !== server.port) return;
      let r: packet.DecodedPacket;
      try {
        r = packet.decode(msg);
      } catch {
        return; // malformed: keep waiting for the real answer until the deadline
      }
      if (ok(r)) done(null, r);
    });
    sock.connect(server.port, server.host, () => sock.send(query));
  });
}

function tcpExchange(server: Endpoint, framed: Buffer, signal: AbortSignal): Promise<packet.DecodedPacket> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host: server.host, port: server.port });
    let buf = Buffer.alloc(0);
    let settled = false;
    const done = (err: unknown, r?: packet.DecodedPacket) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      sock.destroy();
      if (err) reject(err);
      else resolve(r!);
    };
    const onAbort = () => done(signal.reason ?? new Error('aborted'));
    signal.addEventListener('abort', onAbort);
    sock.on('error', (e) => done(e));
    sock.on('connect', () => sock.write(framed));
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length > MAX_TCP) return done(new Error('TCP answer too long'));
      if (buf.length < 2 || buf.length < 2 + buf.readUInt16BE(0)) return;
      try {
        done(null, packet.decode(buf.subarray(2, 2 + buf.readUInt16BE(0))));
      } catch (e) {
        done(new Error(`malformed TCP answer: ${(e as Error).message}`));
      }
    });
    sock.on('end', () => done(new Error('connection closed before a full answer')));
  });
}
