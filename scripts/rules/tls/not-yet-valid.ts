import type { LiveMemberRule } from '../types.js';
import { addressPath, problemsOf, servedCertificates, targets, tlsOf, when } from './common.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/not-yet-valid',
    severity: 'error',
    description: 'The served certificate is already valid at the checking time (notBefore itself is valid).',
    citation: 'RFC 5280 §4.1.2.5 and §6.1.3 (a)(2)',
    messages: {
      notYetValid: 'The certificate served at {addresses} is not valid before {notBefore}; clients reject it until then. Serve the previous certificate until that time, or check the clock of the machine that issued it.',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    for (const s of servedCertificates(tlsOf(ctx.member))) {
      if (!problemsOf(s, 'tls/not-yet-valid').length) continue;
      ctx.report({ messageId: 'notYetValid', data: { addresses: targets(s.addresses), notBefore: when(s.leaf.notBefore) }, path: addressPath(s.first) });
    }
  },
};

export default rule;
