import type { LiveMemberRule } from '../types.js';
import { addressPath, target } from '../tls/common.js';
import { clip } from './common.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'api/http-error',
    severity: 'error',
    description: 'GET on the node API root answers with a JSON document and no server error.',
    citation: 'Planetmint planetmint/web/views/info.py (root endpoint); RFC 9110 §15.6',
    messages: {
      noAnswer: 'GET {path} on {target} got no complete HTTP answer: {detail}. Check that the HTTPS server forwards {path} to Planetmint (port 9984).',
      serverError: 'GET {path} on {target} answered HTTP {status}: the node API is failing behind the HTTPS server. Check that Planetmint runs and that the proxy reaches it (port 9984).',
      notJson: 'GET {path} on {target} answered HTTP {status} ({contentType}) that is not JSON: {detail}. The Planetmint root endpoint answers JSON; check that the proxy forwards {path} to Planetmint (port 9984).',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    for (const a of ctx.member.facts.tls?.addresses ?? []) {
      if (a.connect.kind !== 'ok') continue;
      const api = a.api;
      const base = { path: a.apiPath, target: target(a) };
      if (api.kind === 'failed') ctx.report({ messageId: 'noAnswer', data: { ...base, detail: api.message }, path: addressPath(a) });
      else if (api.kind !== 'answered') continue;
      else if (api.status >= 500) ctx.report({ messageId: 'serverError', data: { ...base, status: api.status }, path: addressPath(a) });
      else if (api.jsonError !== undefined) {
        const data = { ...base, status: api.status, contentType: clip(api.contentType ?? 'no content-type', 60), detail: clip(api.jsonError) };
        ctx.report({ messageId: 'notJson', data, path: addressPath(a) });
      }
    }
  },
};

export default rule;
