import type { LiveMemberRule } from '../types.js';
import { reportProblems } from './common.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/sha1-signature',
    severity: 'error',
    description: 'No certificate the chain relies on is signed with SHA-1, MD5 or DSA (SHA-256 or better, RSA, ECDSA or Ed25519).',
    citation: 'CA/Browser Forum Baseline Requirements §7.1.3.2; RFC 9155',
    messages: {
      weakSignature: '{subject} {detail} ({field}: {citation}). Fix: {fix}.',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    reportProblems(ctx, 'tls/sha1-signature', 'weakSignature');
  },
};

export default rule;
