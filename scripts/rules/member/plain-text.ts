import type { Path } from '../../load/source.js';
import { memberRule } from '../define.js';

// Control characters, line breaks, bidi overrides and zero-width characters let text look
// different to a reviewer than to a machine (Trojan Source, CVE-2021-42574).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

export default memberRule({
  meta: {
    id: 'member/plain-text',
    severity: 'error',
    description: 'Free-text fields are one line of visible text: no control characters, line breaks, bidi overrides or zero-width characters.',
    citation: 'Unicode UTS #55 §4 (bidi spoofing), CVE-2021-42574',
    messages: {
      unsafe: '{field} contains an invisible or control character (shown escaped: "{value}"). Write it as one line of visible text.',
    },
  },
  check({ member, report }) {
    const d = member.data;
    const fields: Array<[string, Path, string | undefined]> = [
      ['organization.name', ['organization', 'name'], d.organization.name],
      ['organization.website', ['organization', 'website'], d.organization.website],
      ...d.contacts.map((c, i): [string, Path, string | undefined] => [`contacts[${i}].name`, ['contacts', i, 'name'], c.name]),
    ];
    for (const [field, path, value] of fields) {
      if (value !== undefined && UNSAFE.test(value)) report({ messageId: 'unsafe', data: { field, value }, path });
    }
  },
});
