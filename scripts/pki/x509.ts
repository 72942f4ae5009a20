// X.509 certificate fields pmnet's chain verdict needs, read with the strict DER reader.
// Extension values are decoded here; a malformed extension becomes a `defect`, not a throw,
// so one bad field never hides the others. Only a broken outer structure throws.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { bool, children, content, CONTEXT, DerError, expect, is, oid, parseDer, raw, smallInt, T, time, UNIVERSAL, type Tlv } from './der.js';

export const EXT = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;

export const EKU = { serverAuth: '1.3.6.1.5.5.7.3.1', any: '2.5.29.37.0' } as const;

/** keyUsage bit numbers (RFC 5280 §4.2.1.3). */
export const KU = { digitalSignature: 0, keyCertSign: 5 } as const;

export interface Extension {
  oid: string;
  critical: boolean;
  value: Buffer;
}

export interface GeneralNames {
  dns: string[];
  /** Raw address bytes (4 or 16). */
  ip: Buffer[];
  /** Raw Name DER of directoryName entries. */
  dirNames: Buffer[];
  /** Count of name forms pmnet does not match (otherName, rfc822Name, URI, ...), by tag. */
  other: number[];
}

export interface Subtree {
  /** GeneralName tag (2 dNSName, 4 directoryName, 7 iPAddress, ...). */
  tag: number;
  /** dNSName text, directoryName DER, or iPAddress address+mask bytes. */
  value: string | Buffer;
}

export interface Cert {
  der: Buffer;
  /** tbsCertificate as signed. */
  tbs: Buffer;
  /** 0 = v1, 2 = v3. */
  version: number;
  serial: Buffer;
  /** AlgorithmIdentifier DER inside tbsCertificate and outside it (must be equal). */
  innerSigAlg: Buffer;
  outerSigAlg: Buffer;
  sigOid: string;
  signature: Buffer;
  issuer: Buffer;
  subject: Buffer;
  /** RDNs of the subject as raw DER SETs, for directoryName constraints. */
  subjectRdns: Buffer[];
  issuerEmpty: boolean;
  subjectEmpty: boolean;
  /** Readable forms for messages. */
  subjectText: string;
  issuerText: string;
  commonNames: string[];
  notBefore: number;
  notAfter: number;
  spki: Buffer;
  spkiAlgOid: string;
  /** Raw parameters of the SPKI algorithm (named-curve OID, NULL, or explicit parameters). */
  spkiParams: Buffer | undefined;
  extensions: Extension[];
  basicConstraints: { ca: boolean; pathLen?: number; critical: boolean } | null;
  /** keyUsage bits as a bit set (bit 0 = digitalSignature); null when absent. */
  keyUsage: number | null;
  extKeyUsage: { oids: string[]; critical: boolean } | null;
  san: (GeneralNames & { critical: boolean }) | null;
  nameConstraints: { permitted: Subtree[] | null; excluded: Subtree[] | null; critical: boolean } | null;
  aki: { keyId?: Buffer; hasIssuer: boolean; hasSerial: boolean; critical: boolean } | null;
  ski: { keyId: Buffer; critical: boolean } | null;
  /** Extensions that could not be decoded, with the reason. */
  defects: string[];
  selfIssued: boolean;
  fingerprint: string;
}

const SUBJECT_ATTR: Record<string, string> = { '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O', '2.5.4.11': 'OU', '0.9.2342.19200300.100.1.25': 'DC' };

/** Throws DerError when the outer structure is not a certificate. */
export function parseCert(der: Buffer): Cert {
  const root = parseDer(der);
  const [tbsT, algT, sigT, ...rest] = children(expect(root, T.SEQUENCE, 'certificate'));
  if (!tbsT || !algT || !sigT || rest.length) throw new DerError('a certificate has exactly three parts');
  const tbs = children(expect(tbsT, T.SEQUENCE, 'tbsCertificate'));
  let i = 0;
  let version = 0;
  if (is(tbs[0], CONTEXT, 0)) {
    const [v] = children(tbs[0]);
    version = smallInt(v!);
    i = 1;
  }
  const serialT = expect(tbs[i], T.INTEGER, 'serialNumber');
  const innerAlg = expect(tbs[i + 1], T.SEQUENCE, 'signature');
  const issuerT = expect(tbs[i + 2], T.SEQUENCE, 'issuer');
  const [nbT, naT] = children(expect(tbs[i + 3], T.SEQUENCE, 'validity'));
  const subjectT = expect(tbs[i + 4], T.SEQUENCE, 'subject');
  const spkiT = expect(tbs[i + 5], T.SEQUENCE, 'subjectPublicKeyInfo');
  const [spkiAlg] = children(spkiT);
  const [spkiAlgOidT, spkiParamsT] = children(expect(spkiAlg, T.SEQUENCE, 'algorithm'));
  const sigBits = content(expect(sigT, T.BIT_STRING, 'signatureValue'));
  if (!nbT || !naT) throw new DerError('validity needs notBefore and notAfter');

  const c: Cert = {
    der,
    tbs: raw(tbsT),
    version,
    serial: content(serialT),
    innerSigAlg: raw(innerAlg),
    outerSigAlg: raw(algT),
    sigOid: oid(children(expect(algT, T.SEQUENCE, 'signatureAlgorithm'))[0]!),
    signature: sigBits.subarray(1),
    issuer: raw(issuerT),
    subject: raw(subjectT),
    subjectRdns: children(subjectT).map(raw),
    issuerEmpty: issuerT.end === issuerT.body,
    subjectEmpty: subjectT.end === subjectT.body,
    subjectText: nameText(subjectT),
    issuerText: nameText(issuerT),
    commonNames: attributes(subjectT, '2.5.4.3'),
    notBefore: time(nbT),
    notAfter: time(naT),
    spki: raw(spkiT),
    spkiAlgOid: oid(spkiAlgOidT!),
    spkiParams: spkiParamsT ? raw(spkiParamsT) : undefined,
    extensions: [],
    basicConstraints: null,
    keyUsage: null,
    extKeyUsage: null,
    san: null,
    nameConstraints: null,
    aki: null,
    ski: null,
    defects: [],
    selfIssued: false,
    fingerprint: '',
  };
  c.selfIssued = c.issuer.equals(c.subject);
  for (const t of tbs.slice(i + 6)) {
    if (!is(t, CONTEXT, 3)) continue; // issuerUniqueID / subjectUniqueID
    for (const e of children(children(t)[0] ?? t)) c.extensions.push(extension(e));
  }
  for (const e of c.extensions) {
    try {
      decodeExtension(c, e);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      c.defects.push(`has a ${extName(e.oid)} extension that cannot be decoded (${why.slice(0, 50)})`);
    }
  }
  return c;
}

export function extName(o: string): string {
  const n = Object.entries(EXT).find(([, v]) => v === o)?.[0];
  return n ?? o;
}

function extension(t: Tlv): Extension {
  const parts = children(expect(t, T.SEQUENCE, 'extension'));
  const o = oid(parts[0]!);
  let critical = false;
  let vi = 1;
  if (is(parts[1], UNIVERSAL, T.BOOLEAN)) {
    critical = bool(parts[1]);
    vi = 2;
  }
  return { oid: o, critical, value: content(expect(parts[vi], T.OCTET_STRING, 'extnValue')) };
}

function decodeExtension(c: Cert, e: Extension): void {
  const v = () => parseDer(e.value);
  switch (e.oid) {
    case EXT.basicConstraints: {
      let ca = false;
      let pathLen: number | undefined;
      for (const t of children(expect(v(), T.SEQUENCE, 'basicConstraints'))) {
        if (is(t, UNIVERSAL, T.BOOLEAN)) ca = bool(t);
        else pathLen = smallInt(t);
      }
      c.basicConstraints = pathLen === undefined ? { ca, critical: e.critical } : { ca, pathLen, critical: e.critical };
      return;
    }
    case EXT.keyUsage: {
      const b = content(expect(v(), T.BIT_STRING, 'keyUsage'));
      // X.690 §8.6.2: the first octet counts the unused bits, 0 to 7.
      if (!b.length || b[0]! > 7) throw new DerError('bad BIT STRING');
      let bits = 0;
      for (let n = 0; n < 9; n++) if (b[1 + (n >> 3)] !== undefined && b[1 + (n >> 3)]! & (0x80 >> (n & 7))) bits |= 1 << n;
      c.keyUsage = bits;
      return;
    }
    case EXT.extKeyUsage:
      c.extKeyUsage = { oids: children(expect(v(), T.SEQUENCE, 'extKeyUsage')).map(oid), critical: e.critical };
      return;
    case EXT.subjectAltName:
      c.san = { ...generalNames(children(expect(v(), T.SEQUENCE, 'subjectAltName'))), critical: e.critical };
      return;
    case EXT.nameConstraints: {
      let permitted: Subtree[] | null = null;
      let excluded: Subtree[] | null = null;
      for (const t of children(expect(v(), T.SEQUENCE, 'nameConstraints'))) {
        const list = children(t).map((st) => subtree(st));
        if (is(t, CONTEXT, 0)) permitted = list;
        else if (is(t, CONTEXT, 1)) excluded = list;
        else throw new DerError('unexpected field');
      }
      c.nameConstraints = { permitted, excluded, critical: e.critical };
      return;
    }
    case EXT.authorityKeyIdentifier: {
      const aki: NonNullable<Cert['aki']> = { hasIssuer: false, hasSerial: false, critical: e.critical };
      for (const t of children(expect(v(), T.SEQUENCE, 'authorityKeyIdentifier'))) {
        if (is(t, CONTEXT, 0)) aki.keyId = content(t);
        else if (is(t, CONTEXT, 1)) aki.hasIssuer = true;
        else if (is(t, CONTEXT, 2)) aki.hasSerial = true;
      }
      c.aki = aki;
      return;
    }
    case EXT.subjectKeyIdentifier:
      c.ski = { keyId: content(expect(v(), T.OCTET_STRING, 'subjectKeyIdentifier')), critical: e.critical };
      return;
    case EXT.authorityInfoAccess: {
      const list = children(expect(v(), T.SEQUENCE, 'authorityInfoAccess'));
      if (!list.length) throw new DerError('it holds no access description');
      for (const ad of list) {
        const [m, loc] = children(expect(ad, T.SEQUENCE, 'accessDescription'));
        oid(m!);
        if (!loc || loc.cls !== CONTEXT) throw new DerError('accessLocation is not a GeneralName');
      }
      return;
    }
    default:
    // Other extensions (policies, SCTs, CRL distribution points, private ones): pmnet does not
    // use them, and an unknown one's value need not be DER it can read.
  }
}

function generalNames(list: Tlv[]): GeneralNames {
  const out: GeneralNames = { dns: [], ip: [], dirNames: [], other: [] };
  for (const n of list) {
    if (n.cls !== CONTEXT) throw new DerError('a GeneralName is context-tagged');
    if (n.num === 2) out.dns.push(content(n).toString('latin1'));
    else if (n.num === 7) out.ip.push(Buffer.from(content(n)));
    else if (n.num === 4) {
      const [name] = children(n);
      out.dirNames.push(raw(expect(name, T.SEQUENCE, 'directoryName')));
    } else out.other.push(n.num);
  }
  return out;
}

function subtree(t: Tlv): Subtree {
  const [base] = children(expect(t, T.SEQUENCE, 'GeneralSubtree'));
  if (!base || base.cls !== CONTEXT) throw new DerError('GeneralSubtree base is not a GeneralName');
  if (base.num === 2) return { tag: 2, value: content(base).toString('latin1') };
  if (base.num === 4) return { tag: 4, value: raw(expect(children(base)[0], T.SEQUENCE, 'directoryName')) };
  return { tag: base.num, value: content(base) };
}

function attributes(name: Tlv, want: string): string[] {
  const out: string[] = [];
  for (const rdn of children(name)) {
    for (const atv of children(rdn)) {
      const [type, value] = children(atv);
      if (type && value && oid(type) === want) out.push(content(value).toString(value.num === T.UTF8 ? 'utf8' : 'latin1'));
    }
  }
  return out;
}

function nameText(name: Tlv): string {
  const parts: string[] = [];
  try {
    for (const rdn of children(name)) {
      for (const atv of children(rdn)) {
        const [type, value] = children(atv);
        if (!type || !value) continue;
        const o = oid(type);
        parts.push(`${SUBJECT_ATTR[o] ?? o}=${content(value).toString(value.num === T.UTF8 ? 'utf8' : 'latin1')}`);
      }
    }
  } catch {
    return '(unreadable name)';
  }
  return parts.length ? parts.join(', ') : '(empty name)';
}

/** The certificate's public key, or undefined when OpenSSL cannot load it (explicit curves, unknown types). */
export function publicKey(c: Cert): KeyObject | undefined {
  let k = keys.get(c);
  if (k === undefined) {
    try {
      k = createPublicKey({ key: c.spki, format: 'der', type: 'spki' });
    } catch {
      k = null;
    }
    keys.set(c, k);
  }
  return k ?? undefined;
}

// Trust anchors live for the whole run: their keys are loaded once.
const keys = new WeakMap<Cert, KeyObject | null>();

