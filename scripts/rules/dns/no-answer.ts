import type { DnsAnswer } from '../../live/dns/facts.js';
import type { LiveMemberRule } from '../types.js';
import { dnsFacts, groupBy } from './util.js';

const MESSAGE: Record<string, string> = {
  NXDOMAIN: 'nxdomain',
  SERVFAIL: 'transient',
  TIMEOUT: 'transient',
  NETWORK: 'transient',
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
    description: 'node.domain must resolve: every resolver must answer A and AAAA with records or a clean "no records of this type".',
    citation: 'RFC 1035 §4.1.1 (RCODE); RFC 2308 §2 (NXDOMAIN vs NODATA); RFC 1034 §3.6.2 (CNAME chains)',
    messages: {
      nxdomain: 'Resolver {resolver} says {name} does not exist (NXDOMAIN{via}) for {types}. Register the domain and create its A/AAAA records, or correct node.domain.',
      transient: 'Transient failure, not a verdict on the records: resolver {resolver} gave {status} for {name} {types} ({detail}). Re-run the live check later; if it persists, check that the name servers of {name} answer.',
      refused: 'Resolver {resolver} REFUSED to answer {name} {types}. Use a resolver that serves this name (--resolver or network.yaml live.resolvers), or fix the name servers of {name}.',
      malformed: 'Resolver {resolver} sent a malformed reply for {name} {types} ({detail}). Check the name servers of {name} (or the path to the resolver): a broken reply proves nothing.',
      cname: 'The CNAME chain of {name} ({chain}) does not end in records at resolver {resolver}: {detail}. Make the chain end at a name with A/AAAA records, within 8 steps.',
      badName: 'Resolver {resolver}: {name} {types} leads to an invalid name ({detail}). Fix the CNAME record.',
      rcode: 'Resolver {resolver} answered {name} {types} with response code {rcode}. Check the name servers of {name}.',
    },
  },
  scope: 'live-member',
  needs: 'dns',
  check(ctx) {
    const facts = dnsFacts(ctx.member);
    if (!facts) return;
    const failed: DnsAnswer[] = [];
    for (const r of facts.resolvers) for (const x of [r.a, r.aaaa]) if (MESSAGE[x.status]) failed.push(x);
    // One finding per resolver and outcome, naming the record types it covers.
    for (const g of groupBy(failed, (x) => `${x.resolver}|${x.status}|${x.rcode ?? ''}|${x.chain.join('>')}`)) {
      const x = g[0]!;
      ctx.report({
        messageId: MESSAGE[x.status]!,
        data: {
          resolver: x.resolver,
          name: x.name,
          types: g.map((y) => y.type).join(' and '),
          status: x.status,
          rcode: x.rcode ?? '',
          detail: x.detail ?? x.status,
          chain: [x.name, ...x.chain].join(' -> '),
          via: x.chain.length ? ` at ${x.chain[x.chain.length - 1]}, via CNAME ${x.chain.join(' -> ')}` : '',
        },
        path: ['node', 'domain'],
      });
    }
  },
};

export default rule;
