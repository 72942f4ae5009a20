import type { LiveMemberRule } from '../types.js';
import { addressFailures, dnsFacts } from './util.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'dns/dnssec-failure',
    severity: 'error',
    description: 'node.domain is DNSSEC-signed but its signatures do not validate (broken, expired, or a DS that matches no key): every validating resolver answers SERVFAIL, so users cannot reach the node. Persistent, and fixed in the member’s DNS.',
    citation: 'RFC 4035 §5 (authenticating DNS responses), §3.2.2 (CD bit); RFC 8914 §4 (Extended DNS Errors)',
    messages: {
      bogus:
        'Resolver {resolver} refuses {name} {types}: DNSSEC validation fails ({reasons}{unchecked}). Validating resolvers answer SERVFAIL for it, so clients cannot reach the node. Re-sign the zone of {name} (signatures broken or expired), or correct or remove its DS record at the parent zone.',
    },
  },
  scope: 'live-member',
  needs: 'dns',
  check(ctx) {
    const facts = dnsFacts(ctx.member);
    if (!facts) return;
    // One finding per resolver and reason ("Signature Expired (EDE 7)"), whatever the record type.
    for (const { x, types } of addressFailures(facts, (x) => x.status === 'DNSSEC', (x) => (x.ede ?? []).map((e) => e.replace(/:.*$/s, '')).join(';'))) {
      ctx.report({
        messageId: 'bogus',
        // The resolver's reasons are capped one by one; pmnet's own CD=1 finding always shows whole.
        data: {
          resolver: x.resolver,
          name: x.name,
          types,
          reasons: x.ede?.length ? x.ede : ['validation failed'],
          unchecked: x.uncheckedRcode ? `; with checking disabled (CD=1) the resolver answers ${x.uncheckedRcode}` : '',
        },
        path: ['node', 'domain'],
      });
    }
  },
};

export default rule;
