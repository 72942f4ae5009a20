// Last-line checks before anything reaches a zone file: only LDH names and re-parsed IPs.
// The validator already canonicalised the model; these guard against a bug letting member
// text through (a newline, `;`, `(`, `"`, space or `$INCLUDE` would add records or directives).
import { isIP } from 'node:net';

export class ZoneValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZoneValueError';
  }
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Lower-case LDH FQDN with trailing dot, labels ≤ 63, name ≤ 253 characters (RFC 1035 §2.3.4). */
export function isCanonicalFqdn(name: string): boolean {
  if (typeof name !== 'string' || !name.endsWith('.')) return false;
  const bare = name.slice(0, -1);
  if (bare.length === 0 || bare.length > 253) return false;
  return bare.split('.').every((l) => LABEL.test(l));
}

export function assertFqdn(name: string, what: string): string {
  if (!isCanonicalFqdn(name)) throw new ZoneValueError(`refusing to write ${what} ${JSON.stringify(name)}: not a lower-case LDH name with a trailing dot`);
  return name;
}

/**
 * Re-parses an address and returns its canonical text: the dotted quad, or RFC 5952 §4 for
 * IPv6 (lower case, no leading zeros, longest zero run as "::", all hex -- as the model
 * stores it). node:net is the gate: only digits, hex, `.` and `:` get through, zone ids not.
 */
export function canonicalIp(ip: string, family: 4 | 6): string {
  return ipBytes(ip, family).text;
}

export function ipBytes(ip: string, family: 4 | 6): { text: string; bytes: Uint8Array } {
  if (typeof ip !== 'string' || isIP(ip) !== family || ip.includes('%')) {
    throw new ZoneValueError(`refusing to write ${JSON.stringify(ip)}: not an IPv${family} address`);
  }
  // net.isIPv4 accepts only plain dotted quads without leading zeros: already canonical.
  if (family === 4) {
    const bytes = new Uint8Array(4);
    let i = 0;
    for (let k = 0; k < ip.length; k++) {
      const c = ip.charCodeAt(k);
      if (c === 46) i++;
      else bytes[i] = bytes[i]! * 10 + (c - 48);
    }
    return { text: ip, bytes };
  }
  const bytes = ipv6Bytes(ip);
  return { text: formatIPv6(bytes), bytes };
}

/** Bytes of an address net.isIPv6 accepted (so the syntax is known good): one pass, no splits. */
function ipv6Bytes(ip: string): Uint8Array {
  const groups: number[] = [];
  let gap = -1;
  let cur = 0;
  let digits = 0;
  let v4: number[] | undefined;
  for (let k = 0; k < ip.length; k++) {
    const c = ip.charCodeAt(k);
    if (c === 58 /* : */) {
      if (digits) groups.push(cur);
      else if (k > 0 && ip.charCodeAt(k - 1) === 58) gap = groups.length;
      cur = 0;
      digits = 0;
    } else if (c === 46 /* . */) {
      // Embedded IPv4: the digits so far were decimal; re-read this part.
      const start = ip.lastIndexOf(':') + 1;
      v4 = ip.slice(start).split('.').map(Number);
      digits = 0;
      break;
    } else {
      cur = cur * 16 + (c <= 57 ? c - 48 : (c | 32) - 87);
      digits++;
    }
  }
  if (digits) groups.push(cur);
  if (v4) groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
  const bytes = new Uint8Array(16);
  const tail = gap < 0 ? 0 : groups.length - gap;
  for (let i = 0; i < groups.length; i++) {
    const pos = gap >= 0 && i >= gap ? 8 - tail + (i - gap) : i;
    bytes[pos * 2] = groups[i]! >> 8;
    bytes[pos * 2 + 1] = groups[i]! & 0xff;
  }
  return bytes;
}

function formatIPv6(b: Uint8Array): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[i * 2]! << 8) | b[i * 2 + 1]!);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) (best = i), (bestLen = j - i);
    i = j;
  }
  const hex = g.map((n) => n.toString(16));
  return best < 0 ? hex.join(':') : `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
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
