import { canonicalName, specialUseSuffix } from '../../lib/domain.js';
import { memberRule } from '../define.js';

export default memberRule({
  meta: {
    id: 'member/domain-special-use',
    severity: 'error',
    description: 'Special-use names (.test, .example, .invalid, .local, .localhost, .onion, home.arpa, .alt) never resolve publicly; only a test network’s policy may allow them.',
    citation: 'RFC 6761, RFC 6762, RFC 7686, RFC 8375, RFC 9476',
    messages: {
      special: 'node.domain "{domain}" is under the special-use name .{suffix} ({citation}), which does not resolve on the public Internet. Use a registered domain, or list "{suffix}" in network.yaml policy.allow_special_use_names for a test network.',
    },
  },
  check({ member, network, report }) {
    const c = canonicalName(member.data.node.domain);
    if (!c) return;
    const s = specialUseSuffix(c);
    if (s && !network.model.policy.allowSpecialUseNames.includes(s.suffix)) {
      report({ messageId: 'special', data: { domain: c, suffix: s.suffix, citation: s.citation }, path: ['node', 'domain'] });
    }
  },
});
