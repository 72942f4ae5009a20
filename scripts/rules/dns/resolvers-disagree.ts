import type { DnsAnswer } from '../../live/dns/facts.js';
import type { LiveMemberRule } from '../types.js';
import { definitive, describe, dnsFacts, groupBy } from './util.js';

// Only definite answers are compared: a timeout is dns/no-answer's, not a disagreement.
function signature(x: DnsAnswer): string {
  return x.status === 'NOERROR' ? `=${x.values.join(',')}` : x.status;
}

const rule: LiveMemberRule = {
  meta: {
    id: 'dns/resolvers-disagree',
    severity: 'warning',
    description: 'All configured resolvers should give the same answer; a difference means stale caches, split-horizon DNS or a change still propagating.',
    citation: 'RFC 2181 §5 (RRsets), RFC 2308 §5 (negative caching), RFC 1034 §4.3.2',
    messages: {
      disagree: 'Resolvers disagree on {type} {name}: {answers}. Wait for old TTLs ({maxTtl}) to expire, or check that every authoritative name server of {name} serves the same data.',
    },
  },
  scope: 'live-member',
  needs: 'dns',
  check(ctx) {
    const facts = dnsFacts(ctx.member);
    if (!facts || facts.resolvers.length < 2) return;
    for (const pick of [(r: (typeof facts.resolvers)[number]) => r.a, (r: (typeof facts.resolvers)[number]) => r.aaaa, (r: (typeof facts.resolvers)[number]) => r.proof]) {
      const answers = facts.resolvers.map(pick).filter(definitive);
      const groups = groupBy(answers, signature);
      if (groups.length < 2) continue;
      const first = answers[0]!;
      const ttls = answers.map((a) => a.ttl ?? 0);
      ctx.report({
        messageId: 'disagree',
        data: {
          type: first.type,
          name: first.name,
          answers: groups.map((g) => `${g.map((a) => a.resolver).join(', ')} -> ${describe(g[0]!)}`).join('; '),
          maxTtl: `${Math.max(...ttls)} s`,
        },
        path: ['node', 'domain'],
      });
    }
  },
};

export default rule;
