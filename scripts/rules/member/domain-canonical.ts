import { canonicalName, checkHostname, toUnicode } from '../../lib/domain.js';
import { memberRule } from '../define.js';

export default memberRule({
  meta: {
    id: 'member/domain-canonical',
    severity: 'error',
    description: 'Names are stored in one canonical form (lower case, A-label xn-- form, no trailing dot) so reviewers compare what DNS compares.',
    citation: 'RFC 4343, RFC 5891 §5',
    messages: {
      notCanonical: 'Write node.domain as "{canonical}" (lower case, no trailing dot{idn}).',
    },
  },
  check({ member, report }) {
    const domain = member.data.node.domain;
    const c = canonicalName(domain);
    if (c === undefined || !checkHostname(c).ok || c === domain) return;
    const idn = /[^\x00-\x7f]/.test(domain) ? `, A-label form of "${toUnicode(c)}"` : '';
    report({ messageId: 'notCanonical', data: { canonical: c, idn }, path: ['node', 'domain'] });
  },
});
