// Strict IP parsing and RFC 6890 classification. Node's net.isIP accepts zone ids and
// ipaddr.js accepts 0x7f.1 / 127.1; member files must hold one unambiguous spelling.

export type Family = 4 | 6;

export interface ParsedIp {
  family: Family;
  /** 4 or 16 bytes. */
  bytes: Uint8Array;
  /** Canonical text: dotted quad, or RFC 5952 for IPv6. */
  text: string;
}

export type ParseResult = { ok: true; ip: ParsedIp } | { ok: false; reason: string };

const DEC_OCTET = /^(?:0|[1-9][0-9]{0,2})$/;

export function parseIPv4(s: string): ParseResult {
  return fastIPv4(s) ?? slowIPv4(s);
}

/**
 * The usual spelling, canonical decimal a.b.c.d, read by char codes (no split, no regex); its text
 * is the input itself. Anything else, valid or not, is left to slowIPv4 (undefined).
 */
function fastIPv4(s: string): ParseResult | undefined {
  const n = s.length;
  if (n < 7 || n > 15) return undefined;
  const bytes = new Uint8Array(4);
  let i = 0;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (s.charCodeAt(i) !== 0x2e) return undefined;
      i++;
    }
    const start = i;
    let v = 0;
    for (let c = s.charCodeAt(i); c >= 0x30 && c <= 0x39; c = s.charCodeAt(++i)) v = v * 10 + c - 0x30;
    const len = i - start;
    // No digits, a leading zero, or more than three digits: the slow path says why.
    if (len === 0 || len > 3 || (len > 1 && s.charCodeAt(start) === 0x30) || v > 255) return undefined;
    bytes[part] = v;
  }
  if (i !== n) return undefined;
  return { ok: true, ip: { family: 4, bytes, text: s } };
}

function slowIPv4(s: string): ParseResult {
  const parts = s.split('.');
  if (parts.length !== 4) return { ok: false, reason: 'an IPv4 address has exactly four dot-separated decimal numbers' };
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (/^0[0-9]/.test(p)) return { ok: false, reason: `"${p}" has a leading zero (read as octal by some parsers)` };
    if (/^0x/i.test(p)) return { ok: false, reason: `"${p}" is hexadecimal; write decimal` };
    if (!DEC_OCTET.test(p) || Number(p) > 255) return { ok: false, reason: `"${p}" is not a number from 0 to 255` };
    bytes[i] = Number(p);
  }
  return { ok: true, ip: { family: 4, bytes, text: Array.from(bytes).join('.') } };
}

export function parseIPv6(s: string): ParseResult {
  const bytes = fastIPv6(s);
  if (bytes) return { ok: true, ip: { family: 6, bytes, text: formatIPv6(bytes) } };
  return slowIPv6(s);
}

/** Hex value of a char code, or -1. */
function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20; // A-F to a-f
  return l >= 0x61 && l <= 0x66 ? l - 0x57 : -1;
}

/**
 * Groups of hex digits and colons with at most one "::" (no embedded IPv4, zone id or brackets),
 * read by char codes. Returns the 16 bytes, or undefined for anything slowIPv6 must judge.
 */
function fastIPv6(s: string): Uint8Array | undefined {
  const n = s.length;
  if (n < 2 || n > 39) return undefined;
  const groups = new Uint16Array(8);
  let count = 0;
  /** Groups before the "::", or -1 without one. */
  let gap = -1;
  let i = 0;
  if (s.charCodeAt(0) === 0x3a) {
    if (s.charCodeAt(1) !== 0x3a) return undefined;
    gap = 0;
    i = 2;
  }
  while (i < n) {
    let v = 0;
    const start = i;
    for (let h = hexValue(s.charCodeAt(i)); h >= 0; h = hexValue(s.charCodeAt(++i))) v = (v << 4) | h;
    if (i === start || i - start > 4 || count === 8) return undefined;
    groups[count++] = v;
    if (i === n) break;
    if (s.charCodeAt(i) !== 0x3a) return undefined;
    i++;
    if (s.charCodeAt(i) === 0x3a) {
      if (gap >= 0) return undefined;
      gap = count;
      i++;
    } else if (i === n) return undefined;
  }
  if (gap < 0 ? count !== 8 : count > 7) return undefined;
  const bytes = new Uint8Array(16);
  const shift = gap < 0 ? 0 : 8 - count;
  for (let g = 0; g < count; g++) {
    const at = (gap >= 0 && g >= gap ? g + shift : g) * 2;
    bytes[at] = groups[g]! >> 8;
    bytes[at + 1] = groups[g]! & 0xff;
  }
  return bytes;
}

function slowIPv6(s: string): ParseResult {
  if (s.includes('%')) return { ok: false, reason: 'zone ids (%…) are local to one host and not allowed' };
  if (s.startsWith('[') || s.endsWith(']')) return { ok: false, reason: 'write the address without brackets' };
  if (!/^[0-9A-Fa-f:.]+$/.test(s)) return { ok: false, reason: 'an IPv6 address has only hex digits and colons' };
  let head = s;
  let v4: Uint8Array | undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const r = parseIPv4(s.slice(lastColon + 1));
    if (!r.ok) return { ok: false, reason: `embedded IPv4 part: ${r.reason}` };
    v4 = r.ip.bytes;
    head = s.slice(0, lastColon + 1) + '0:0'; // stand-in groups, replaced below
  }
  const dbl = head.split('::');
  if (dbl.length > 2) return { ok: false, reason: '"::" may appear only once' };
  const groupsOf = (t: string) => (t === '' ? [] : t.split(':'));
  const left = groupsOf(dbl[0]!);
  const right = dbl.length === 2 ? groupsOf(dbl[1]!) : [];
  const total = left.length + right.length;
  if (dbl.length === 1 && total !== 8) return { ok: false, reason: 'an IPv6 address has eight groups (or uses "::")' };
  if (dbl.length === 2 && total > 7) return { ok: false, reason: 'too many groups for an address with "::"' };
  const groups = [...left, ...Array(8 - total).fill('0'), ...right];
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const g = groups[i]!;
    if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return { ok: false, reason: `"${g}" is not a group of 1 to 4 hex digits` };
    const n = parseInt(g, 16);
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 0xff;
  }
  if (v4) bytes.set(v4, 12);
  return { ok: true, ip: { family: 6, bytes, text: formatIPv6(bytes) } };
}

const cache = new Map<string, ParseResult>();

/** Parses either family. Memoised: every address is judged by several rules. Results are frozen. */
export function parseIp(s: string): ParseResult {
  let r = cache.get(s);
  if (!r) {
    r = Object.freeze(s.includes(':') ? parseIPv6(s) : parseIPv4(s));
    if (cache.size > 100_000) cache.clear();
    cache.set(s, r);
  }
  return r;
}

/** RFC 5952 §4: lower case, no leading zeros, longest run (>1) of zero groups as "::", first on ties. */
export function formatIPv6(b: Uint8Array): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (b[i * 2] !== 0 || b[i * 2 + 1] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && b[j * 2] === 0 && b[j * 2 + 1] === 0) j++;
    if (j - i > bestLen) (bestStart = i), (bestLen = j - i);
    i = j;
  }
  if (bestLen < 2) bestStart = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += '::';
      i += bestLen - 1;
      continue;
    }
    if (out !== '' && i !== bestStart + bestLen) out += ':';
    out += (((b[i * 2]! << 8) | b[i * 2 + 1]!)).toString(16);
  }
  return out;
}

/** The IPv4 address inside ::ffff:a.b.c.d, if it is one. */
export function unwrapMapped(ip: ParsedIp): ParsedIp | undefined {
  if (ip.family !== 6) return undefined;
  const b = ip.bytes;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) return undefined;
  if (b[10] !== 0xff || b[11] !== 0xff) return undefined;
  const v4 = b.slice(12);
  return { family: 4, bytes: v4, text: Array.from(v4).join('.') };
}

export interface SpecialRange {
  cidr: string;
  name: string;
  /** Address class a test network's policy may allow; undefined = never allowed. */
  class?: 'documentation' | 'private' | 'loopback' | 'shared' | 'link-local' | 'benchmarking';
  citation: string;
}

// RFC 6890 + IANA special-purpose registries (reference.md). Order: most specific first is not
// needed: ranges do not overlap except 2001::/23 containing 2001:db8? (it does not: db8 > 01ff).
const V4: SpecialRange[] = [
  { cidr: '0.0.0.0/8', name: '"this network"', citation: 'RFC 791, RFC 6890' },
  { cidr: '10.0.0.0/8', name: 'private-use', class: 'private', citation: 'RFC 1918' },
  { cidr: '100.64.0.0/10', name: 'shared address space (CGN)', class: 'shared', citation: 'RFC 6598' },
  { cidr: '127.0.0.0/8', name: 'loopback', class: 'loopback', citation: 'RFC 1122 §3.2.1.3' },
  { cidr: '169.254.0.0/16', name: 'link-local', class: 'link-local', citation: 'RFC 3927' },
  { cidr: '172.16.0.0/12', name: 'private-use', class: 'private', citation: 'RFC 1918' },
  { cidr: '192.0.0.0/24', name: 'IETF protocol assignments', citation: 'RFC 6890 §2.1' },
  { cidr: '192.0.2.0/24', name: 'documentation (TEST-NET-1)', class: 'documentation', citation: 'RFC 5737' },
  { cidr: '192.88.99.0/24', name: '6to4 relay anycast (deprecated)', citation: 'RFC 7526' },
  { cidr: '192.168.0.0/16', name: 'private-use', class: 'private', citation: 'RFC 1918' },
  { cidr: '198.18.0.0/15', name: 'benchmarking', class: 'benchmarking', citation: 'RFC 2544' },
  { cidr: '198.51.100.0/24', name: 'documentation (TEST-NET-2)', class: 'documentation', citation: 'RFC 5737' },
  { cidr: '203.0.113.0/24', name: 'documentation (TEST-NET-3)', class: 'documentation', citation: 'RFC 5737' },
  { cidr: '224.0.0.0/4', name: 'multicast', citation: 'RFC 5771' },
  { cidr: '240.0.0.0/4', name: 'reserved (incl. broadcast)', citation: 'RFC 1112, RFC 919' },
];

const V6: SpecialRange[] = [
  { cidr: '::/128', name: 'unspecified', citation: 'RFC 4291 §2.5.2' },
  { cidr: '::1/128', name: 'loopback', class: 'loopback', citation: 'RFC 4291 §2.5.3' },
  { cidr: '::ffff:0:0/96', name: 'IPv4-mapped', citation: 'RFC 4291 §2.5.5.2' },
  { cidr: '64:ff9b::/96', name: 'IPv4/IPv6 translation', citation: 'RFC 6052' },
  { cidr: '100::/64', name: 'discard-only', citation: 'RFC 6666' },
  { cidr: '2001::/23', name: 'IETF protocol assignments', citation: 'RFC 2928' },
  { cidr: '2001:db8::/32', name: 'documentation', class: 'documentation', citation: 'RFC 3849' },
  { cidr: '2002::/16', name: '6to4', citation: 'RFC 3056' },
  { cidr: '3fff::/20', name: 'documentation', class: 'documentation', citation: 'RFC 9637' },
  { cidr: 'fc00::/7', name: 'unique local', class: 'private', citation: 'RFC 4193' },
  { cidr: 'fe80::/10', name: 'link-local', class: 'link-local', citation: 'RFC 4291 §2.5.6' },
  { cidr: 'ff00::/8', name: 'multicast', citation: 'RFC 4291 §2.7' },
];

interface CompiledRange extends SpecialRange {
  bytes: Uint8Array;
  bits: number;
}

const compile = (list: SpecialRange[]): CompiledRange[] =>
  list.map((r) => {
    const [addr, bits] = r.cidr.split('/') as [string, string];
    const p = parseIp(addr);
    if (!p.ok) throw new Error(`bad built-in range ${r.cidr}`);
    return { ...r, bytes: p.ip.bytes, bits: Number(bits) };
  });

const V4C = compile(V4);
const V6C = compile(V6);

export function inPrefix(addr: Uint8Array, prefix: Uint8Array, bits: number): boolean {
  if (addr.length !== prefix.length) return false;
  let i = 0;
  for (; bits >= 8; bits -= 8, i++) if (addr[i] !== prefix[i]) return false;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return (addr[i]! & mask) === (prefix[i]! & mask);
}

/** The special-purpose range an address falls in, or undefined for global unicast. */
export function specialRange(ip: ParsedIp): SpecialRange | undefined {
  if (ip.family === 4) return V4C.find((r) => inPrefix(ip.bytes, r.bytes, r.bits));
  // v4-mapped addresses are judged by their IPv4 part by the caller first.
  const hit = V6C.find((r) => inPrefix(ip.bytes, r.bytes, r.bits));
  if (hit) {
    // 2001::/23 holds 2001:db8 only if db8 < 0200 — it is not, so no overlap; keep the first hit.
    return hit;
  }
  if ((ip.bytes[0]! & 0xe0) !== 0x20) return { cidr: 'outside 2000::/3', name: 'IANA-reserved, not global unicast', citation: 'RFC 4291 §2.4, IANA IPv6 address space' };
  return undefined;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Key for "same network" comparisons: the first `bits` bits as hex. */
export function prefixKey(ip: ParsedIp, bits: number): string {
  const b = ip.bytes;
  const whole = Math.floor(bits / 8);
  let hex = '';
  for (let i = 0; i < b.length; i++) {
    if (i < whole) hex += HEX[b[i]!];
    else if (i === whole) hex += HEX[b[i]! & ((0xff << (8 - (bits % 8))) & 0xff)];
    else hex += '00';
  }
  return `${ip.family}:${hex}/${bits}`;
}
