import { MAX_CNAME_DEPTH } from '../../live/dns/client.js';
import type { LiveMemberRule } from '../types.js';
import { addressFailures, dnsFacts } from './util.js';

const MESSAGE: Record<string, string> = {
  NXDOMAIN: 'nxdomain',
  REFUSED: 'refused',
  MALFORMED: 'malformed',
  CNAME_LOOP: 'cname',
  CNAME_DEPTH: 'cname',
  BAD_NAME: 'badName',
  RCODE: 'rcode',
};

const rule: LiveMemberRule = {
  meta: {
    id: 'dns/no-answer',
    severity: 'error',
    description: 'node.domain must resolve: every resolver must answer A and AAAA with records or a clean "no records of this type". (Timeouts and SERVFAIL are dns/inconclusive; DNSSEC failures dns/dnssec-failure.)',
    citation: 'RFC 1035 §4.1.1 (RCODE); RFC 2308 §2 (NXDOMAIN vs NODATA); RFC 1034 §3.6.2 (CNAME chains)',
    messages: {
      nxdomain: 'Resolver {resolver} says {name} does not exist (NXDOMAIN{via}) for {types}. Register the domain and create its A/AAAA records, or correct node.domain.',
      refused: 'Resolver {resolver} REFUSED to answer {name} {types}. Use a resolver that serves this name (--resolver or network.yaml live.resolvers), or fix the name servers of {name}.',
      malformed: 'Resolver {resolver} sent a malformed reply for {name} {types} ({detail}). Check the name servers of {name} (or the path to the resolver): a broken reply proves nothing.',
      cname: 'The CNAME chain of {name} ({chain}) does not end in records at resolver {resolver}: {detail}. Make the chain end at a name with A/AAAA records, within {max} steps.',
      badName: 'Resolver {resolver}: {name} {types} leads to an invalid name ({detail}). Fix the CNAME record.',
      rcode: 'Resolver {resolver} answered {name} {types} with response code {rcode}. Check the name servers of {name}.',
    },
  },
  scope: 'live-member',
  needs: 'dns',
  check(ctx) {
    const facts = dnsFacts(ctx.member);
    if (!facts) return;
    // One finding per resolver and outcome, naming the record types it covers.
    for (const { x, types } of addressFailures(facts, (x) => MESSAGE[x.status] !== undefined, (x) => `${x.status}|${x.rcode ?? ''}|${x.chain.join('>')}`)) {
      ctx.report({
        messageId: MESSAGE[x.status]!,
        data: {
          resolver: x.resolver,
          name: x.name,
          types,
          status: x.status,
          rcode: x.rcode ?? '',
          detail: x.detail ?? x.status,
          chain: [x.name, ...x.chain].join(' -> '),
          max: MAX_CNAME_DEPTH,
          via: x.chain.length ? ` at ${x.chain[x.chain.length - 1]}, via CNAME ${x.chain.join(' -> ')}` : '',
        },
        path: ['node', 'domain'],
      });
    }
  },
};

export default rule;
