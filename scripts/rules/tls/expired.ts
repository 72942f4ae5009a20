import type { LiveMemberRule } from '../types.js';
import { addressPath, servedCertificates, targets, tlsOf, when } from './common.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/expired',
    severity: 'error',
    description: 'The served certificate has not expired.',
    citation: 'RFC 5280 §4.1.2.5 and §6.1.3 (a)(2)',
    messages: {
      expired: 'The certificate served at {addresses} expired on {notAfter}. Renew it and reload the server; check that automatic renewal runs.',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    const f = tlsOf(ctx.member);
    if (!f) return;
    const now = Date.parse(f.checkedAt);
    for (const s of servedCertificates(f)) {
      if (Date.parse(s.leaf.notAfter) < now) {
        ctx.report({ messageId: 'expired', data: { addresses: targets(s.addresses), notAfter: when(s.leaf.notAfter) }, path: addressPath(s.first) });
      }
    }
  },
};

export default rule;
