// The A / AAAA rules are one comparison with two record types (not a rule file itself).
import type { Path } from '../../load/source.js';
import type { LiveMemberRule } from '../types.js';
import { canonicalAddress, describe, dnsFacts, groupBy, list } from './util.js';

export function addressMismatchRule(id: string, type: 'A' | 'AAAA', field: 'ipv4' | 'ipv6', citation: string): LiveMemberRule {
  return {
    meta: {
      id,
      severity: 'error',
      description: `The ${type} records of node.domain must be exactly node.${field}: what the world resolves is what the member file declares.`,
      citation,
      messages: {
        missing: `{domain} has no ${type} record for {missing}, which node.${field} lists (resolver {resolvers} answered: {answer}). Create the missing ${type} record(s) at the DNS provider of {domain}, or remove the address(es) from node.${field}.`,
        extra: `{domain} has ${type} record(s) {extra} that node.${field} does not list (resolver {resolvers} answered: {answer}). Add the address(es) to node.${field}, or delete the record(s) from DNS.`,
        missingAndExtra: `The ${type} records of {domain} differ from node.${field} (resolver {resolvers} answered: {answer}): missing {missing}; extra {extra}. Make the ${type} records of {domain} exactly {expected}, or correct node.${field}.`,
      },
    },
    scope: 'live-member',
    needs: 'dns',
    check(ctx) {
      const facts = dnsFacts(ctx.member);
      if (!facts) return;
      const declared = ctx.member.model.node[field].map((a) => canonicalAddress(type, a));
      const want = new Set(declared);
      const rows = facts.resolvers
        .map((r) => (type === 'A' ? r.a : r.aaaa))
        // Only a definite RRset (possibly empty) is compared; failures and NXDOMAIN are dns/no-answer's.
        .filter((x) => x.status === 'NOERROR' || x.status === 'NODATA')
        .map((x) => {
          const got = new Set(x.values.map((v) => canonicalAddress(type, v)));
          return { x, missing: declared.filter((a) => !got.has(a)), extra: [...got].filter((a) => !want.has(a)).sort() };
        })
        .filter((r) => r.missing.length || r.extra.length);
      for (const group of groupBy(rows, (r) => `${r.missing.join(',')}|${r.extra.join(',')}`)) {
        const { x, missing, extra } = group[0]!;
        const messageId = missing.length && extra.length ? 'missingAndExtra' : missing.length ? 'missing' : 'extra';
        ctx.report({
          messageId,
          data: { domain: facts.domain, missing: list(missing), extra: list(extra), expected: list(declared), answer: describe(x), resolvers: group.map((r) => r.x.resolver).join(', ') },
          path: pathFor(ctx.member.source.data.node[field], missing, type, field),
        });
      }
    },
  };
}

/** One missing address: its list entry; otherwise the list (or node.domain when there is none). */
function pathFor(raw: string[] | undefined, missing: string[], type: 'A' | 'AAAA', field: 'ipv4' | 'ipv6'): Path {
  if (!raw) return ['node', 'domain'];
  if (missing.length === 1) {
    const i = raw.findIndex((a) => canonicalAddress(type, a) === missing[0]);
    if (i >= 0) return ['node', field, i];
  }
  return ['node', field];
}
