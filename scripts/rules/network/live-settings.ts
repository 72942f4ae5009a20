import { parseIp } from '../../lib/ip.js';
import { networkRule } from '../define.js';

/** host, host:port or [v6]:port → parts, or a reason. Resolvers must be IP literals (no DNS to find DNS). */
export function parseResolver(s: string): { ok: true; host: string; port: number } | { ok: false; reason: string } {
  let host = s;
  let port = 53;
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (m) (host = m[1]!), (port = m[2] ? Number(m[2]) : 53);
  else if (s.split(':').length === 2) {
    const [h, p] = s.split(':') as [string, string];
    host = h;
    if (!/^\d{1,5}$/.test(p)) return { ok: false, reason: `port "${p}" is not a number` };
    port = Number(p);
  }
  const ip = parseIp(host);
  if (!ip.ok) return { ok: false, reason: `"${host}" is not an IP address (${ip.reason}); resolvers are given by address` };
  if (!(port >= 1 && port <= 65535)) return { ok: false, reason: `port ${port} is out of range` };
  return { ok: true, host: ip.ip.text, port };
}

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
      const r = parseResolver(value);
      if (!r.ok) report({ messageId: 'resolver', inNetwork: true, path: ['live', 'resolvers', index], data: { index, value, reason: r.reason } });
    });
    const ranges: Array<[keyof typeof l, number, number]> = [['timeout_ms', 100, 60000], ['retries', 0, 5], ['concurrency', 1, 1024], ['certificate_warning_days', 0, 365]];
    for (const [field, min, max] of ranges) {
      const value = l[field] as number;
      if (!(value >= min && value <= max)) report({ messageId: 'range', inNetwork: true, path: ['live', field], data: { field, value, min, max } });
    }
    if (!/^_[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l.proof_label)) report({ messageId: 'proofLabel', inNetwork: true, path: ['live', 'proof_label'], data: { value: l.proof_label } });
    l.ca_files.forEach((value, index) => {
      if (value.startsWith('/') || value.split(/[\\/]/).includes('..')) report({ messageId: 'caFile', inNetwork: true, path: ['live', 'ca_files', index], data: { index, value } });
    });
  },
});
