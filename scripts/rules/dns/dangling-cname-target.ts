import { memberName } from '../../model/names.js';
import type { LiveMemberRule } from '../types.js';
import { dnsFacts } from './util.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'dns/dangling-cname-target',
    severity: 'error',
    description: "The consortium's CNAME for an active member must point at a name that exists; a CNAME to a name that does not exist (NXDOMAIN) can be taken over by whoever registers it. A name that exists without A/AAAA is an address mismatch, not this.",
    citation: 'RFC 1034 §3.6.2 (CNAME); RFC 2181 §10.1; RFC 2308 §2.1 (NXDOMAIN)',
    messages: {
      dangling: 'The consortium name {alias} is a CNAME to {target}, which does not exist ({reasons}). Whoever registers or claims {target} could serve traffic for {alias} (subdomain takeover). Make {target} resolve to the node, or suspend the member until it does.',
    },
  },
  scope: 'live-member',
  needs: 'dns',
  check(ctx) {
    const facts = dnsFacts(ctx.member);
    // Suspended members get no CNAME in the zone, so nothing can dangle.
    if (!facts || ctx.member.model.status !== 'active' || facts.target.dangling !== 'yes') return;
    const net = ctx.network.model;
    const alias = memberName(net, facts.memberId);
    ctx.report({
      messageId: 'dangling',
      data: { alias, target: facts.target.name, reasons: facts.target.reasons.map((r) => `${r.resolver}: ${r.reason}`).join('; ') },
      path: ['node', 'domain'],
    });
  },
};

export default rule;
