// DNS-ID rules for server certificates: presented-name syntax, RFC 9525 matching with the
// public-suffix refusal of the CA/B Forum, and RFC 5280 name-constraint matching.
import { getPublicSuffix } from 'tldts';
import { isLdhLabel } from '../lib/domain.js';

/**
 * A presented dNSName in "preferred name syntax" (RFC 5280 §4.2.1.6, RFC 1034 §3.5): ASCII LDH
 * labels, optionally `*` as the whole left-most label. No underscores, no empty labels, no U-labels.
 */
export function isValidPresentedDns(name: string): boolean {
  if (!name.length || name.length > 253) return false;
  const labels = name.toLowerCase().split('.');
  return labels.every((l, i) => (i === 0 && l === '*' && labels.length > 1) || isLdhLabel(l));
}

/** A public suffix from the Public Suffix List, ICANN and private sections (or a single label). */
export function isPublicSuffix(name: string): boolean {
  const n = name.toLowerCase();
  if (!n.includes('.')) return true;
  return getPublicSuffix(n, { allowPrivateDomains: true }) === n;
}

/**
 * RFC 9525 §6.3: exact match, or `*` as the whole left-most label standing for exactly one
 * label. A wildcard over a public suffix (`*.com`, `*.co.uk`, `*.s3.amazonaws.com`) never
 * matches (CA/B Forum BR §3.2.2.6).
 */
export function dnsIdMatches(presented: string, reference: string): boolean {
  const p = presented.toLowerCase().replace(/\.$/, '');
  const r = reference.toLowerCase().replace(/\.$/, '');
  if (!p.includes('*')) return p === r;
  if (!p.startsWith('*.') || p.indexOf('*', 1) !== -1) return false;
  const rest = p.slice(2);
  if (isPublicSuffix(rest)) return false;
  const dot = r.indexOf('.');
  return dot > 0 && r.slice(dot + 1) === rest;
}

/** RFC 5280 §4.2.1.10 dNSName constraint syntax: LDH labels, no wildcard, no leading dot. Empty = everything. */
export function isValidDnsConstraint(c: string): boolean {
  return c === '' || c.toLowerCase().split('.').every(isLdhLabel);
}

/** `name` is `base` or under it ("adding zero or more labels to the left"). */
export function withinDns(name: string, base: string): boolean {
  const n = name.toLowerCase();
  const b = base.toLowerCase();
  return b === '' || n === b || n.endsWith(`.${b}`);
}

/**
 * Whether a presented name (maybe `*.x`) lies wholly inside the subtree `base` (for permitted
 * subtrees) or may reach into it (for excluded ones). A wildcard `*.x` stands for one label
 * over x, so it is inside `base` when x is; it may reach `base` when `base` is one label over x.
 */
export function dnsInSubtree(presented: string, base: string): { inside: boolean; touches: boolean } {
  if (!presented.startsWith('*.')) {
    const hit = withinDns(presented, base);
    return { inside: hit, touches: hit };
  }
  const x = presented.slice(2);
  const inside = withinDns(x, base);
  const b = base.toLowerCase();
  const touches = inside || (b.endsWith(`.${x.toLowerCase()}`) && !b.slice(0, -x.length - 1).includes('.'));
  return { inside, touches };
}

/** iPAddress constraint: address+mask bytes (8 or 32) against an address (4 or 16). */
export function ipInSubtree(addr: Buffer, constraint: Buffer): boolean {
  const n = addr.length;
  if (constraint.length !== 2 * n) return false;
  for (let i = 0; i < n; i++) if ((addr[i]! & constraint[n + i]!) !== (constraint[i]! & constraint[n + i]!)) return false;
  return true;
}

/** An iPAddress GeneralName as text (dotted IPv4, uncompressed IPv6, hex otherwise). */
export function ipText(b: Buffer): string {
  if (b.length === 4) return [...b].join('.');
  if (b.length === 16) {
    const parts: string[] = [];
    for (let i = 0; i < 16; i += 2) parts.push(b.readUInt16BE(i).toString(16));
    return parts.join(':');
  }
  return b.toString('hex');
}
