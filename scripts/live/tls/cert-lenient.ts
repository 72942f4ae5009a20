// The lenient certificate summary: for certificates pmnet's strict DER reader refuses or whose
// extensions it cannot decode (cert.ts falls back to it), so rules that read the summary
// (expiry, pins, names) still see what OpenSSL-based clients see. Node's X509Certificate gives
// keys and fingerprints; node-forge's ASN.1 layer gives the rest. node-forge is loaded on first
// use: it costs ~60 ms at start-up, and well-formed certificates never need it.
// forge.pki.certificateFromPem is not used: it throws on EC and Ed25519 keys.
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import type forgeTypes from 'node-forge';
import { ipText } from '../../pki/names.js';
import type { CertSummary, KeyType } from './facts.js';

type Asn1 = forgeTypes.asn1.Asn1;
type Forge = typeof forgeTypes;

let loaded: Forge | undefined;
/** Set by forge(), which every entry point calls first. */
let asn1: Forge['asn1'];
/** node-forge's ASN.1 layer alone (lib/asn1 pulls in util and oids, not the ciphers). */
function forge(): Forge {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    require('node-forge/lib/asn1');
    loaded = require('node-forge/lib/forge') as Forge;
    asn1 = loaded.asn1;
  }
  return loaded;
}

export const OID = {
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  sct: '1.3.6.1.4.1.11129.2.4.2',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

export const SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.3.14.3.2.29': 'sha1WithRSASignature',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10040.4.3': 'dsa-with-sha1',
  '2.16.840.1.101.3.4.3.2': 'dsa-with-sha256',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};

/** Accepts DER, or an X509Certificate the TLS socket already built. Throws a plain Error with a short reason on garbage. */
export function summarizeLenient(input: Buffer | X509Certificate): CertSummary {
  forge();
  const x = input instanceof X509Certificate ? input : new X509Certificate(input);
  const der = x.raw;
  const root = fromDer(der);
  const tbs = child(root, 0, 'tbsCertificate');
  // tbsCertificate: [0] version is optional; everything after shifts by one without it.
  const v = (tbs.value as Asn1[])[0]!.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
  const validity = child(tbs, 3 + v, 'validity');
  const sigOid = oidOf(child(child(root, 1, 'signatureAlgorithm'), 0, 'algorithm'));

  let dnsNames: string[] = [];
  let ipAddresses: string[] = [];
  let extKeyUsage: string[] | null = null;
  let basicConstraints: CertSummary['basicConstraints'] = null;
  let hasSct = false;
  for (const ext of extensions(tbs)) {
    const oid = oidOf(child(ext, 0, 'extnID'));
    const valueNode = (ext.value as Asn1[])[(ext.value as Asn1[]).length - 1]!;
    const inner = () => fromDer(Buffer.from(valueNode.value as string, 'binary'));
    // A malformed extension leaves its field empty here; the chain verdict names it
    // (tls/certificate-profile) instead of the whole certificate becoming unreadable.
    try {
      if (oid === OID.subjectAltName) ({ dnsNames, ipAddresses } = generalNames(inner()));
      else if (oid === OID.extKeyUsage) extKeyUsage = (inner().value as Asn1[]).map(oidOf);
      else if (oid === OID.basicConstraints) basicConstraints = parseBasicConstraints(inner());
      else if (oid === OID.sct) hasSct = true;
    } catch {
      // see above
    }
  }

  // OpenSSL refuses some keys (invalid points, explicit curves): summarise them as 'unknown'.
  let pub: KeyObject | undefined;
  try {
    pub = x.publicKey;
  } catch {
    pub = undefined;
  }
  const keyType = (pub?.asymmetricKeyType ?? 'unknown') as KeyType;
  const details = pub?.asymmetricKeyDetails ?? {};
  // RFC 7469 pins hash the SubjectPublicKeyInfo as it appears in the certificate. Re-encoding
  // the parsed DER node gives those bytes, and costs far less than KeyObject#export.
  const spki = Buffer.from(asn1.toDer(child(tbs, 5 + v, 'subjectPublicKeyInfo')).getBytes(), 'binary');

  return {
    subject: oneLine(x.subject),
    issuer: oneLine(x.issuer),
    serialNumber: x.serialNumber,
    notBefore: asn1Time(child(validity, 0, 'notBefore')).toISOString(),
    notAfter: asn1Time(child(validity, 1, 'notAfter')).toISOString(),
    fingerprint256: x.fingerprint256,
    spkiSha256: createHash('sha256').update(spki).digest('base64'),
    keyType,
    ...(details.modulusLength !== undefined ? { keyBits: details.modulusLength } : {}),
    ...(details.namedCurve !== undefined ? { curve: details.namedCurve } : {}),
    dnsNames,
    ipAddresses,
    signatureAlgorithmOid: sigOid,
    signatureAlgorithm: SIGNATURE_ALGORITHMS[sigOid] ?? sigOid,
    extKeyUsage,
    basicConstraints,
    hasSct,
    selfIssued: x.subject === x.issuer,
    der: der.toString('base64'),
  };
}

function fromDer(der: Buffer): Asn1 {
  // decodeBitStrings:false: the public key and signature are not nested ASN.1 to us.
  return fromDerWithOptions(forge().util.createBuffer(der.toString('binary')), { strict: true, parseAllBytes: true, decodeBitStrings: false });
}

// @types/node-forge only knows the old boolean `strict` argument; forge 1.x takes options.
type DerOptions = { strict?: boolean; parseAllBytes?: boolean; decodeBitStrings?: boolean };
export function fromDerWithOptions(der: forgeTypes.util.ByteStringBuffer | string, o: DerOptions): Asn1 {
  return (forge().asn1.fromDer as unknown as (der: forgeTypes.util.ByteStringBuffer | string, o: DerOptions) => Asn1)(der, o);
}

function child(node: Asn1, i: number, what: string): Asn1 {
  const c = Array.isArray(node.value) ? node.value[i] : undefined;
  if (!c) throw new Error(`malformed certificate: no ${what}`);
  return c;
}

function oidOf(node: Asn1): string {
  if (node.type !== asn1.Type.OID || typeof node.value !== 'string') throw new Error('malformed certificate: expected an OID');
  return asn1.derToOid(node.value);
}

function extensions(tbs: Asn1): Asn1[] {
  for (const n of tbs.value as Asn1[]) {
    if (n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 3) {
      const seq = (n.value as Asn1[])[0];
      return seq && Array.isArray(seq.value) ? seq.value : [];
    }
  }
  return [];
}

function generalNames(seq: Asn1): { dnsNames: string[]; ipAddresses: string[] } {
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  for (const n of (seq.value as Asn1[]) ?? []) {
    if (n.tagClass !== asn1.Class.CONTEXT_SPECIFIC || typeof n.value !== 'string') continue;
    if (n.type === 2) dnsNames.push(n.value.toLowerCase());
    else if (n.type === 7) ipAddresses.push(ipText(Buffer.from(n.value, 'binary')));
  }
  return { dnsNames, ipAddresses };
}

function parseBasicConstraints(seq: Asn1): { ca: boolean; pathLen?: number } {
  let ca = false;
  let pathLen: number | undefined;
  for (const n of (seq.value as Asn1[]) ?? []) {
    if (n.type === asn1.Type.BOOLEAN) ca = (n.value as string) !== '\x00';
    else if (n.type === asn1.Type.INTEGER) pathLen = asn1.derToInteger(n.value as string);
  }
  return pathLen === undefined ? { ca } : { ca, pathLen };
}

function asn1Time(node: Asn1): Date {
  const s = node.value as string;
  if (node.type === asn1.Type.UTCTIME) return asn1.utcTimeToDate(s);
  if (node.type === asn1.Type.GENERALIZEDTIME) return asn1.generalizedTimeToDate(s);
  throw new Error('malformed certificate: bad time');
}

/** Node gives `undefined` for an empty name (RFC 5280 allows an empty subject with a critical SAN). */
function oneLine(dn: string | undefined): string {
  return dn ? dn.split('\n').filter(Boolean).join(', ') : '(empty name)';
}
