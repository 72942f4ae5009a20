// HTTPS via the consortium names sends those names as SNI; the node's certificate must cover them.
import type { LiveMemberRule } from '../types.js';
import { addressPath, consortiumName, covers, quoteList, servedCertificates, targets, tlsOf } from './common.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/shared-name-not-covered',
    severity: 'notice',
    description: 'Whether the certificate also covers the consortium shared name and the member\'s consortium name; severity from network.yaml live.shared_name_coverage.',
    citation: 'Planetmint docs, network-setup/networks.md (consortium name); RFC 9525 §6.3; RFC 6066 §3 (SNI)',
    messages: {
      notCovered: 'The certificate served at {addresses} does not cover {names}. HTTPS to this node through {names} fails: clients send that name and reject a certificate without it. Add {names} to the certificate\'s subjectAltName if the node should answer there.',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    const net = ctx.network.model;
    const wanted = [net.sharedName, consortiumName(net, ctx.member.model)].filter((n) => !!n);
    for (const s of servedCertificates(tlsOf(ctx.member))) {
      const missing = wanted.filter((n) => !covers(s.leaf, n));
      if (!missing.length) continue;
      ctx.report({
        messageId: 'notCovered',
        data: { addresses: targets(s.addresses), names: quoteList(missing) },
        path: addressPath(s.first),
        severity: net.live.sharedNameCoverage === 'warning' ? 'warning' : 'notice',
      });
    }
  },
};

export default rule;
