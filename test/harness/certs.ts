// Test certificates made at run time (nothing long-lived is committed): node:crypto makes keys
// and signatures, node-forge's ASN.1 layer assembles the DER. This covers what the openssl CLI
// makes awkward: any notBefore/notAfter, SHA-1, RSA-1024, Ed25519, missing EKU, fake SCTs.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { fromDerWithOptions } from '../../scripts/live/tls/cert-lenient.js';

/** generateKeyPairSync encodings: the pair leaves the generation job as JWK (see makeKey). */
const JWK_PAIR = { publicKeyEncoding: { format: 'jwk' }, privateKeyEncoding: { format: 'jwk' } };

const asn1 = forge.asn1;
type Asn1 = forge.asn1.Asn1;
const U = asn1.Class.UNIVERSAL;
const C = asn1.Class.CONTEXT_SPECIFIC;
const T = asn1.Type;

export type KeySpec = 'rsa2048' | 'rsa1024' | 'p256' | 'p384' | 'secp256k1' | 'ed25519';

export interface TestCert {
  der: Buffer;
  pem: string;
  key: KeyObject;
  keyPem: string;
  subjectCn: string;
  /** Subject key identifier, reused as the authority key id of children. */
  ski: Buffer;
  name: Asn1;
}

export interface CertOptions {
  cn: string;
  dns?: string[];
  /** Reuse a key (same key in two certificates); default a fresh key of `keySpec`. */
  key?: KeyObject;
  keySpec?: KeySpec;
  /** Signer; absent = self-signed. */
  issuer?: TestCert;
  notBefore?: Date;
  notAfter?: Date;
  ca?: boolean;
  /** EKU OIDs; null omits the extension. Default serverAuth for leaves, none for CAs. */
  eku?: string[] | null;
  hash?: 'sha256' | 'sha1';
  /** Add an (empty) embedded SCT list extension. */
  sct?: boolean;
}

export const EKU = { serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2', codeSigning: '1.3.6.1.5.5.7.3.3' };

const DAY = 86_400_000;
const keyCache = new Map<string, KeyObject>();

/** A fresh private key (RSA keys are cached per label: generating them is slow). */
export function makeKey(spec: KeySpec, label = ''): KeyObject {
  const cacheKey = `${spec}/${label}`;
  const hit = label ? keyCache.get(cacheKey) : undefined;
  if (hit) return hit;
  // Generated as JWK and imported: a KeyObject straight from generateKeyPairSync can deadlock
  // Node 20 when the collector frees its generation job during an export (scripts/tendermint/keys.ts).
  const jwk = (type: string, o: object): KeyObject => createPrivateKey({ key: (generateKeyPairSync as unknown as (t: string, o: object) => { privateKey: JsonWebKey })(type, { ...o, ...JWK_PAIR }).privateKey, format: 'jwk' });
  let k: KeyObject;
  switch (spec) {
    case 'rsa2048':
    case 'rsa1024':
      k = jwk('rsa', { modulusLength: spec === 'rsa2048' ? 2048 : 1024 });
      break;
    case 'p256':
      k = jwk('ec', { namedCurve: 'prime256v1' });
      break;
    case 'p384':
      k = jwk('ec', { namedCurve: 'secp384r1' });
      break;
    case 'secp256k1':
      k = jwk('ec', { namedCurve: 'secp256k1' });
      break;
    case 'ed25519':
      k = jwk('ed25519', {});
      break;
  }
  if (label) keyCache.set(cacheKey, k);
  return k;
}

export function makeCert(o: CertOptions): TestCert {
  const key = o.key ?? makeKey(o.keySpec ?? 'p256');
  const spkiDer = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const ski = createHash('sha1').update(spkiDer).digest();
  const name = dn(o.cn);
  const signer = o.issuer ?? { key, name, ski };
  const now = Date.now();
  const notBefore = o.notBefore ?? new Date(now - DAY);
  // 45 days: within every SC-081 phase (the shortest allows 47), so no run date makes it too long.
  const notAfter = o.notAfter ?? new Date(notBefore.getTime() + 45 * DAY);
  const hash = o.hash ?? 'sha256';
  const alg = algorithm(signer.key, hash);

  const exts: Asn1[] = [
    ext('2.5.29.19', true, seq(o.ca ? [asn1.create(U, T.BOOLEAN, false, '\xff')] : [])),
    // keyUsage: CA keyCertSign|cRLSign, leaf digitalSignature
    ext('2.5.29.15', true, asn1.create(U, T.BITSTRING, false, o.ca ? '\x01\x06' : '\x07\x80')),
    ext('2.5.29.14', false, asn1.create(U, T.OCTETSTRING, false, bin(ski))),
    ext('2.5.29.35', false, seq([asn1.create(C, 0, false, bin(signer.ski))])),
  ];
  const eku = o.eku === undefined ? (o.ca ? null : [EKU.serverAuth]) : o.eku;
  if (eku) exts.push(ext('2.5.29.37', false, seq(eku.map((x) => asn1.create(U, T.OID, false, asn1.oidToDer(x).getBytes())))));
  if (o.dns?.length) exts.push(ext('2.5.29.17', false, seq(o.dns.map((d) => asn1.create(C, 2, false, d)))));
  if (o.sct) exts.push(ext('1.3.6.1.4.1.11129.2.4.2', false, asn1.create(U, T.OCTETSTRING, false, '\x00\x00')));

  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f | 0x01;
  const tbs = seq([
    asn1.create(C, 0, true, [asn1.create(U, T.INTEGER, false, '\x02')]),
    asn1.create(U, T.INTEGER, false, bin(serial)),
    alg.id(),
    signer.name,
    seq([time(notBefore), time(notAfter)]),
    name,
    fromDerWithOptions(bin(spkiDer), { decodeBitStrings: false }),
    asn1.create(C, 3, true, [seq(exts)]),
  ]);
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary');
  const signature = sign(alg.digest, tbsDer, signer.key);
  const cert = seq([tbs, alg.id(), asn1.create(U, T.BITSTRING, false, '\x00' + bin(signature))]);
  const der = Buffer.from(asn1.toDer(cert).getBytes(), 'binary');
  return {
    der,
    pem: toPem(der),
    key,
    keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    subjectCn: o.cn,
    ski,
    name,
  };
}

export function toPem(der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

export interface TestPki {
  root: TestCert;
  intermediate: TestCert;
  /** Leaf signed by the intermediate; `chain` = leaf PEM + intermediate PEM. */
  leaf(o: Omit<CertOptions, 'issuer'>): { cert: TestCert; chain: string };
}

let pki: TestPki | undefined;

/** One test CA (root + intermediate) per test run. */
export function testPki(): TestPki {
  if (pki) return pki;
  const now = Date.now();
  // Valid from a fixed past date: tests that judge at a pinned time (rules at 2026-11-24) must
  // see a valid CA however the clock of the run is set (faketime 2029).
  const since = new Date('2020-01-01T00:00:00Z');
  const root = makeCert({ cn: 'pmnet Test Root CA', keySpec: 'p256', ca: true, notBefore: since, notAfter: new Date(now + 3650 * DAY) });
  const intermediate = makeCert({
    cn: 'pmnet Test Issuing CA',
    keySpec: 'p256',
    ca: true,
    issuer: root,
    notBefore: since,
    notAfter: new Date(now + 1825 * DAY),
  });
  pki = {
    root,
    intermediate,
    leaf(o) {
      const cert = makeCert({ ...o, issuer: intermediate });
      return { cert, chain: cert.pem + intermediate.pem };
    },
  };
  return pki;
}

// ---- ASN.1 helpers ----

function seq(items: Asn1[]): Asn1 {
  return asn1.create(U, T.SEQUENCE, true, items);
}

function bin(b: Buffer): string {
  return b.toString('binary');
}

function dn(cn: string): Asn1 {
  return seq([
    asn1.create(U, T.SET, true, [seq([asn1.create(U, T.OID, false, asn1.oidToDer('2.5.4.3').getBytes()), asn1.create(U, T.UTF8, false, forge.util.encodeUtf8(cn))])]),
  ]);
}

function ext(oid: string, critical: boolean, value: Asn1): Asn1 {
  const parts: Asn1[] = [asn1.create(U, T.OID, false, asn1.oidToDer(oid).getBytes())];
  if (critical) parts.push(asn1.create(U, T.BOOLEAN, false, '\xff'));
  parts.push(asn1.create(U, T.OCTETSTRING, false, asn1.toDer(value).getBytes()));
  return seq(parts);
}

function time(d: Date): Asn1 {
  const y = d.getUTCFullYear();
  // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
  return y >= 1950 && y < 2050
    ? asn1.create(U, T.UTCTIME, false, asn1.dateToUtcTime(d))
    : asn1.create(U, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(d));
}

function algorithm(key: KeyObject, hash: 'sha256' | 'sha1'): { id: () => Asn1; digest: string | null } {
  const oid = (o: string) => asn1.create(U, T.OID, false, asn1.oidToDer(o).getBytes());
  switch (key.asymmetricKeyType) {
    case 'rsa': {
      const o = hash === 'sha1' ? '1.2.840.113549.1.1.5' : '1.2.840.113549.1.1.11';
      return { id: () => seq([oid(o), asn1.create(U, T.NULL, false, '')]), digest: hash };
    }
    case 'ec': {
      const o = hash === 'sha1' ? '1.2.840.10045.4.1' : '1.2.840.10045.4.3.2';
      return { id: () => seq([oid(o)]), digest: hash };
    }
    case 'ed25519':
      return { id: () => seq([oid('1.3.101.112')]), digest: null };
    default:
      throw new Error(`cannot sign with ${key.asymmetricKeyType}`);
  }
}
