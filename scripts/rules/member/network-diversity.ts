import { prefixKey } from '../../lib/ip.js';
import { membersRule } from '../define.js';
import { forEachJudgedIp } from './fields.js';

export default membersRule({
  meta: {
    id: 'member/network-diversity',
    severity: 'warning',
    description: 'Nodes of different members in one IPv4 /24 or IPv6 /48 likely share a provider or operator: one outage or one party could take both down, against BFT’s independence assumption.',
    citation: 'Planetmint docs, network setup: the network is safe while fewer than 1/3 of nodes are compromised',
    messages: {
      samePrefix: 'address {value} is in the same /{bits} as {otherValue} of {other}. Consider hosting the node in a different network.',
    },
  },
  check({ members, network, report }) {
    const { ipv4Prefix, ipv6Prefix } = network.model.policy.diversity;
    const seen = new Map<string, { id: string; file: string; text: string }>();
    /** This member's prefixes so far (a member has few addresses: a list, not a Set per member). */
    const mine: string[] = [];
    for (const m of members) {
      mine.length = 0;
      forEachJudgedIp(m.data, (ip, list, index) => {
        const bits = ip.family === 4 ? ipv4Prefix : ipv6Prefix;
        const key = prefixKey(ip, bits);
        const prev = seen.get(key);
        // An identical address is member/unique-ip's finding, not a diversity one.
        if (prev && prev.id !== m.data.id && prev.text !== ip.text && !mine.includes(key)) {
          report({ messageId: 'samePrefix', member: m, path: ['node', list, index], data: { value: ip.text, bits, otherValue: prev.text, other: prev.file } });
        }
        mine.push(key);
        if (!prev) seen.set(key, { id: m.data.id, file: m.source.file, text: ip.text });
      });
    }
  },
});
