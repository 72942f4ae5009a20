import { canonicalName } from '../../lib/domain.js';
import { memberRule } from '../define.js';

export default memberRule({
  meta: {
    id: 'member/api-url',
    severity: 'error',
    description: 'node.api is an https URL on the node’s own domain: every operator serves the HTTP API over HTTPS with its own certificate.',
    citation: 'Planetmint docs, "Networks": each node operator gets its own SSL certificate; RFC 9110 §4.2.2',
    messages: {
      notUrl: 'node.api "{url}" is not a URL. Write e.g. https://{domain}/',
      notHttps: 'node.api "{url}" uses {scheme}; the API must be served over https://',
      wrongHost: 'node.api host "{host}" is not the node domain {domain}: clients check the certificate against the node domain.',
      extras: 'node.api "{url}" has {what}; give only scheme, host, optional port and path.',
    },
  },
  check({ member, report }) {
    const api = member.data.node.api;
    if (api === undefined) return;
    const domain = canonicalName(member.data.node.domain) ?? member.data.node.domain;
    const at = { path: ['node', 'api'] as const };
    let u: URL;
    try {
      u = new URL(api);
    } catch {
      return report({ messageId: 'notUrl', data: { url: api, domain }, ...at });
    }
    if (u.protocol !== 'https:') return report({ messageId: 'notHttps', data: { url: api, scheme: u.protocol.slice(0, -1) }, ...at });
    if (u.hostname !== domain) return report({ messageId: 'wrongHost', data: { host: u.hostname, domain }, ...at });
    // Port 0 is reserved (RFC 6335 §6): nothing can be reached there.
    const extras = [u.username || u.password ? 'credentials' : '', u.port === '0' ? 'port 0' : '', u.search ? 'a query' : '', u.hash ? 'a fragment' : ''].filter(Boolean);
    if (extras.length) report({ messageId: 'extras', data: { url: api, what: extras.join(' and ') }, ...at });
  },
});
