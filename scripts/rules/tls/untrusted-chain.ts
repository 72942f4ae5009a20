// pmnet's own path validation (scripts/pki/verify.ts), not OpenSSL's pass/fail.
import type { LiveMemberRule } from '../types.js';
import { reportProblems } from './common.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/untrusted-chain',
    severity: 'error',
    description: 'The served chain leads to a trusted root (system roots plus network.yaml live.ca_files / --ca): signatures, issuers valid at the checking time, CA flags, pathLenConstraint, keyCertSign and name constraints.',
    citation: 'RFC 5280 §6.1 (path validation); RFC 8446 §4.4.2 (the server sends its chain)',
    messages: {
      untrusted: 'The certificate served at {addresses} does not verify to a trusted root: {cert} {detail} ({field}: {citation}). Fix: {fix}.',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    reportProblems(ctx, 'tls/untrusted-chain', 'untrusted');
  },
};

export default rule;
