import { canonicalName } from '../../lib/domain.js';
import { membersRule } from '../define.js';
import { reportDuplicates } from './unique.js';

export default membersRule({
  meta: {
    id: 'member/unique-domain',
    severity: 'error',
    description: 'Each member runs its own node under its own domain (compared case-insensitively, trailing dot and IDN normalised).',
    citation: 'Planetmint docs, "Networks"; RFC 4343 (case-insensitive names)',
    messages: { duplicate: 'node.domain "{value}" is already the node domain of {other}. Each member runs its own node under its own name.' },
  },
  check({ members, report }) {
    reportDuplicates(
      members,
      (m) => {
        const c = canonicalName(m.data.node.domain);
        return c ? [{ key: c, shown: c, path: ['node', 'domain'] }] : [];
      },
      report,
    );
  },
});
