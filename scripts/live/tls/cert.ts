// Certificate summary for RSA, ECDSA and Ed25519 certificates, from pmnet's own DER parse
// (scripts/pki/x509.ts), the same parse the chain verdict judges: a probe reads the leaf once.
// X509Certificate gives what OpenSSL formats (subject, issuer, serial, fingerprint).
// A certificate the strict reader refuses, or with an extension it cannot decode, goes to the
// lenient summary (cert-lenient.ts), which reads what OpenSSL reads.
import { createHash, X509Certificate } from 'node:crypto';
import { children, content, is, parseDer, T, UNIVERSAL } from '../../pki/der.js';
import { ipText } from '../../pki/names.js';
import { parseCert, publicKey, type Cert } from '../../pki/x509.js';
import { OID, SIGNATURE_ALGORITHMS, summarizeLenient } from './cert-lenient.js';
import type { CertSummary, KeyType } from './facts.js';

/**
 * Accepts DER, or an X509Certificate the TLS socket already built, and optionally pmnet's
 * parse of the same bytes. Throws OpenSSL's error on bytes that are no certificate at all.
 */
export function summarizeCertificate(input: Buffer | X509Certificate, parsed?: Cert): CertSummary {
  const x = input instanceof X509Certificate ? input : new X509Certificate(input);
  const c = parsed ?? strictParse(x.raw);
  if (!c || c.defects.length) return summarizeLenient(x);
  const key = keyFacts(c);
  if (!key) return summarizeLenient(x);
  const subject = x.subject;
  const issuer = x.issuer;
  return {
    subject: oneLine(subject),
    issuer: oneLine(issuer),
    serialNumber: x.serialNumber,
    notBefore: new Date(c.notBefore).toISOString(),
    notAfter: new Date(c.notAfter).toISOString(),
    fingerprint256: x.fingerprint256,
    // RFC 7469 pins hash the SubjectPublicKeyInfo as it appears in the certificate.
    spkiSha256: createHash('sha256').update(c.spki).digest('base64'),
    ...key,
    dnsNames: c.san ? c.san.dns.map((d) => d.toLowerCase()) : [],
    ipAddresses: c.san ? c.san.ip.map(ipText) : [],
    signatureAlgorithmOid: c.sigOid,
    signatureAlgorithm: SIGNATURE_ALGORITHMS[c.sigOid] ?? c.sigOid,
    extKeyUsage: c.extKeyUsage ? c.extKeyUsage.oids : null,
    basicConstraints: c.basicConstraints ? basicConstraints(c.basicConstraints) : null,
    hasSct: c.extensions.some((e) => e.oid === OID.sct),
    // As OpenSSL prints them (the names' bytes may differ where the text does not).
    selfIssued: subject === issuer,
    der: c.der.toString('base64'),
  };
}

/** pmnet's parse, or undefined where its strict reader refuses the bytes. */
export function strictParse(der: Buffer): Cert | undefined {
  try {
    return parseCert(der);
  } catch {
    return undefined;
  }
}

function basicConstraints(bc: NonNullable<Cert['basicConstraints']>): { ca: boolean; pathLen?: number } {
  return bc.pathLen === undefined ? { ca: bc.ca } : { ca: bc.ca, pathLen: bc.pathLen };
}

/** Named curves by parameter OID (DER, hex), under OpenSSL's short names as KeyObject gives them. */
const CURVES: Record<string, { name: string; coord: number }> = {
  '06082a8648ce3d030107': { name: 'prime256v1', coord: 32 },
  '06052b81040022': { name: 'secp384r1', coord: 48 },
  '06052b81040023': { name: 'secp521r1', coord: 66 },
  '06052b8104000a': { name: 'secp256k1', coord: 32 },
};

const ED_KEYS: Record<string, { type: KeyType; bytes: number }> = {
  '1.3.101.112': { type: 'ed25519', bytes: 32 },
  '1.3.101.113': { type: 'ed448', bytes: 57 },
};

type KeyFacts = Pick<CertSummary, 'keyType' | 'keyBits' | 'curve'>;

/**
 * Key type, size and curve. Named-curve EC and EdDSA keys are read from the SPKI (loading a
 * KeyObject per member only to name its curve cost as much as the parse); other keys are
 * loaded by OpenSSL as before ('unknown' where it refuses them). An EC point off its curve
 * shows as its curve here, where OpenSSL said 'unknown': a leaf's key has passed the
 * handshake's CertificateVerify, and no rule reads the key type. undefined: a key whose
 * SPKI does not even have the shape of its type (the lenient summary decides).
 */
function keyFacts(c: Cert): KeyFacts | undefined {
  const bits = spkiKeyBits(c);
  if (c.spkiAlgOid === '1.2.840.10045.2.1' && c.spkiParams) {
    const curve = CURVES[c.spkiParams.toString('hex')];
    if (curve) {
      const uncompressed = bits?.[0] === 0x04 && bits.length === 1 + 2 * curve.coord;
      const compressed = (bits?.[0] === 0x02 || bits?.[0] === 0x03) && bits.length === 1 + curve.coord;
      return uncompressed || compressed ? { keyType: 'ec', curve: curve.name } : undefined;
    }
  }
  const ed = ED_KEYS[c.spkiAlgOid];
  if (ed && c.spkiParams === undefined) return bits?.length === ed.bytes ? { keyType: ed.type } : undefined;
  const pub = publicKey(c);
  const details = pub?.asymmetricKeyDetails ?? {};
  return {
    keyType: (pub?.asymmetricKeyType ?? 'unknown') as KeyType,
    ...(details.modulusLength !== undefined ? { keyBits: details.modulusLength } : {}),
    ...(details.namedCurve !== undefined ? { curve: details.namedCurve } : {}),
  };
}

/** The subjectPublicKey BIT STRING's bytes when it has no unused bits. */
function spkiKeyBits(c: Cert): Buffer | undefined {
  const key = children(parseDer(c.spki))[1];
  if (!is(key, UNIVERSAL, T.BIT_STRING)) return undefined;
  const b = content(key);
  return b[0] === 0 ? b.subarray(1) : undefined;
}

/** Node gives `undefined` for an empty name (RFC 5280 allows an empty subject with a critical SAN). */
function oneLine(dn: string | undefined): string {
  return dn ? dn.split('\n').filter(Boolean).join(', ') : '(empty name)';
}
