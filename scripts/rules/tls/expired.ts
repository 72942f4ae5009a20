import type { LiveMemberRule } from '../types.js';
import { addressPath, problemsOf, servedCertificates, targets, tlsOf, when } from './common.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/expired',
    severity: 'error',
    description: 'The served certificate has not expired at the checking time (notAfter itself is still valid).',
    citation: 'RFC 5280 §4.1.2.5 and §6.1.3 (a)(2)',
    messages: {
      expired: 'The certificate served at {addresses} expired on {notAfter}. Renew it and reload the server; check that automatic renewal runs.',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    for (const s of servedCertificates(tlsOf(ctx.member))) {
      if (!problemsOf(s, 'tls/expired').length) continue;
      ctx.report({ messageId: 'expired', data: { addresses: targets(s.addresses), notAfter: when(s.leaf.notAfter) }, path: addressPath(s.first) });
    }
  },
};

export default rule;
