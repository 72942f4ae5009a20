import type { LiveMemberRule } from '../types.js';
import { addressPath, describe, isWeakSignature, leafAndIntermediates, servedCertificates, tlsOf } from './common.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/sha1-signature',
    severity: 'error',
    description: 'No certificate in the served chain is signed with SHA-1 (or MD5).',
    citation: 'CA/Browser Forum Baseline Requirements §7.1.3.2; RFC 9155',
    messages: {
      weakSignature: '{cert} is signed with {algorithm}; clients reject SHA-1 and MD5 signatures. Get a certificate signed with SHA-256 or better.',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    for (const s of servedCertificates(tlsOf(ctx.member))) {
      for (const c of leafAndIntermediates(s)) {
        if (!isWeakSignature(c)) continue;
        const cert = describe(s, c);
        ctx.report({ messageId: 'weakSignature', data: { cert: cert[0]!.toUpperCase() + cert.slice(1), algorithm: c.signatureAlgorithm }, path: addressPath(s.first) });
      }
    }
  },
};

export default rule;
