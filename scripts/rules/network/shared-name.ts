import { memberSubtree } from '../../model/names.js';
import { isAtOrBelow } from '../../lib/domain.js';
import { networkRule } from '../define.js';
import { nameProblem } from './names.js';

export default networkRule({
  meta: {
    id: 'network/shared-name',
    severity: 'error',
    description: 'The shared "random node" name is a name inside the consortium domain, below the apex (SOA and NS live at the apex), outside the member-names subtree.',
    citation: 'RFC 1034 §3.6.2, RFC 2181 §10.1',
    messages: {
      invalid: 'shared_name "{value}" is not a valid name: {reason}.',
      outside: 'shared_name "{value}" is not inside the consortium domain {domain}; the zone can only hold names below it (e.g. api.{domain}).',
      apex: 'shared_name must not be the zone apex {domain}: the apex holds SOA and NS. Use e.g. api.{domain}.',
      inMembers: 'shared_name "{value}" lies in the member-names subtree {subtree}, where per-member CNAMEs live. Use e.g. api.{domain}.',
    },
  },
  check({ network, report }) {
    const { sharedName, domain } = network.model;
    const at = { inNetwork: true, path: ['shared_name'] as const };
    const value = network.data.shared_name;
    const r = nameProblem(value);
    if (r) return report({ messageId: 'invalid', data: { value, reason: r }, ...at });
    if (sharedName === domain) return report({ messageId: 'apex', data: { domain }, ...at });
    if (!isAtOrBelow(sharedName, domain)) return report({ messageId: 'outside', data: { value, domain }, ...at });
    const subtree = memberSubtree(network.model);
    if (subtree && isAtOrBelow(sharedName, subtree)) report({ messageId: 'inMembers', data: { value, subtree, domain }, ...at });
  },
});
