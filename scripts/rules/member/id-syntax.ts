import { isLdhLabel } from '../../lib/domain.js';
import { memberRule } from '../define.js';


export default memberRule({
  meta: {
    id: 'member/id-syntax',
    severity: 'error',
    description: 'The id becomes a DNS label (<id>.<member_names>.<domain>), so it must be a lower-case LDH label of 1–63 characters.',
    citation: 'RFC 1035 §2.3.1, RFC 1123 §2.1',
    messages: {
      invalid: 'The id "{id}" is not a valid DNS label: use 1–63 lower-case letters, digits and hyphens, not starting or ending with a hyphen (e.g. {suggestion}).',
      reserved: 'The id "{id}" uses "--" in positions 3–4, reserved for IDNA labels; choose another id.',
    },
  },
  check({ member, report }) {
    const id = member.data.id;
    if (!isLdhLabel(id)) {
      const suggestion = id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'acme-node';
      report({ messageId: 'invalid', data: { id, suggestion }, path: ['id'] });
    } else if (id.slice(2, 4) === '--') {
      report({ messageId: 'reserved', data: { id }, path: ['id'] });
    }
  },
});
