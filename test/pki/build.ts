// Certificates built byte by byte at test time, so a test can set any field the chain verdict
// reads: a pathLenConstraint, one keyUsage bit, a non-minimal length, an instant of validity.
import { createHash, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export const tlv = (tag: number, ...parts: Buffer[]): Buffer => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
};
export const seq = (...p: Buffer[]) => tlv(0x30, ...p);
export const set = (...p: Buffer[]) => tlv(0x31, ...p);
export const ctx = (n: number, ...p: Buffer[]) => tlv(0xa0 | n, ...p);
export const ctxPrim = (n: number, b: Buffer) => tlv(0x80 | n, b);
export const octets = (b: Buffer) => tlv(0x04, b);
export const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
export const int = (v: number | Buffer) => tlv(0x02, typeof v === 'number' ? intBytes(v) : v);
export const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
export const printable = (s: string) => tlv(0x13, Buffer.from(s, 'latin1'));
export const bits = (b: Buffer, unused = 0) => tlv(0x03, Buffer.from([unused]), b);

function intBytes(v: number): Buffer {
  const out: number[] = [];
  do {
    out.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  if (out[0]! & 0x80) out.unshift(0);
  return Buffer.from(out);
}

export function oid(s: string): Buffer {
  const [a, b, ...rest] = s.split('.').map(Number);
  const out: number[] = [];
  for (const arc of [a! * 40 + b!, ...rest]) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** A Name of attributes (OID, text) in one RDN each; text as UTF8String. */
export function name(...atts: Array<[string, string]>): Buffer {
  return seq(...atts.map(([o, v]) => set(seq(oid(o), utf8(v)))));
}
export const cn = (s: string) => name(['2.5.4.3', s]);

export function utcTime(d: Date): Buffer {
  return tlv(0x17, Buffer.from(d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z', 'latin1'));
}

export function ext(o: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(o), ...(critical ? [bool(true)] : []), octets(value));
}

export const X = {
  bc: (ca: boolean, pathLen?: number, critical = true) => ext('2.5.29.19', critical, seq(...(ca ? [bool(true)] : []), ...(pathLen === undefined ? [] : [int(pathLen)]))),
  /** keyUsage from bit numbers (0 digitalSignature ... 5 keyCertSign, 6 cRLSign, 8 decipherOnly). */
  ku: (bitNumbers: number[], critical = true) => {
    const bytes = Buffer.alloc(bitNumbers.some((n) => n >= 8) ? 2 : 1);
    for (const n of bitNumbers) bytes[n >> 3]! |= 0x80 >> (n & 7);
    return ext('2.5.29.15', critical, bits(bytes));
  },
  eku: (oids: string[], critical = false) => ext('2.5.29.37', critical, seq(...oids.map(oid))),
  san: (dns: string[], ips: Buffer[] = [], critical = false, more: Buffer[] = []) => ext('2.5.29.17', critical, seq(...dns.map((d) => ctxPrim(2, Buffer.from(d, 'latin1'))), ...ips.map((a) => ctxPrim(7, a)), ...more)),
  ski: (id: Buffer, critical = false) => ext('2.5.29.14', critical, octets(id)),
  aki: (id: Buffer | undefined, critical = false, issuerSerial = false) => ext('2.5.29.35', critical, seq(...(id ? [ctxPrim(0, id)] : []), ...(issuerSerial ? [ctx(1, ctx(4, cn('x'))), ctxPrim(2, Buffer.from([1]))] : []))),
  nc: (permitted: Buffer[] | null, excluded: Buffer[] | null, critical = true) =>
    ext('2.5.29.30', critical, seq(...(permitted ? [ctx(0, ...permitted.map((b) => seq(b)))] : []), ...(excluded ? [ctx(1, ...excluded.map((b) => seq(b)))] : []))),
};
export const EKU = { serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2', any: '2.5.29.37.0' };
export const KU = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 };

export interface Built {
  der: Buffer;
  pem: string;
  key: KeyObject;
  name: Buffer;
  ski: Buffer;
}

export interface Spec {
  subject?: Buffer;
  /** Signer; absent = self-signed. */
  issuer?: Built;
  /** Issuer name written into the certificate (default the signer's subject). */
  issuerName?: Buffer;
  key?: KeyObject;
  /** undefined = v3; null = no version field (v1); a number = that version value. */
  version?: number | null;
  serial?: Buffer;
  notBefore?: Date | Buffer;
  notAfter?: Date | Buffer;
  /** Complete extension list (X.*), or null for none at all. */
  exts?: Buffer[] | null;
  /** Signature AlgorithmIdentifier inside and outside tbsCertificate. */
  innerAlg?: Buffer;
  outerAlg?: Buffer;
  /** Subject public key info (default from `key`). */
  spki?: Buffer;
  /** Digest the signer uses (match innerAlg). */
  hash?: 'sha256' | 'sha1' | null;
  /** Bytes added inside tbsCertificate after the extensions. */
  tbsExtra?: Buffer[];
}

const DAY = 86_400_000;
export const T0 = new Date('2030-06-01T12:00:00Z');
const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

export function p256(): KeyObject {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
}

const skis = new WeakMap<KeyObject, Buffer>();
export function skiOf(key: KeyObject): Buffer {
  let id = skis.get(key);
  if (!id) skis.set(key, (id = createHash('sha1').update(createPublicKey(key).export({ type: 'spki', format: 'der' })).digest()));
  return id;
}

export function build(s: Spec): Built {
  const key = s.key ?? p256();
  const subject = s.subject ?? cn('leaf.example.test');
  const ski = skiOf(key);
  const signer = s.issuer ?? { key, name: subject, ski };
  const nb = s.notBefore ?? new Date(T0.getTime() - DAY);
  const na = s.notAfter ?? new Date(T0.getTime() + 30 * DAY);
  const spki = s.spki ?? createPublicKey(key).export({ type: 'spki', format: 'der' });
  const exts = s.exts === undefined ? [X.ski(ski), X.aki(signer.ski)] : s.exts;
  const tbs = seq(
    ...(s.version === null ? [] : [ctx(0, int(s.version ?? 2))]),
    int(s.serial ?? Buffer.from([0x01, 0x23, 0x45, 0x67])),
    s.innerAlg ?? ECDSA_SHA256,
    s.issuerName ?? signer.name,
    seq(Buffer.isBuffer(nb) ? nb : utcTime(nb), Buffer.isBuffer(na) ? na : utcTime(na)),
    subject,
    spki,
    ...(exts ? [ctx(3, seq(...exts))] : []),
    ...(s.tbsExtra ?? []),
  );
  const signature = sign(s.hash === undefined ? 'sha256' : s.hash, tbs, signer.key);
  const der = seq(tbs, s.outerAlg ?? s.innerAlg ?? ECDSA_SHA256, bits(signature));
  const pem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`;
  return { der, pem, key, name: subject, ski };
}

/** A conforming root → intermediate → leaf for `leaf.example.test`, valid at T0; parts can be replaced. */
export function chain(o: { root?: Spec; ica?: Spec; leaf?: Spec } = {}): { root: Built; ica: Built; leaf: Built } {
  const rootKey = o.root?.key ?? p256();
  const root = build({ subject: cn('Test Root'), key: rootKey, exts: [X.bc(true), X.ku([KU.keyCertSign, KU.cRLSign]), X.ski(skiOf(rootKey))], ...o.root });
  const icaKey = o.ica?.key ?? p256();
  const ica = build({ subject: cn('Test ICA'), key: icaKey, issuer: root, exts: [X.bc(true, 0), X.ku([KU.keyCertSign, KU.cRLSign]), X.ski(skiOf(icaKey)), X.aki(root.ski), X.eku([EKU.serverAuth])], ...o.ica });
  const leafKey = o.leaf?.key ?? p256();
  const leaf = build({
    subject: cn('leaf.example.test'),
    key: leafKey,
    issuer: ica,
    exts: [X.ku([KU.digitalSignature]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.ski(skiOf(leafKey)), X.aki(ica.ski)],
    ...o.leaf,
  });
  return { root, ica, leaf };
}
