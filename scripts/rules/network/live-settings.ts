import { isLdhLabel } from '../../lib/domain.js';
import { parseEndpoint } from '../../lib/endpoint.js';
import { networkRule } from '../define.js';

export default networkRule({
  meta: {
    id: 'network/live-settings',
    severity: 'error',
    description: 'Live-check settings are usable: resolvers are IP addresses with optional port, timeouts and concurrency in range, the proof label an underscore label.',
    citation: 'RFC 8552 §2 (underscored labels), RFC 1035 §4.2.1',
    messages: {
      resolver: 'live.resolvers[{index}] "{value}": {reason}. Write e.g. 9.9.9.9, 127.0.0.1:5353 or [2620:fe::fe]:53.',
      range: 'live.{field} {value} is outside {min}–{max}.',
      proofLabel: 'live.proof_label "{value}" must be one underscore label such as _planetmint (RFC 8552).',
      caFile: 'live.ca_files[{index}] "{value}" must be a relative path inside the repository.',
    },
  },
  check({ network, report }) {
    const l = network.data.live;
    l.resolvers.forEach((value, index) => {
      const r = parseEndpoint(value);
      if (!r.ok) report({ messageId: 'resolver', inNetwork: true, path: ['live', 'resolvers', index], data: { index, value, reason: r.reason } });
    });
    const ranges: Array<[keyof typeof l, number, number]> = [['timeout_ms', 100, 60000], ['retries', 0, 5], ['concurrency', 1, 1024], ['certificate_warning_days', 0, 365]];
    for (const [field, min, max] of ranges) {
      const value = l[field] as number;
      if (!(value >= min && value <= max)) report({ messageId: 'range', inNetwork: true, path: ['live', field], data: { field, value, min, max } });
    }
    // An underscore label (RFC 8552) is still one label: 63 octets at most, underscore included.
    if (!(l.proof_label.startsWith('_') && l.proof_label.length <= 63 && isLdhLabel(l.proof_label.slice(1)))) report({ messageId: 'proofLabel', inNetwork: true, path: ['live', 'proof_label'], data: { value: l.proof_label } });
    l.ca_files.forEach((value, index) => {
      if (value.startsWith('/') || value.split(/[\\/]/).includes('..')) report({ messageId: 'caFile', inNetwork: true, path: ['live', 'ca_files', index], data: { index, value } });
    });
  },
});
