import type { LiveMemberRule } from '../types.js';
import { addressPath, describe, leafAndIntermediates, servedCertificates, tlsOf, weakKeyReason } from './common.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/weak-key',
    severity: 'error',
    description: 'Certificate keys are RSA of at least 2048 bits or ECDSA on P-256, P-384 or P-521 (Ed25519 is accepted).',
    citation: 'CA/Browser Forum Baseline Requirements §6.1.5 and §6.1.1.3',
    messages: {
      rsaTooSmall: 'The key of {cert} is RSA with {bits} bits; at least 2048 bits are required. Make a new key (RSA 2048+ or ECDSA P-256) and get a new certificate.',
      badCurve: 'The key of {cert} is on the elliptic curve {curve}; only P-256, P-384 and P-521 are allowed. Make a new ECDSA P-256 key and get a new certificate.',
      badKeyType: 'The key of {cert} is of type {type}, which TLS server certificates may not use. Use RSA 2048+ or ECDSA P-256.',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    for (const s of servedCertificates(tlsOf(ctx.member))) {
      for (const c of leafAndIntermediates(s)) {
        const w = weakKeyReason(c);
        if (w) ctx.report({ messageId: w.messageId, data: { ...w, cert: describe(s, c) }, path: addressPath(s.first) });
      }
    }
  },
};

export default rule;
