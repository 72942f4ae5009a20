import { specialRange } from '../../lib/ip.js';
import { memberRule } from '../define.js';
import { ipEntries, judgedIp } from './fields.js';

export default memberRule({
  meta: {
    id: 'member/ip-not-public',
    severity: 'error',
    description: 'Node addresses must be global unicast: not private, loopback, documentation, multicast or other special-purpose space, and IPv6 inside 2000::/3.',
    citation: 'RFC 6890, IANA IPv4/IPv6 Special-Purpose Address Registries',
    messages: {
      special: 'node.{list}[{index}] "{value}" is {where}, {name} space ({citation}), which is not reachable on the public Internet. Give the node’s public address.',
      specialAllowable: 'node.{list}[{index}] "{value}" is {where}, {name} space ({citation}), which is not reachable on the public Internet. Give the node’s public address, or for an example or test network add "{class}" to network.yaml policy.allow_address_classes.',
    },
  },
  check({ member, network, report }) {
    for (const e of ipEntries(member.data)) {
      const ip = judgedIp(e);
      if (!ip) continue;
      const r = specialRange(ip);
      if (!r) continue;
      if (r.class && network.model.policy.allowAddressClasses.includes(r.class)) continue;
      report({
        messageId: r.class ? 'specialAllowable' : 'special',
        data: { list: e.list, index: e.index, value: e.text, where: r.cidr.startsWith('outside') ? r.cidr : `in ${r.cidr}`, name: r.name, citation: r.citation, class: r.class },
        path: e.path,
      });
    }
  },
});
