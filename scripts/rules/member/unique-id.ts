import { membersRule } from '../define.js';
import { reportDuplicates } from './unique.js';

export default membersRule({
  meta: {
    id: 'member/unique-id',
    severity: 'error',
    description: 'Member ids are unique: they name the member’s file, its consortium DNS name and its governance identity.',
    citation: 'pmnet member file format',
    messages: { duplicate: 'id "{value}" is already used by {other}. Choose another id.' },
  },
  check({ members, report }) {
    reportDuplicates(members, (m) => [{ key: m.data.id.toLowerCase(), shown: m.data.id, path: ['id'] }], report);
  },
});
