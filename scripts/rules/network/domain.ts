import { networkRule } from '../define.js';
import { nameProblem } from './names.js';

export default networkRule({
  meta: {
    id: 'network/domain',
    severity: 'error',
    description: 'The consortium domain is the origin of the generated zone and must be a valid, canonical domain name.',
    citation: 'RFC 1035 §2.3.1, RFC 1123 §2.1',
    messages: { invalid: 'domain "{value}" is not usable as the zone origin: {reason}.' },
  },
  check({ network, report }) {
    const r = nameProblem(network.data.domain);
    if (r) report({ messageId: 'invalid', inNetwork: true, path: ['domain'], data: { value: network.data.domain, reason: r } });
  },
});
