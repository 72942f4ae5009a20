// DNS server addresses as people write them: host, host:port, [v6]:port or a bare IPv6
// address. One parser for network.yaml's resolvers, --resolver, and verify-zone --server.
import { parseIp } from './ip.js';

export interface Endpoint {
  /** Canonical IP text. */
  host: string;
  port: number;
  family: 4 | 6;
  /** "host:port" or "[v6]:port", for messages. */
  label: string;
}

export function parseEndpoint(text: string): { ok: true; endpoint: Endpoint } | { ok: false; reason: string } {
  const t = text.trim();
  let host = t;
  let portText: string | undefined;
  const bracket = /^\[([^\]]+)\](?::([^:]*))?$/.exec(t);
  if (bracket) (host = bracket[1]!), (portText = bracket[2]);
  else if ((t.match(/:/g) ?? []).length === 1) [host, portText] = t.split(':') as [string, string];
  if (host.includes('%')) return { ok: false, reason: `"${text}": zone ids (%…) are local to one host and not allowed` };
  const ip = parseIp(host);
  if (!ip.ok) return { ok: false, reason: `"${host}" is not an IP address (${ip.reason}); give servers by address` };
  if (portText !== undefined && !/^\d{1,5}$/.test(portText)) return { ok: false, reason: `port "${portText}" is not a number` };
  const port = portText === undefined ? 53 : Number(portText);
  if (!(port >= 1 && port <= 65535)) return { ok: false, reason: `port ${port} is out of range (1–65535)` };
  const family = ip.ip.family;
  const label = family === 6 ? `[${ip.ip.text}]:${port}` : `${ip.ip.text}:${port}`;
  return { ok: true, endpoint: { host: ip.ip.text, port, family, label } };
}
