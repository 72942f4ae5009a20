import type { LiveMemberRule } from '../types.js';
import { reportProblems } from './common.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/weak-key',
    severity: 'error',
    description: 'Every key of the chain (leaf, intermediates and root) is RSA of at least 2048 bits and a multiple of 8, or ECDSA on the named curve P-256, P-384 or P-521 (Ed25519 is accepted; DSA is not).',
    citation: 'CA/Browser Forum Baseline Requirements §6.1.5 and §7.1.3.1',
    messages: {
      weakKey: '{subject} {detail} ({field}: {citation}). Fix: {fix}.',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    reportProblems(ctx, 'tls/weak-key', 'weakKey');
  },
};

export default rule;
