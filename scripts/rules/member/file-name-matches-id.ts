import { memberRule } from '../define.js';

export default memberRule({
  meta: {
    id: 'member/file-name-matches-id',
    severity: 'error',
    description: 'A member file is members/<id>.yaml, so reviewers and tools find a member by its id.',
    citation: 'pmnet member file format',
    messages: {
      extension: 'Only <id>.yaml files belong in members/: rename "{file}" to end in .yaml, or move it out.',
      mismatch: 'The file is named "{file}" but its id is "{id}". Rename the file to {expected} or change the id.',
    },
  },
  check({ member, report }) {
    const base = member.source.file.split('/').pop()!;
    const expected = `${member.data.id}.yaml`;
    if (base !== expected) report({ messageId: 'mismatch', data: { file: base, id: member.data.id, expected }, path: ['id'] });
  },
});
