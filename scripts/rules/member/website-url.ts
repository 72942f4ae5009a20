import { canonicalName, checkHostname } from '../../lib/domain.js';
import { memberRule } from '../define.js';

export default memberRule({
  meta: {
    id: 'member/website-url',
    severity: 'error',
    description: 'organization.website is an https URL with a host name: reviewers and the status site link to it, so no other scheme (javascript:, data:, http:) is accepted.',
    citation: 'RFC 9110 §4.2.2 (https URI), OWASP XSS Prevention Cheat Sheet (URL schemes)',
    messages: {
      notUrl: 'organization.website "{url}" is not a URL. Write it in full, e.g. https://your-org.example/',
      notHttps: 'organization.website "{url}" uses {scheme}; only https:// URLs are accepted.',
      badHost: 'organization.website "{url}": {reason}.',
    },
  },
  check({ member, report }) {
    const url = member.data.organization.website;
    if (url === undefined) return;
    const at = { path: ['organization', 'website'] as const };
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return report({ messageId: 'notUrl', data: { url }, ...at });
    }
    if (u.protocol !== 'https:') return report({ messageId: 'notHttps', data: { url, scheme: u.protocol.slice(0, -1) }, ...at });
    const host = canonicalName(u.hostname);
    const r = host === undefined ? { ok: false as const, reason: 'no host name' } : checkHostname(host);
    if (!r.ok) return report({ messageId: 'badHost', data: { url, reason: `the host is not a name (${r.reason})` }, ...at });
    if (u.username || u.password) report({ messageId: 'badHost', data: { url, reason: 'it carries credentials; remove the user:password@ part' }, ...at });
  },
});
