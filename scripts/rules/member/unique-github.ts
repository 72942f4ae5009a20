import { membersRule } from '../define.js';
import { reportDuplicates } from './unique.js';

export default membersRule({
  meta: {
    id: 'member/unique-github',
    severity: 'error',
    description: 'A GitHub login acts for one organization only; otherwise one person’s approval would count for two members.',
    citation: 'pmnet governance (approvals are counted per member organization)',
    messages: { duplicate: 'GitHub login "{value}" is already listed by {other}. A login may act for one member only (logins compare case-insensitively).' },
  },
  check({ members, report }) {
    reportDuplicates(members, (m) => m.data.github.map((g, i) => ({ key: g.toLowerCase(), shown: g, path: ['github', i] })), report);
  },
});
