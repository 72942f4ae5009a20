import { memberName } from '../../model/names.js';
import { memberRule } from '../define.js';

const MAX_NAME = 253;

export default memberRule({
  meta: {
    id: 'member/zone-name-length',
    severity: 'error',
    description: 'The member’s consortium name <id>.<member_names>.<domain> is an owner name in the zone, so it must fit a DNS name (253 characters); otherwise no zone can be written for anyone.',
    citation: 'RFC 1035 §2.3.4 (names of 255 octets, 253 characters as text)',
    messages: {
      tooLong: 'The consortium name of id "{id}", {name}, would be {length} characters; a DNS name holds at most {max}, so the zone could not be written. Use an id of at most {room} characters.',
    },
  },
  check({ member, network, report }) {
    const id = member.data.id.toLowerCase();
    const name = memberName(network.model, id);
    if (name.length <= MAX_NAME) return;
    report({ messageId: 'tooLong', path: ['id'], data: { id: member.data.id, name: `${name.slice(0, 40)}…`, length: name.length, max: MAX_NAME, room: Math.max(0, id.length - (name.length - MAX_NAME)) } });
  },
});
