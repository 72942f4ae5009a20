// RFC 9525: the certificate must name the node domain in a SAN dNSName.
import { listOf } from '../message.js';
import type { LiveMemberRule } from '../types.js';
import { addressPath, problemData, problemsOf, servedCertificates, tlsOf } from './common.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/name-mismatch',
    severity: 'error',
    description: 'The served certificate covers the node domain: SAN dNSName only (no CN fallback), a wildcard only as the whole left-most label and never over a public suffix.',
    citation: 'RFC 9525 §6.3 (DNS-ID matching; CN-IDs are no longer used); CA/B Forum BR §3.2.2.6 and §7.1.2.7.12',
    messages: {
      mismatch: '{subject} {detail}: its subjectAltName lists {names} ({field}: {citation}). Fix: {fix}.',
      problem: '{subject} {detail} ({field}: {citation}). Fix: {fix}.',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    for (const s of servedCertificates(tlsOf(ctx.member))) {
      for (const p of problemsOf(s, 'tls/name-mismatch')) {
        const names = listOf(s.leaf.dnsNames.map((n) => `"${n}"`));
        const data = { ...problemData(s, p), names };
        ctx.report({ messageId: p.code === 'name-mismatch' ? 'mismatch' : 'problem', data, path: addressPath(s.first) });
      }
    }
  },
};

export default rule;
