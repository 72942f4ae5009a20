import { canonicalName, checkHostname } from '../../lib/domain.js';
import { memberRule } from '../define.js';

// Dot-atom local part (RFC 5322 §3.4.1) — quoted local parts are not accepted for contacts.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

export default memberRule({
  meta: {
    id: 'member/contact-email',
    severity: 'error',
    description: 'Each contact has a deliverable email address: dot-atom local part and a valid domain.',
    citation: 'RFC 5322 §3.4.1, RFC 5321 §4.5.3.1',
    messages: {
      invalid: 'contacts[{index}].email "{email}" is not an email address ({reason}).',
    },
  },
  check({ member, report }) {
    member.data.contacts.forEach((c, index) => {
      const at = c.email.lastIndexOf('@');
      const local = at > 0 ? c.email.slice(0, at) : '';
      const domain = at > 0 ? canonicalName(c.email.slice(at + 1)) : undefined;
      let reason = '';
      if (at <= 0) reason = 'no "@"';
      else if (local.length > 64 || !LOCAL.test(local)) reason = 'invalid part before "@"';
      else if (!domain || !checkHostname(domain).ok) reason = 'invalid domain after "@"';
      if (reason) report({ messageId: 'invalid', data: { index, email: c.email, reason }, path: ['contacts', index, 'email'] });
    });
  },
});
