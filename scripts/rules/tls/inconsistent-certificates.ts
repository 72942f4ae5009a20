import type { LiveMemberRule } from '../types.js';
import { addressPath, servedCertificates, shortFingerprint, targets, tlsOf } from './common.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/inconsistent-certificates',
    severity: 'warning',
    description: 'All addresses of a node serve the same certificate.',
    citation: 'Planetmint docs, network-setup/networks.md (one certificate per node operator)',
    messages: {
      different: 'The addresses of "{domain}" serve {count} different certificates: {groups}. Clients get a different certificate depending on the address they reach: install the same certificate on every address (a forgotten renewal usually causes this).',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    const served = servedCertificates(tlsOf(ctx.member));
    if (served.length < 2) return;
    const groups = served.map((s) => `${targets(s.addresses)} → SHA-256 ${shortFingerprint(s.leaf.fingerprint256)} (valid until ${s.leaf.notAfter.slice(0, 10)})`).join('; ');
    ctx.report({ messageId: 'different', data: { domain: ctx.member.model.node.domain, count: served.length, groups }, path: addressPath(served[1]!.first) });
  },
};

export default rule;
