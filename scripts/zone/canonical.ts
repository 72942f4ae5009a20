// Last-line checks before anything reaches a zone file: only LDH names and re-parsed IPs.
// The validator already canonicalised the model; these guard against a bug letting member
// text through (a newline, `;`, `(`, `"`, space or `$INCLUDE` would add records or directives).
import { isLdhLabel } from '../lib/domain.js';
import { isIP } from 'node:net';
import { parseIp } from '../lib/ip.js';

export class ZoneValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZoneValueError';
  }
}


/** Lower-case LDH FQDN with trailing dot, labels ≤ 63, name ≤ 253 characters (RFC 1035 §2.3.4). */
export function isCanonicalFqdn(name: string): boolean {
  if (typeof name !== 'string' || !name.endsWith('.')) return false;
  const bare = name.slice(0, -1);
  if (bare.length === 0 || bare.length > 253) return false;
  return bare.split('.').every(isLdhLabel);
}

export function assertFqdn(name: string, what: string): string {
  if (!isCanonicalFqdn(name)) throw new ZoneValueError(`refusing to write ${what} ${JSON.stringify(name)}: not a lower-case LDH name with a trailing dot`);
  return name;
}

/**
 * Re-parses an address and returns its canonical text (dotted quad, or RFC 5952 as the model
 * stores it). node:net is an independent gate in front of lib/ip's parser: only what both
 * accept, in the expected family and without a zone id, gets through.
 */
export function canonicalIp(ip: string, family: 4 | 6): string {
  return ipBytes(ip, family).text;
}

export function ipBytes(ip: string, family: 4 | 6): { text: string; bytes: Uint8Array } {
  const r = typeof ip === 'string' && isIP(ip) === family && !ip.includes('%') ? parseIp(ip) : undefined;
  if (!r?.ok || r.ip.family !== family) throw new ZoneValueError(`refusing to write ${JSON.stringify(ip)}: not an IPv${family} address`);
  return { text: r.ip.text, bytes: r.ip.bytes };
}

/** Throws unless `ip` is already in canonical form (what the model promises). */
export function assertCanonicalIp(ip: string, family: 4 | 6): string {
  const c = canonicalIp(ip, family);
  if (c !== ip) throw new ZoneValueError(`refusing to write ${JSON.stringify(ip)}: not canonical (expected ${c})`);
  return ip;
}

export function assertUint(n: number, max: number, what: string): number {
  if (!Number.isInteger(n) || n < 0 || n > max) throw new ZoneValueError(`refusing to write ${what} ${JSON.stringify(n)}: not an integer in 0..${max}`);
  return n;
}

export const MAX_TTL = 2 ** 31 - 1; // RFC 2181 §8
export const MAX_U32 = 2 ** 32 - 1;
