// The encoding rules RFC 5280 and the Baseline Requirements make mandatory; strict clients
// (rustls, Go, pyca/cryptography) reject certificates that break them.
import type { LiveMemberRule } from '../types.js';
import { reportProblems } from './common.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/certificate-profile',
    severity: 'error',
    description: 'Every certificate of the chain follows the mandatory encoding rules: X.509 v3, serial number, AKI/SKI, critical flags, no unknown critical extension, no duplicate extension, CA flags only on CAs, SAN syntax and criticality, CN copied from the SAN.',
    citation: 'RFC 5280 §4.1 and §4.2; CA/Browser Forum Baseline Requirements §7.1',
    messages: {
      profile: '{subject} {detail} ({field}: {citation}). Fix: {fix}.',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    reportProblems(ctx, 'tls/certificate-profile', 'profile');
  },
};

export default rule;
