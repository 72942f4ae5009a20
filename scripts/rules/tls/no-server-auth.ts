import type { LiveMemberRule } from '../types.js';
import { reportProblems } from './common.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/no-server-auth',
    severity: 'error',
    description: 'The certificate has an extended key usage extension that lists serverAuth (and not anyExtendedKeyUsage); an intermediate with extended key usage allows serverAuth.',
    citation: 'RFC 5280 §4.2.1.12; CA/Browser Forum Baseline Requirements §7.1.2.7.6 and §7.1.2.7.10',
    messages: {
      noServerAuth: '{subject} {detail} ({field}: {citation}). Fix: {fix}.',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    reportProblems(ctx, 'tls/no-server-auth', 'noServerAuth');
  },
};

export default rule;
