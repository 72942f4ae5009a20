// The live DNS rules, sorted by id. They run only with `pmnet validate --live` after gatherDns.
import type { LiveRule } from '../types.js';
import aRecordMismatch from './a-record-mismatch.js';
import aaaaRecordMismatch from './aaaa-record-mismatch.js';
import danglingCnameTarget from './dangling-cname-target.js';
import dnssecFailure from './dnssec-failure.js';
import inconclusive from './inconclusive.js';
import noAnswer from './no-answer.js';
import proofMismatch from './proof-mismatch.js';
import proofMissing from './proof-missing.js';
import resolverUnusable from './resolver-unusable.js';
import resolversDisagree from './resolvers-disagree.js';

export const dnsRules: LiveRule[] = [aRecordMismatch, aaaaRecordMismatch, danglingCnameTarget, dnssecFailure, inconclusive, noAnswer, proofMismatch, proofMissing, resolverUnusable, resolversDisagree].sort((a, b) =>
  a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0,
);
