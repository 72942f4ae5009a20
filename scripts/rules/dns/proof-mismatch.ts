import type { LiveMemberRule } from '../types.js';
import { dnsFacts, proofId, proofRecord } from './util.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'dns/proof-mismatch',
    severity: 'error',
    description: 'A proof TXT record at <proofLabel>.<domain> that names a different member id: the domain is claimed for someone else.',
    citation: 'RFC 8552 (underscored node names); RFC 1035 §3.3.14 (TXT)',
    messages: {
      otherMember: 'The proof TXT at {proofName} names member {others}, not {id} (values: {values}). If member {id} controls {domain}, replace the record with {record}; otherwise correct node.domain.',
    },
  },
  scope: 'live-member',
  needs: 'dns',
  check(ctx) {
    const facts = dnsFacts(ctx.member);
    if (!facts) return;
    const values = [...new Set(facts.resolvers.flatMap((r) => (r.proof.status === 'NOERROR' ? r.proof.values : [])))];
    const ids = values.map(proofId).filter((x): x is string => x !== undefined);
    if (ids.length === 0 || ids.includes(facts.memberId)) return;
    ctx.report({
      messageId: 'otherMember',
      data: {
        proofName: facts.proofName,
        others: [...new Set(ids)].sort().join(', '),
        id: facts.memberId,
        domain: facts.domain,
        values: values.filter((v) => proofId(v) !== undefined).map((v) => JSON.stringify(v)).join(', '),
        record: proofRecord(facts),
      },
      path: ['node', 'domain'],
    });
  },
};

export default rule;
