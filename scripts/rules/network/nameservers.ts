import { memberSubtree } from '../../model/names.js';
import { isAtOrBelow } from '../../lib/domain.js';
import { parseIp, specialRange } from '../../lib/ip.js';
import { networkRule } from '../define.js';
import { nameProblem } from './names.js';

export default networkRule({
  meta: {
    id: 'network/nameservers',
    severity: 'error',
    description: 'Name servers are valid host names; one inside the zone needs glue addresses and one outside must not have them; glue addresses are valid and public.',
    citation: 'RFC 1034 §4.2.1 (glue), RFC 2181 §10.3, RFC 9471',
    messages: {
      invalid: 'zone.nameservers[{index}].name "{value}" is not a valid name: {reason}.',
      duplicate: 'zone.nameservers[{index}] "{value}" is listed twice.',
      needsGlue: 'name server {value} is inside {domain}, so the zone must carry its address: add ipv4 and/or ipv6 to zone.nameservers[{index}].',
      strayGlue: 'name server {value} is outside {domain}; its addresses come from its own zone. Remove ipv4/ipv6 from zone.nameservers[{index}].',
      badGlue: 'zone.nameservers[{index}].{list}[{i}] "{ip}": {reason}.',
      reserved: 'name server {value} uses {what}, which the generated zone already defines. Choose another name.',
    },
  },
  check({ network, report }) {
    const n = network.model;
    const seen = new Set<string>();
    network.data.zone.nameservers.forEach((ns, index) => {
      const at = { inNetwork: true, path: ['zone', 'nameservers', index, 'name'] };
      const r = nameProblem(ns.name);
      if (r) return report({ messageId: 'invalid', data: { index, value: ns.name, reason: r }, ...at });
      const name = n.zone.nameservers[index]!.name;
      if (seen.has(name)) report({ messageId: 'duplicate', data: { index, value: name }, ...at });
      seen.add(name);
      if (name === n.sharedName) report({ messageId: 'reserved', data: { value: name, what: 'the shared name' }, ...at });
      const subtree = memberSubtree(n);
      if (subtree && isAtOrBelow(name, subtree)) report({ messageId: 'reserved', data: { value: name, what: 'the member-names subtree' }, ...at });
      const glue = (ns.ipv4?.length ?? 0) + (ns.ipv6?.length ?? 0);
      const inside = isAtOrBelow(name, n.domain);
      if (inside && glue === 0) report({ messageId: 'needsGlue', data: { value: name, domain: n.domain, index }, ...at });
      if (!inside && glue > 0) report({ messageId: 'strayGlue', data: { value: name, domain: n.domain, index }, ...at });
      for (const list of ['ipv4', 'ipv6'] as const) {
        (ns[list] ?? []).forEach((ip, i) => {
          const p = parseIp(ip);
          let reason = p.ok ? undefined : p.reason;
          if (p.ok && `ipv${p.ip.family}` !== list) reason = `an IPv${p.ip.family} address in the ${list} list`;
          const sr = p.ok ? specialRange(p.ip) : undefined;
          if (p.ok && !reason && sr && !(sr.class && n.policy.allowAddressClasses.includes(sr.class))) reason = `${sr.name} space (${sr.citation}) is not publicly reachable`;
          if (reason) report({ messageId: 'badGlue', inNetwork: true, path: ['zone', 'nameservers', index, list, i], data: { index, list, i, ip, reason } });
        });
      }
    });
  },
});
