// Asking an authoritative server one question (RD=0), through the same DNS client the live
// checks use (scripts/live/dns/client.ts: UDP, TCP on truncation with two-byte framing).
// This adapter keeps verify-zone's shapes: a reply, or an Error it can classify.
import type * as packet from 'dns-packet';
import { exchange, type Resolver } from '../live/dns/client.js';
import { parseEndpoint as parse } from '../lib/endpoint.js';
import { DeadlineError } from '../live/pool.js';

export interface Endpoint {
  host: string;
  port: number;
}

export interface DnsReply {
  rcode: string;
  aa: boolean;
  answers: packet.Answer[];
  via: 'udp' | 'tcp';
  /** The server answered FORMERR to EDNS; this reply came to a query without an OPT record. */
  noEdns?: boolean;
}

/** Parses ADDR, ADDR:PORT, [V6]:PORT (IP literals only); undefined when invalid. */
export function parseEndpoint(text: string): Endpoint | undefined {
  const r = parse(text);
  return r.ok ? { host: r.endpoint.host, port: r.endpoint.port } : undefined;
}

export function formatEndpoint(e: Endpoint): string {
  return e.host.includes(':') ? `[${e.host}]:${e.port}` : `${e.host}:${e.port}`;
}

const direct = <T>(task: () => Promise<T>) => task();

/** One query within timeoutMs; rejects with DeadlineError on timeout, or an Error naming the failure. */
export async function queryServer(server: Endpoint, name: string, type: packet.RecordType, timeoutMs: number): Promise<DnsReply> {
  const resolver: Resolver = { host: server.host, port: server.port, family: server.host.includes(':') ? 6 : 4, label: formatEndpoint(server) };
  const x = await exchange(resolver, name.toLowerCase().replace(/\.$/, ''), type, { timeoutMs, retries: 0, limiter: direct, recursion: false });
  if (x.kind === 'answer') return { rcode: String((x.msg as { rcode?: unknown }).rcode ?? 'NOERROR'), aa: x.msg.flag_aa === true, answers: x.msg.answers ?? [], via: x.tcp ? 'tcp' : 'udp', ...(x.noEdns ? { noEdns: true } : {}) };
  const what = `${type} ${name} @${resolver.label}${x.tcp ? ' (tcp)' : ''}`;
  if (x.status === 'TIMEOUT') throw new DeadlineError(timeoutMs, what);
  const err: NodeJS.ErrnoException = new Error(x.status === 'MALFORMED' ? `malformed ${x.tcp ? 'TCP ' : ''}answer to ${what}: ${x.detail}` : `${what}: ${x.detail}`);
  const code = /\bE[A-Z]+\b/.exec(x.detail)?.[0];
  if (code) err.code = code;
  throw err;
}
