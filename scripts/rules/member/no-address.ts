import { memberRule } from '../define.js';

export default memberRule({
  meta: {
    id: 'member/no-address',
    severity: 'error',
    description: 'A node needs at least one public address, in node.ipv4 or node.ipv6.',
    citation: 'Planetmint docs, network setup: "create a DNS A record from that name to the node’s public IP"',
    messages: {
      none: 'node has no address: list its public IPv4 addresses under node.ipv4 and/or IPv6 under node.ipv6.',
    },
  },
  check({ member, report }) {
    const n = member.data.node;
    if ((n.ipv4?.length ?? 0) + (n.ipv6?.length ?? 0) === 0) report({ messageId: 'none', path: ['node'], key: true });
  },
});
