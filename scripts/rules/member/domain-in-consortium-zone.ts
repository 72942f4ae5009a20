import { canonicalName, isAtOrBelow } from '../../lib/domain.js';
import { memberRule } from '../define.js';

export default memberRule({
  meta: {
    id: 'member/domain-in-consortium-zone',
    severity: 'error',
    description: 'The consortium zone is generated and authoritative for its whole domain, so a node domain inside it could never carry the operator’s own A record.',
    citation: 'RFC 1034 §4.2 (authoritative data)',
    messages: {
      inside: 'node.domain "{domain}" lies inside the consortium domain {zone}, whose records pmnet generates. Use a domain your organization controls outside {zone}.',
    },
  },
  check({ member, network, report }) {
    const c = canonicalName(member.data.node.domain);
    const zone = network.model.domain;
    if (c && isAtOrBelow(c, zone)) report({ messageId: 'inside', data: { domain: c, zone }, path: ['node', 'domain'] });
  },
});
