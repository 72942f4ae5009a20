// OpenSSL's verdict from the handshake itself (socket.authorized / authorizationError).
import type { LiveMemberRule } from '../types.js';
import { addressPath, isWeakKey, isWeakSignature, leafAndIntermediates, servedCertificates, targets, tlsOf, type Served } from './common.js';

/** OpenSSL verify codes (as Node names them) in words, with what to do. */
const REASONS: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server sent only its own certificate and its issuer is not a trusted root: the intermediate certificate is missing. Serve the full chain (e.g. fullchain.pem, not cert.pem)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer of a certificate in the chain is neither sent by the server nor in the trust store: an intermediate is missing or the root is not trusted. Serve the full chain',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer of a certificate in the chain could not be found. Serve the full chain',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed. Get a certificate from a trusted CA (e.g. Let\'s Encrypt)',
  SELF_SIGNED_CERT_IN_CHAIN: 'the chain ends in a self-signed root that is not in the trust store. Use a publicly trusted CA, or add the root to network.yaml live.ca_files for a test network',
  CERT_SIGNATURE_FAILURE: 'a signature in the chain does not verify: the certificates do not belong together. Serve the chain issued with this certificate',
  CERT_HAS_EXPIRED: 'a certificate in the chain (an intermediate) has expired. Serve the current intermediate from your CA',
  CERT_NOT_YET_VALID: 'a certificate in the chain (an intermediate) is not valid yet',
  INVALID_CA: 'a certificate used as an issuer is not a CA certificate',
  PATH_LENGTH_EXCEEDED: 'the chain is longer than an issuer allows (pathLenConstraint)',
  CERT_REVOKED: 'a certificate in the chain is revoked',
  CERT_UNTRUSTED: 'the root is not trusted for TLS server authentication',
  CERT_REJECTED: 'the root is marked as rejected for this purpose',
  INVALID_PURPOSE: 'a certificate in the chain is not allowed for TLS server authentication',
  CA_MD_TOO_WEAK: 'a certificate in the chain is signed with a digest OpenSSL considers too weak',
  EE_KEY_TOO_SMALL: 'the certificate key is too small for OpenSSL\'s security level',
  CA_KEY_TOO_SMALL: 'an issuer key is too small for OpenSSL\'s security level',
};

/** Verdicts already reported, more precisely, by another rule for this certificate. */
function coveredElsewhere(code: string, s: Served, now: number): boolean {
  if (code === 'CERT_HAS_EXPIRED') return Date.parse(s.leaf.notAfter) < now;
  if (code === 'CERT_NOT_YET_VALID') return Date.parse(s.leaf.notBefore) > now;
  const certs = leafAndIntermediates(s);
  if (['CA_MD_TOO_WEAK', 'UNSPECIFIED', 'CERT_SIGNATURE_FAILURE'].includes(code) && certs.some(isWeakSignature)) return true;
  if (['EE_KEY_TOO_SMALL', 'CA_KEY_TOO_SMALL'].includes(code) && certs.some(isWeakKey)) return true;
  return false;
}

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/untrusted-chain',
    severity: 'error',
    description: 'The served chain verifies to the trust store (system roots plus network.yaml live.ca_files / --ca).',
    citation: 'RFC 5280 §6.1 (path validation); RFC 8446 §4.4.2 (the server sends its chain)',
    messages: {
      untrusted: 'The certificate served at {addresses} does not verify to a trusted root: {reason} (OpenSSL: {code}).',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    const f = tlsOf(ctx.member);
    if (!f) return;
    const now = Date.parse(f.checkedAt);
    for (const s of servedCertificates(f)) {
      // Each address did its own handshake: report the first failing verdict for this certificate.
      const bad = s.addresses.find((a) => a.authorized === false);
      if (!bad) continue;
      const code = bad.authorizationError ?? 'UNKNOWN';
      if (coveredElsewhere(code, s, now)) continue;
      const reason = REASONS[code] ?? 'OpenSSL rejected the chain';
      ctx.report({ messageId: 'untrusted', data: { addresses: targets(s.addresses), reason, code }, path: addressPath(bad) });
    }
  },
};

export default rule;
