// A node's Tendermint P2P address as members write it: host:port, host, or [IPv6]:port; the
// host is a DNS name or an IP. Canonical form: lower-case name, re-serialised IP.
import { canonicalName, checkHostname } from '../lib/domain.js';
import { parseIp } from '../lib/ip.js';

export const P2P_PORT = 26656;

export type P2pAddress = { ok: true; host: string; port: number; isIp: boolean } | { ok: false; reason: string };

export function parseP2pAddress(text: string): P2pAddress {
  const odd = /[^A-Za-z0-9.:[\]-]/.exec(text);
  if (odd) return { ok: false, reason: `it contains "${odd[0]}": give one host:port, without node ID, scheme, list or spaces` };
  let host = text;
  let portText: string | undefined;
  const bracket = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracket) (host = bracket[1]!), (portText = bracket[2]);
  else if (text.split(':').length === 2) [host, portText] = text.split(':') as [string, string];
  else if (text.includes(':')) return { ok: false, reason: 'an IPv6 address needs brackets: [2001:db8::1]:26656' };
  if (portText !== undefined && !/^\d{1,5}$/.test(portText)) return { ok: false, reason: `port "${portText}" is not a number` };
  const port = portText === undefined ? P2P_PORT : Number(portText);
  if (!(port >= 1 && port <= 65535)) return { ok: false, reason: `port ${port} is out of range (1–65535)` };
  const ip = parseIp(host);
  if (ip.ok) {
    if (bracket && ip.ip.family !== 6) return { ok: false, reason: 'brackets are for IPv6 addresses only' };
    return { ok: true, host: ip.ip.text, port, isIp: true };
  }
  if (bracket) return { ok: false, reason: `"${host}" is not an IPv6 address` };
  if (/^[0-9.]+$/.test(host)) return { ok: false, reason: `"${host}" is not a valid IPv4 address (${ip.reason})` };
  const name = canonicalName(host);
  const syntax = name ? checkHostname(name) : { ok: false as const, reason: 'it is not a host name' };
  if (!syntax.ok) return { ok: false, reason: `"${host}": ${syntax.reason}` };
  return { ok: true, host: name!, port, isIp: false };
}

/** host:port, [v6]:port for IPv6. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
