// Every declared address must complete a TLS handshake for the node domain.
import type { LiveMemberRule } from '../types.js';
import { addressPath, target, tlsOf } from './common.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/connect-failed',
    severity: 'error',
    description: 'Every declared address serves HTTPS for the node domain on the API port.',
    citation: 'Planetmint docs, network-setup/networks.md ("serve the HTTP API over HTTPS"); RFC 8446 §2',
    messages: {
      refused: 'Nothing accepts connections at {target} (connection refused). Start the HTTPS server for "{domain}" on port {port} of this address, open the firewall, or remove the address.',
      reset: 'The server at {target} reset the connection before the TLS handshake finished ({detail}). Check that port {port} serves TLS for "{domain}" (SNI) and that no firewall cuts the connection.',
      timeoutTcp: 'No answer from {target}: {detail}. A firewall may drop the traffic, or the address is not the node\'s.',
      timeoutTls: 'The server at {target} accepted the TCP connection but never answered the TLS handshake ({detail}). Port {port} is not serving TLS: check the port and that the proxy has a certificate for "{domain}".',
      tlsError: 'The TLS handshake with {target} for "{domain}" failed: {detail}. Check that port {port} serves HTTPS (not plain HTTP) with a certificate for "{domain}".',
      unreachable: 'The checker cannot reach {target}: {detail}.',
      unparsable: 'The certificate served at {target} cannot be read: {detail}. Serve a well-formed X.509 certificate.',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    const domain = ctx.member.model.node.domain;
    for (const a of tlsOf(ctx.member)?.addresses ?? []) {
      const c = a.connect;
      const base = { target: target(a), port: a.port, domain };
      const path = addressPath(a);
      if (c.kind === 'ok') {
        if (a.parseError || !a.leaf) ctx.report({ messageId: 'unparsable', data: { ...base, detail: a.parseError ?? 'no certificate received' }, path });
        continue;
      }
      const messageId = c.kind === 'timeout' ? (c.stage === 'tls' ? 'timeoutTls' : 'timeoutTcp') : c.kind === 'tls-error' ? 'tlsError' : c.kind;
      ctx.report({ messageId, data: { ...base, detail: c.message }, path });
    }
  },
};

export default rule;
