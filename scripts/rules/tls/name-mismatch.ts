// RFC 9525: the certificate must name the node domain in a SAN dNSName.
import type { LiveMemberRule } from '../types.js';
import { addressPath, covers, quoteList, servedCertificates, targets, tlsOf } from './common.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/name-mismatch',
    severity: 'error',
    description: 'The served certificate covers the node domain (SAN dNSName only, no CN fallback, wildcard only as the whole left-most label).',
    citation: 'RFC 9525 §6.3 (DNS-ID matching; CN-IDs are no longer used); CA/B Forum BR §7.1.2.7.12',
    messages: {
      mismatch: 'The certificate served at {addresses} does not cover "{domain}": its subjectAltName lists {names}. Get a certificate for "{domain}" (a wildcard covers exactly one whole left-most label).',
      noSan: 'The certificate served at {addresses} has no DNS names in subjectAltName (subject "{subject}"); clients do not fall back to the Common Name. Get a certificate whose subjectAltName lists "{domain}".',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    const domain = ctx.member.model.node.domain;
    for (const s of servedCertificates(tlsOf(ctx.member))) {
      if (covers(s.leaf, domain)) continue;
      const data = { addresses: targets(s.addresses), domain, names: quoteList(s.leaf.dnsNames), subject: s.leaf.subject };
      ctx.report({ messageId: s.leaf.dnsNames.length ? 'mismatch' : 'noSan', data, path: addressPath(s.first) });
    }
  },
};

export default rule;
