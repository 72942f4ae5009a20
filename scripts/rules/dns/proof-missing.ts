import type { LiveMemberRule } from '../types.js';
import { definitive, describe, dnsFacts, proofId, proofRecord } from './util.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'dns/proof-missing',
    severity: 'error',
    description: 'Whoever submits a member file must show control of node.domain with a TXT record <proofLabel>.<domain> = "pmnet-member=<id>".',
    citation: 'RFC 8552 (underscored node names); RFC 1035 §3.3.14 (TXT); like publicsuffix/list _psl and RFC 8555 §8.4 dns-01',
    messages: {
      missing: 'No proof of control of {domain} for member {id}: {proofName} has no TXT record "{expected}" (resolver {resolvers} answered: {answer}). Create this record at the DNS provider of {domain}: {record}',
    },
  },
  scope: 'live-member',
  needs: 'dns',
  check(ctx) {
    const facts = dnsFacts(ctx.member);
    const policy = ctx.network.model.live.requireProof;
    if (!facts || policy === 'never') return;
    const severity = ctx.member.isNew || policy === 'always' ? 'error' : 'warning';
    const answers = facts.resolvers.map((r) => r.proof);
    const values = answers.flatMap((x) => (x.status === 'NOERROR' ? x.values : []));
    if (values.some((v) => proofId(v) === facts.memberId)) return;
    // A proof naming another member is dns/proof-mismatch's.
    if (values.some((v) => proofId(v) !== undefined)) return;
    const base = { domain: facts.domain, id: facts.memberId, proofName: facts.proofName, expected: facts.expectedProof, record: proofRecord(facts) };
    const sure = answers.filter(definitive);
    // Without a definite answer the check is dns/inconclusive's, not a verdict.
    if (sure.length) {
      ctx.report({
        messageId: 'missing',
        data: { ...base, resolvers: sure.map((x) => x.resolver).join(', '), answer: describe(sure[0]!) },
        path: ['node', 'domain'],
        severity,
      });
    }
  },
};

export default rule;
