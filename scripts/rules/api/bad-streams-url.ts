import type { LiveMemberRule } from '../types.js';
import { addressPath, target } from '../tls/common.js';
import { clip, isObject, jsonAnswers } from './common.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'api/bad-streams-url',
    severity: 'error',
    description: 'api.v1.streams is a wss:// URL on the node\'s own domain.',
    citation: 'Planetmint planetmint/web/views/info.py (advertised WebSocket URL); bigchaindb/bigchaindb#1783',
    messages: {
      badStreams: 'GET {path} on {target} advertises the event stream at "{url}"; clients cannot use it. It must be a wss:// URL on "{domain}", e.g. wss://{domain}:443/api/v1/streams/valid_transactions: set wsserver.advertised_scheme, advertised_host and advertised_port in the Planetmint configuration.',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    const domain = ctx.member.model.node.domain;
    for (const { a, json } of jsonAnswers(ctx.member)) {
      if (!isObject(json) || json.software !== 'Planetmint') continue; // api/not-planetmint speaks
      const v1 = isObject(json.api) && isObject(json.api.v1) ? json.api.v1 : undefined;
      const url = v1?.streams;
      if (typeof url !== 'string') continue;
      if (onOwnDomain(url, domain)) continue;
      ctx.report({ messageId: 'badStreams', data: { path: a.apiPath, target: target(a), url: clip(url, 120), domain }, path: addressPath(a) });
    }
  },
};

function onOwnDomain(url: string, domain: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'wss:' && u.hostname.toLowerCase().replace(/\.$/, '') === domain;
  } catch {
    return false;
  }
}

export default rule;
