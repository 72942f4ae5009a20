import { networkRule } from '../define.js';

const MIN = 30;
const MAX = 7 * 86400;

export default networkRule({
  meta: {
    id: 'network/ttl-range',
    severity: 'error',
    description: 'TTLs are between 30 seconds and one week: below, resolvers hammer the servers; above, a leaving node stays in caches for too long. RFC 2181 caps TTLs at 2^31-1.',
    citation: 'RFC 2181 §8, RFC 1912 §2.2',
    messages: { range: 'zone.{field} {value} is outside {min}–{max} seconds.' },
  },
  check({ network, report }) {
    const z = network.model.zone;
    const ttls: Array<[string, number]> = [['ttl', z.ttl], ['shared_ttl', z.sharedTtl], ['member_ttl', z.memberTtl]];
    for (const [field, value] of ttls) {
      if (!(value >= MIN && value <= MAX)) report({ messageId: 'range', inNetwork: true, path: ['zone', field], data: { field, value, min: MIN, max: MAX } });
    }
  },
});
