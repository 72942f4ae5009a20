import type { LiveMembersRule } from '../types.js';

const rule: LiveMembersRule = {
  meta: {
    id: 'dns/resolver-unusable',
    severity: 'error',
    description: 'Each resolver is tried once on the consortium’s own domain first; one that does not recurse or cannot answer is reported once and judges no member (its failures would otherwise appear as a verdict on every member).',
    citation: 'RFC 1035 §4.1.1 (RA bit); RFC 1034 §4.3.1 (recursive service)',
    messages: {
      notRecursive:
        '{resolver} is not a recursive resolver ({detail} for {name}): its answers say nothing about members’ names, so no member was judged through it. Give a recursive resolver with --resolver ADDR[:PORT] or network.yaml live.resolvers.',
      down:
        'Resolver {resolver} could not answer for the consortium’s own domain {name} ({status}: {detail}): every check through it would be inconclusive, so no member was judged through it. Retry later, or use another resolver with --resolver ADDR[:PORT].',
    },
  },
  scope: 'live-members',
  needs: 'dns',
  check(ctx) {
    const facts = ctx.members.find((m) => m.facts.dns)?.facts.dns;
    if (!facts) return;
    // Some resolver still judged the members: a warning; none did: nothing was checked, an error.
    const severity = facts.unusable.length < facts.configured.length ? 'warning' : 'error';
    const listed = ctx.network.model.live.resolvers;
    for (const u of facts.unusable) {
      const index = listed.findIndex((r) => r === u.resolver || `${r}:53` === u.resolver);
      ctx.report({
        messageId: u.kind === 'not-recursive' ? 'notRecursive' : 'down',
        data: { resolver: u.resolver, name: u.name, status: u.status, detail: u.detail },
        inNetwork: true,
        path: index >= 0 ? ['live', 'resolvers', index] : ['live', 'resolvers'],
        severity,
      });
    }
  },
};

export default rule;
