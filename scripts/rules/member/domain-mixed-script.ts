import { canonicalName, mixedScriptLabel } from '../../lib/domain.js';
import { memberRule } from '../define.js';

export default memberRule({
  meta: {
    id: 'member/domain-mixed-script',
    severity: 'error',
    description: 'A label mixing look-alike scripts (Latin with Cyrillic or Greek) is a homoglyph spoof of another name.',
    citation: 'UTS #39 §5.1 (mixed-script detection), RFC 5890 §4.4',
    messages: {
      mixed: 'node.domain label "{label}" mixes {scripts} letters, which look alike (e.g. Cyrillic "а" and Latin "a"). Use a name in one script.',
    },
  },
  check({ member, report }) {
    const c = canonicalName(member.data.node.domain);
    const m = c && mixedScriptLabel(c);
    if (m) report({ messageId: 'mixed', data: { label: m.label, scripts: m.scripts.join(' and ') }, path: ['node', 'domain'] });
  },
});
