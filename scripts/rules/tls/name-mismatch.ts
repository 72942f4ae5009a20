// RFC 9525: the certificate must name the node domain in a SAN dNSName.
import type { LiveMemberRule } from '../types.js';
import { reportProblems } from './common.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/name-mismatch',
    severity: 'error',
    description: 'The served certificate covers the node domain: SAN dNSName only (no CN fallback), a wildcard only as the whole left-most label and never over a public suffix.',
    citation: 'RFC 9525 §6.3 (DNS-ID matching; CN-IDs are no longer used); CA/B Forum BR §3.2.2.6 and §7.1.2.7.12',
    messages: {
      mismatch: '{subject} {detail} ({citation}). Fix: {fix}.',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    reportProblems(ctx, 'tls/name-mismatch', 'mismatch');
  },
};

export default rule;
