import { memberName } from '../../model/names.js';
import { membersRule } from '../define.js';

export default membersRule({
  meta: {
    id: 'member/name-collision',
    severity: 'error',
    description: 'A member’s consortium name <id>.<member_names>.<domain> must not be a name the zone already uses (the shared name, a name server); a CNAME cannot sit beside other data.',
    citation: 'RFC 1034 §3.6.2, RFC 2181 §10.1',
    messages: {
      collides: 'The consortium name of id "{id}", {name}, is already used by {what}. Choose another id.',
    },
  },
  check({ members, network, report }) {
    const n = network.model;
    const taken = new Map<string, string>([[n.sharedName, 'the shared name'], [n.domain, 'the zone apex']]);
    for (const ns of n.zone.nameservers) taken.set(ns.name, `name server ${ns.name}`);
    for (const m of members) {
      const name = memberName(n, m.data.id.toLowerCase());
      for (const [t, what] of taken) {
        // The CNAME may neither equal a used name nor have one below it.
        if (t === name || t.endsWith(`.${name}`)) report({ messageId: 'collides', member: m, path: ['id'], data: { id: m.data.id, name, what } });
      }
    }
  },
});
