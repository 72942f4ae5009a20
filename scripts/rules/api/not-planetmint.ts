import type { LiveMemberRule } from '../types.js';
import { addressPath, target } from '../tls/common.js';
import { clip, isObject, jsonAnswers } from './common.js';

/** Links every Planetmint root document has (planetmint/web/views/info.py). */
const REQUIRED_LINKS = ['transactions', 'streams'];

const rule: LiveMemberRule = {
  meta: {
    id: 'api/not-planetmint',
    severity: 'error',
    description: 'The API root answers {"software": "Planetmint", "version": …, "api": {"v1": {…links}}}.',
    citation: 'Planetmint planetmint/web/views/info.py (root endpoint); docs network-setup/networks.md',
    messages: {
      bigchaindb: 'GET {path} on {target} answers as "BigchainDB" (version {version}): this node runs BigchainDB, not Planetmint. Members of this network run Planetmint Server.',
      wrongSoftware: 'GET {path} on {target} (HTTP {status}) answers "software": {software} instead of "Planetmint". Check that the HTTPS server forwards to Planetmint (port 9984).',
      noVersion: 'GET {path} on {target} answers Planetmint without a "version". Upgrade to a released Planetmint Server.',
      noLinks: 'GET {path} on {target} answers Planetmint without the api.v1 links {missing}. Upgrade to a released Planetmint Server.',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    for (const { a, api, json } of jsonAnswers(ctx.member)) {
      const base = { path: a.apiPath, target: target(a), status: api.status };
      const doc = isObject(json) ? json : {};
      const software = doc.software;
      if (software !== 'Planetmint') {
        if (typeof software === 'string' && /bigchaindb/i.test(software)) {
          ctx.report({ messageId: 'bigchaindb', data: { ...base, version: clip(doc.version ?? 'unknown', 40) }, path: addressPath(a) });
        } else {
          ctx.report({ messageId: 'wrongSoftware', data: { ...base, software: software === undefined ? '(none)' : clip(software) }, path: addressPath(a) });
        }
        continue;
      }
      if (typeof doc.version !== 'string' || !doc.version) ctx.report({ messageId: 'noVersion', data: base, path: addressPath(a) });
      const v1 = isObject(doc.api) && isObject(doc.api.v1) ? doc.api.v1 : undefined;
      const missing = REQUIRED_LINKS.filter((k) => typeof v1?.[k] !== 'string');
      if (missing.length) ctx.report({ messageId: 'noLinks', data: { ...base, missing: missing.map((m) => `"${m}"`).join(', ') }, path: addressPath(a) });
    }
  },
};

export default rule;
