import { canonicalName, checkHostname } from '../../lib/domain.js';
import { memberRule } from '../define.js';

export default memberRule({
  meta: {
    id: 'member/domain-syntax',
    severity: 'error',
    description: 'node.domain must be a valid host name: LDH labels of at most 63 octets, at most 253 characters, no wildcard or underscore.',
    citation: 'RFC 952, RFC 1123 §2.1, RFC 1035 §2.3.4',
    messages: {
      notAName: 'node.domain "{domain}" cannot be a domain name (spaces, control characters or an invalid international name). Give the node’s host name, e.g. node1.example-org.net.',
      invalid: 'node.domain "{domain}" is not a valid host name: {reason}.',
    },
  },
  check({ member, report }) {
    const domain = member.data.node.domain;
    const c = canonicalName(domain);
    if (c === undefined) return report({ messageId: 'notAName', data: { domain }, path: ['node', 'domain'] });
    const r = checkHostname(c);
    if (!r.ok) report({ messageId: 'invalid', data: { domain, reason: r.reason }, path: ['node', 'domain'] });
  },
});
