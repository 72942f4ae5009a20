// "No sharing of SSL certificates among node operators": across members, by certificate and by key.
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
      for (const { m, s } of list) {
        const others = list.filter((o) => o.m.model.id !== m.model.id);
        if (!others.length) continue;
        const sameCert = uniqueNames(others.filter((o) => o.s.leaf.fingerprint256 === s.leaf.fingerprint256));
        const sameKey = uniqueNames(others.filter((o) => o.s.leaf.fingerprint256 !== s.leaf.fingerprint256)).filter((n) => !sameCert.includes(n));
        const base = { domain: m.model.node.domain, fingerprint: shortFingerprint(s.leaf.fingerprint256), spki };
        if (sameCert.length) ctx.report({ member: m.source, messageId: 'sameCertificate', data: { ...base, others: sameCert.join(', ') }, path: addressPath(s.first) });
        if (sameKey.length) ctx.report({ member: m.source, messageId: 'sameKey', data: { ...base, others: sameKey.join(', ') }, path: addressPath(s.first) });
      }
    }
  },
};

function uniqueNames(list: Array<{ m: LiveMember }>): string[] {
  return [...new Set(list.map((o) => `member "${o.m.model.id}" (${o.m.model.node.domain})`))];
}

export default rule;
