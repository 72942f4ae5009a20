// "No sharing of SSL certificates among node operators": across members, by certificate and by key.
import { LIST_MAX, listOf } from '../message.js';
import type { LiveMember, LiveMembersRule } from '../types.js';
import { addressPath, servedCertificates, shortFingerprint, tlsOf, type Served } from './common.js';

const rule: LiveMembersRule = {
  meta: {
    id: 'tls/shared-certificate',
    severity: 'error',
    description: 'No two members serve the same certificate or certificates with the same public key.',
    citation: 'Planetmint docs, network-setup/networks.md ("no sharing of SSL certificates among node operators")',
    messages: {
      sameCertificate: 'This node serves the same certificate as {others} (SHA-256 {fingerprint}). Each operator needs its own key and certificate: make a new key and get a certificate for "{domain}" only.',
      sameKey: 'This node\'s certificate has the same public key as the certificate of {others} (SPKI SHA-256 {spki}). Operators must not share private keys: make a new key and get a new certificate for "{domain}".',
    },
  },
  scope: 'live-members',
  needs: 'tls',
  check(ctx) {
    const byKey = new Map<string, Array<{ m: LiveMember; s: Served }>>();
    for (const m of ctx.members) {
      for (const s of servedCertificates(tlsOf(m))) {
        const list = byKey.get(s.leaf.spkiSha256) ?? [];
        list.push({ m, s });
        byKey.set(s.leaf.spkiSha256, list);
      }
    }
    for (const [spki, list] of byKey) {
      if (list.length < 2) continue;
      // Per certificate and per key once, not per member: thousands of members sharing one stay linear.
      const byCert = new Map<string, Set<string>>();
      const all = new Set<string>();
      for (const o of list) {
        const names = byCert.get(o.s.leaf.fingerprint256) ?? new Set<string>();
        byCert.set(o.s.leaf.fingerprint256, names.add(nameOf(o.m)));
        all.add(nameOf(o.m));
      }
      const keyOthers = new Map<string, string[]>();
      for (const [fp, names] of byCert) keyOthers.set(fp, listOf(first(all, LIST_MAX, (n) => !names.has(n)), all.size - names.size));
      for (const { m, s } of list) {
        const own = nameOf(m);
        const names = byCert.get(s.leaf.fingerprint256)!;
        const sameCert = listOf(first(names, LIST_MAX, (n) => n !== own), names.size - 1);
        const sameKey = keyOthers.get(s.leaf.fingerprint256)!;
        const base = { domain: m.model.node.domain, fingerprint: shortFingerprint(s.leaf.fingerprint256), spki };
        if (sameCert.length) ctx.report({ member: m.source, messageId: 'sameCertificate', data: { ...base, others: sameCert }, path: addressPath(s.first) });
        if (sameKey.length) ctx.report({ member: m.source, messageId: 'sameKey', data: { ...base, others: sameKey }, path: addressPath(s.first) });
      }
    }
  },
};

const nameOf = (m: LiveMember): string => `member "${m.model.id}" (${m.model.node.domain})`;

/** Up to `n` items that pass `keep`, in order. */
function first(items: Iterable<string>, n: number, keep: (x: string) => boolean): string[] {
  const out: string[] = [];
  for (const x of items) {
    if (out.length >= n) break;
    if (keep(x)) out.push(x);
  }
  return out;
}

export default rule;
