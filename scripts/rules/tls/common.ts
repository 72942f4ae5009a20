// Helpers shared by the tls/* and api/* rules (not a rule).
import { memberName } from '../../model/names.js';
import type { Path } from '../../load/source.js';
import type { AddressTlsFacts, CertSummary, TlsFacts } from '../../live/tls/facts.js';
import type { Member, Network } from '../../model/types.js';
import type { LiveMember } from '../types.js';

export const DAY_MS = 86_400_000;

export function tlsOf(m: LiveMember): TlsFacts | undefined {
  return m.facts.tls;
}

export function addressPath(a: AddressTlsFacts): Path {
  return ['node', a.list, a.index];
}

export function target(a: Pick<AddressTlsFacts, 'address' | 'port'>): string {
  return a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}

export function targets(list: readonly AddressTlsFacts[]): string {
  const t = list.map(target);
  return t.length <= 1 ? (t[0] ?? '') : `${t.slice(0, -1).join(', ')} and ${t[t.length - 1]}`;
}

/** Addresses whose handshake completed and whose leaf parsed. */
export function servedAddresses(f: TlsFacts | undefined): Array<AddressTlsFacts & { leaf: CertSummary }> {
  return (f?.addresses ?? []).filter((a): a is AddressTlsFacts & { leaf: CertSummary } => a.connect.kind === 'ok' && !!a.leaf);
}

export interface Served {
  leaf: CertSummary;
  /** Issuers as received with this leaf at the first address. */
  chain: CertSummary[];
  addresses: AddressTlsFacts[];
  first: AddressTlsFacts;
}

/** One entry per distinct leaf certificate a member serves, in address order. */
export function servedCertificates(f: TlsFacts | undefined): Served[] {
  const out = new Map<string, Served>();
  for (const a of servedAddresses(f)) {
    const s = out.get(a.leaf.fingerprint256);
    if (s) s.addresses.push(a);
    else out.set(a.leaf.fingerprint256, { leaf: a.leaf, chain: a.chain, addresses: [a], first: a });
  }
  return [...out.values()];
}

/**
 * RFC 9525 §6.3: a DNS-ID matches the reference name exactly (case-insensitive), or is a
 * wildcard whose `*` is the whole left-most label and stands for exactly one label. Partial
 * wildcards (`f*.example.com`) never match; neither does `*.<single label>`.
 */
export function dnsIdMatches(presented: string, reference: string): boolean {
  const p = presented.toLowerCase().replace(/\.$/, '');
  const r = reference.toLowerCase().replace(/\.$/, '');
  if (!p.includes('*')) return p === r;
  if (!p.startsWith('*.') || p.indexOf('*', 1) !== -1) return false;
  const rest = p.slice(2);
  if (!rest.includes('.')) return false;
  const dot = r.indexOf('.');
  return dot > 0 && r.slice(dot + 1) === rest;
}

export function covers(leaf: CertSummary, name: string): boolean {
  return leaf.dnsNames.some((d) => dnsIdMatches(d, name));
}

/** The member's per-node name under the consortium domain: <id>.<memberLabel>.<domain>. */
export function consortiumName(network: Network, member: Member): string {
  return memberName(network, member.id);
}

/** "2026-11-24 08:53 UTC" */
export function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function quoteList(items: readonly string[]): string {
  return items.map((s) => `"${s}"`).join(', ');
}

/** Short form of a colon-hex fingerprint for messages. */
export function shortFingerprint(fp: string): string {
  return fp.length > 23 ? `${fp.slice(0, 23)}…` : fp;
}

/** "the certificate served at X" or "the intermediate certificate "CN=…" sent by X". */
export function describe(s: Served, cert: CertSummary): string {
  return cert === s.leaf
    ? `the certificate served at ${targets(s.addresses)}`
    : `the intermediate certificate "${cert.subject}" sent by ${targets(s.addresses)}`;
}

/** Leaf plus the issuers the server sent, without self-issued roots (their self-signature is not checked). */
export function leafAndIntermediates(s: Served): CertSummary[] {
  return [s.leaf, ...s.chain.filter((c) => !c.selfIssued)];
}

export function isWeakSignature(c: CertSummary): boolean {
  return /sha1|md5|md2/i.test(c.signatureAlgorithm);
}

export function isWeakKey(c: CertSummary): boolean {
  return weakKeyReason(c) !== undefined;
}

export type WeakKey = { messageId: 'rsaTooSmall'; bits: number } | { messageId: 'badCurve'; curve: string } | { messageId: 'badKeyType'; type: string };

export function weakKeyReason(c: CertSummary): WeakKey | undefined {
  if (c.keyType === 'rsa' || c.keyType === 'rsa-pss') return c.keyBits !== undefined && c.keyBits < 2048 ? { messageId: 'rsaTooSmall', bits: c.keyBits } : undefined;
  if (c.keyType === 'ec') return ['prime256v1', 'secp384r1', 'secp521r1'].includes(c.curve ?? '') ? undefined : { messageId: 'badCurve', curve: c.curve ?? 'unknown' };
  if (c.keyType === 'ed25519' || c.keyType === 'ed448') return undefined;
  return { messageId: 'badKeyType', type: c.keyType };
}
