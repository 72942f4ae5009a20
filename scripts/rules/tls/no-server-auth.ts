import { OID } from '../../live/tls/cert.js';
import type { LiveMemberRule } from '../types.js';
import { addressPath, servedCertificates, targets, tlsOf } from './common.js';

const NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/no-server-auth',
    severity: 'error',
    description: 'When the certificate has an extended key usage extension, it includes serverAuth.',
    citation: 'RFC 5280 §4.2.1.12; CA/Browser Forum Baseline Requirements §7.1.2.7.10',
    messages: {
      noServerAuth: 'The certificate served at {addresses} is not for TLS servers: its extended key usage is {usages}, without serverAuth. Get a TLS server certificate (extended key usage serverAuth).',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    for (const s of servedCertificates(tlsOf(ctx.member))) {
      const eku = s.leaf.extKeyUsage;
      if (!eku || eku.includes(OID.serverAuth)) continue;
      const usages = eku.length ? eku.map((o) => NAMES[o] ?? o).join(', ') : '(empty)';
      ctx.report({ messageId: 'noServerAuth', data: { addresses: targets(s.addresses), usages }, path: addressPath(s.first) });
    }
  },
};

export default rule;
