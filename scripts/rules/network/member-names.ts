import { isLdhLabel } from '../../lib/domain.js';
import { networkRule } from '../define.js';


export default networkRule({
  meta: {
    id: 'network/member-names',
    severity: 'error',
    description: 'member_names is one lower-case DNS label (or empty) under which the per-member CNAMEs <id>.<member_names>.<domain> are generated.',
    citation: 'RFC 1035 §2.3.1',
    messages: { invalid: 'member_names "{value}" must be a single lower-case DNS label (letters, digits, hyphens; no dots), or "" for <id>.{domain}.' },
  },
  check({ network, report }) {
    const v = network.data.member_names;
    if (v !== '' && !isLdhLabel(v)) report({ messageId: 'invalid', inNetwork: true, path: ['member_names'], data: { value: v, domain: network.model.domain } });
  },
});
