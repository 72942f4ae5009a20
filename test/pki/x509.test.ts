// Exact behaviour of scripts/pki/x509.ts: the fields of a certificate built byte by byte
// (test/pki/build.ts), each extension decoded or reported as a defect, and the outer structure
// refused with the reader's reason.
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DerError } from '../../scripts/pki/der.js';
import { extName, parseCert, publicKey } from '../../scripts/pki/x509.js';
import { bits, bool, build, cn, ctx, ctxPrim, EKU, ext, int, name, octets, oid, p256, printable, seq, set, skiOf, tlv, utf8, X } from './build.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const dns = (s: string) => ctxPrim(2, Buffer.from(s, 'latin1'));
const fails = (der: Buffer, message: string) => {
  try {
    parseCert(der);
  } catch (err) {
    assert.instance(err, DerError);
    assert.is((err as Error).message, message);
    return;
  }
  assert.unreachable(`expected "${message}"`);
};
/** A minimal certificate from raw tbsCertificate parts (not signed: parsing does not check). */
const raw = (tbsParts: Buffer[], outer: Buffer[] = [seq(oid('1.2.840.10045.4.3.2')), bits(hex('0102'))]) => seq(seq(...tbsParts), ...outer);

test('the fields of a v3 certificate', () => {
  const issuerKey = p256();
  const issuer = build({ subject: name(['2.5.4.6', 'DE'], ['2.5.4.10', 'Example Org'], ['2.5.4.3', 'Issuer CA']), key: issuerKey, exts: [X.bc(true), X.ski(skiOf(issuerKey))] });
  const key = p256();
  const nb = new Date('2030-01-02T03:04:05Z');
  const na = new Date('2031-01-02T03:04:05Z');
  const c = build({ subject: name(['2.5.4.3', 'leaf.example.test'], ['2.5.4.11', 'Ops'], ['0.9.2342.19200300.100.1.25', 'test'], ['2.5.4.7', 'Köln'], ['2.5.4.8', 'NRW'], ['2.5.4.97', 'x']), key, issuer, serial: hex('00ff01'), notBefore: nb, notAfter: na, exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test'])] });
  const p = parseCert(c.der);
  assert.is(p.der, c.der);
  assert.equal(p.version, 2);
  assert.equal(p.serial, hex('00ff01'));
  assert.equal(p.innerSigAlg, hex('300a06082a8648ce3d040302'));
  assert.equal(p.outerSigAlg, p.innerSigAlg);
  assert.is(p.sigOid, '1.2.840.10045.4.3.2');
  assert.equal(p.issuer, issuer.name);
  assert.equal(p.subject, c.name);
  assert.equal(p.subjectRdns.length, 6);
  assert.equal(p.subjectRdns[0], set(seq(oid('2.5.4.3'), utf8('leaf.example.test'))));
  assert.is(p.issuerText, 'C=DE, O=Example Org, CN=Issuer CA');
  assert.is(p.subjectText, 'CN=leaf.example.test, OU=Ops, DC=test, L=Köln, ST=NRW, 2.5.4.97=x');
  assert.equal(p.commonNames, ['leaf.example.test']);
  assert.equal([p.issuerEmpty, p.subjectEmpty, p.selfIssued], [false, false, false]);
  assert.is(p.notBefore, nb.getTime());
  assert.is(p.notAfter, na.getTime());
  assert.is(p.spkiAlgOid, '1.2.840.10045.2.1');
  assert.equal(p.spkiParams, oid('1.2.840.10045.3.1.7'));
  assert.equal(p.spki.subarray(0, 2), hex('3059'));
  assert.is(p.tbs.equals(c.der.subarray(4, 4 + p.tbs.length)), true);
  assert.is(p.signature.length > 60 && p.signature[0] === 0x30, true);
  assert.equal(p.extensions.map((e) => [e.oid, e.critical]), [['2.5.29.15', true], ['2.5.29.37', false], ['2.5.29.17', false]]);
  assert.equal(p.extensions[0]!.value, bits(hex('80')));
  assert.equal(p.defects, []);
  assert.is(p.fingerprint, '');
  assert.is(publicKey(p)!.asymmetricKeyType, 'ec');
  assert.is(publicKey(p), publicKey(p), 'loaded once');
  // Self-issued: the same name as issuer and subject.
  const self = parseCert(build({ subject: cn('Self'), exts: null }).der);
  assert.equal([self.selfIssued, self.extensions, self.basicConstraints, self.keyUsage, self.extKeyUsage, self.san, self.nameConstraints, self.aki, self.ski], [true, [], null, null, null, null, null, null, null]);
  // Ed25519: no parameters; a string other than UTF8String is read as Latin-1.
  const ed = parseCert(build({ key: generateKeyPairSync('ed25519').privateKey, hash: null, subject: seq(set(seq(oid('2.5.4.3'), printable('ed.example.test')))), exts: null }).der);
  assert.equal([ed.spkiAlgOid, ed.spkiParams, ed.commonNames, ed.subjectText], ['1.3.101.112', undefined, ['ed.example.test'], 'CN=ed.example.test']);
  const latin = parseCert(build({ subject: seq(set(seq(oid('2.5.4.3'), tlv(0x14, Buffer.from([0x4b, 0xf6, 0x6c, 0x6e]))))), exts: null }).der);
  assert.equal([latin.commonNames, latin.subjectText], [['Köln'], 'CN=Köln']);
  const utf = parseCert(build({ subject: cn('Köln'), exts: null }).der);
  assert.equal([utf.commonNames, utf.subjectText], [['Köln'], 'CN=Köln']);
  // Two CNs, in order; other attributes are not CNs.
  const two = parseCert(build({ subject: seq(set(seq(oid('2.5.4.3'), utf8('a')), seq(oid('2.5.4.10'), utf8('o'))), set(seq(oid('2.5.4.3'), utf8('b')))), exts: null }).der);
  assert.equal([two.commonNames, two.subjectText], [['a', 'b'], 'CN=a, O=o, CN=b']);
});

test('names: empty, unreadable, and attribute values without a type', () => {
  const empty = parseCert(build({ subject: seq(), issuerName: seq(), exts: null }).der);
  assert.equal([empty.subjectEmpty, empty.issuerEmpty, empty.subjectText, empty.issuerText, empty.commonNames, empty.subjectRdns], [true, true, '(empty name)', '(empty name)', [], []]);
  // An attribute with only a type is skipped in the text and not a CN.
  const typeOnly = parseCert(build({ subject: seq(set(seq(oid('2.5.4.3'))), set(seq(oid('2.5.4.10'), utf8('o')))), exts: null }).der);
  assert.equal([typeOnly.subjectText, typeOnly.commonNames], ['O=o', []]);
  // An issuer RDN that is not a SET of sequences cannot be read as text; a subject one breaks
  // the certificate (its Common Names are read).
  const odd = parseCert(build({ issuerName: seq(set(oid('2.5.4.3'))), exts: null }).der);
  assert.equal([odd.issuerText, odd.subjectText], ['(unreadable name)', 'CN=leaf.example.test']);
  fails(build({ subject: seq(set(oid('2.5.4.3'))), exts: null }).der, 'expected a constructed value');
  const badOid = raw([ctx(0, int(2)), int(1), seq(oid('1.2.840.10045.4.3.2')), cn('i'), seq(tlv(0x17, Buffer.from('300101000000Z')), tlv(0x17, Buffer.from('310101000000Z'))), seq(set(seq(tlv(0x06, hex('2a86')), utf8('x')))), seq(seq(oid('1.3.101.112')), bits(Buffer.alloc(32)))]);
  fails(badOid, 'bad object identifier');
});

test('the version field, validity and the outer structure', () => {
  const v1 = parseCert(build({ version: null, exts: null }).der);
  assert.is(v1.version, 0);
  assert.is(parseCert(build({ version: 1, exts: null }).der).version, 1);
  const spki = seq(seq(oid('1.3.101.112')), bits(Buffer.alloc(32)));
  const validity = seq(tlv(0x17, Buffer.from('300101000000Z')), tlv(0x18, Buffer.from('20510101000000Z')));
  const parts = [ctx(0, int(2)), int(1), seq(oid('1.3.101.112')), cn('i'), validity, cn('s'), spki];
  const ok = parseCert(raw(parts));
  assert.equal([ok.notBefore, ok.notAfter, ok.spkiParams, ok.signature], [Date.UTC(2030, 0, 1), Date.UTC(2051, 0, 1), undefined, hex('0102')]);
  // Unique identifiers before the extensions are skipped; the extensions after them are read.
  const withIds = parseCert(raw([...parts, ctxPrim(1, hex('00aa')), ctxPrim(2, hex('00bb')), ctx(3, seq(X.bc(true)))]));
  assert.equal(withIds.basicConstraints, { ca: true, critical: true });
  assert.equal(parseCert(raw([...parts, ctx(3, seq())])).extensions, []);
  fails(seq(seq(...parts), seq(oid('1.3.101.112'))), 'a certificate has exactly three parts');
  fails(seq(seq(...parts), seq(oid('1.3.101.112')), bits(hex('00')), int(0)), 'a certificate has exactly three parts');
  fails(Buffer.concat([raw(parts), hex('00')]), 'trailing bytes after the DER value');
  fails(raw(parts, [seq(oid('1.3.101.112')), octets(hex('00'))]), 'signatureValue: unexpected ASN.1 type');
  fails(raw(parts, [int(1), bits(hex('00'))]), 'signatureAlgorithm: unexpected ASN.1 type');
  fails(int(1), 'certificate: unexpected ASN.1 type');
  fails(seq(int(1), seq(), bits(hex('00'))), 'tbsCertificate: unexpected ASN.1 type');
  const swap = (i: number, b: Buffer) => raw(parts.map((p, j) => (j === i ? b : p)));
  fails(swap(0, ctx(0, int(hex('0002')))), 'non-minimal INTEGER');
  fails(swap(1, octets(hex('01'))), 'serialNumber: unexpected ASN.1 type');
  fails(swap(2, int(1)), 'signature: unexpected ASN.1 type');
  fails(swap(3, set()), 'issuer: unexpected ASN.1 type');
  fails(swap(4, int(1)), 'validity: unexpected ASN.1 type');
  fails(swap(4, seq(tlv(0x17, Buffer.from('300101000000Z')))), 'validity needs notBefore and notAfter');
  fails(swap(4, seq(tlv(0x17, Buffer.from('300101000000Z')), tlv(0x17, Buffer.from('301301000000Z')))), 'bad certificate time "301301000000Z"');
  fails(swap(5, set()), 'subject: unexpected ASN.1 type');
  fails(swap(6, int(1)), 'subjectPublicKeyInfo: unexpected ASN.1 type');
  fails(swap(6, seq(int(1), bits(hex('00')))), 'algorithm: unexpected ASN.1 type');
  fails(raw([parts[0]!, ...parts.slice(2)]), 'serialNumber: unexpected ASN.1 type');
  assert.is(parseCert(raw(parts.slice(1))).version, 0, 'no version field: v1');
  // An extension without a value, or a non-boolean critical flag, breaks the certificate.
  fails(raw([...parts, ctx(3, seq(seq(oid('2.5.29.19'), bool(true))))]), 'extnValue: unexpected ASN.1 type');
  fails(raw([...parts, ctx(3, seq(seq(oid('2.5.29.19'), int(1), octets(seq()))))]), 'extnValue: unexpected ASN.1 type');
  fails(raw([...parts, ctx(3, seq(int(1)))]), 'extension: unexpected ASN.1 type');
  fails(raw([...parts, ctx(3, seq(seq(oid('2.5.29.19'), tlv(0x01, hex('01')), octets(seq()))))]), 'BOOLEAN is not DER');
  // An explicit FALSE is read as not critical.
  assert.equal(parseCert(raw([...parts, ctx(3, seq(seq(oid('2.5.29.19'), bool(false), octets(seq()))))])).extensions.map((e) => e.critical), [false]);
  // A public key OpenSSL cannot load.
  assert.is(publicKey(parseCert(raw([...parts.slice(0, 6), seq(seq(oid('1.2.840.10045.2.1'), oid('1.2.840.10045.3.1.7')), bits(hex('04')))]))), undefined);
});

test('extensions decoded: basicConstraints, keyUsage, EKU, SAN, nameConstraints, key identifiers', () => {
  const one = (e: Buffer) => parseCert(build({ exts: [e] }).der);
  assert.equal(one(X.bc(true, 3)).basicConstraints, { ca: true, pathLen: 3, critical: true });
  assert.equal(one(X.bc(false, undefined, false)).basicConstraints, { ca: false, critical: false });
  assert.equal(one(ext('2.5.29.19', true, seq(bool(false)))).basicConstraints, { ca: false, critical: true });
  assert.equal(one(ext('2.5.29.19', true, seq(int(0)))).basicConstraints, { ca: false, pathLen: 0, critical: true });
  assert.equal(one(X.ku([0])).keyUsage, 1);
  assert.equal(one(X.ku([5, 6])).keyUsage, 0b1100000);
  assert.equal(one(X.ku([1, 2, 3, 4, 7])).keyUsage, 0b10011110);
  assert.equal(one(X.ku([0, 8])).keyUsage, 0b100000001);
  assert.equal(one(X.ku([8])).keyUsage, 256);
  assert.equal(one(ext('2.5.29.15', true, bits(hex('ffff'), 0))).keyUsage, 511, 'bits past decipherOnly are ignored');
  assert.equal(one(ext('2.5.29.15', true, bits(Buffer.alloc(0), 0))).keyUsage, 0);
  assert.equal(one(X.eku([EKU.serverAuth, EKU.clientAuth], true)).extKeyUsage, { oids: [EKU.serverAuth, EKU.clientAuth], critical: true });
  const san = one(X.san(['a.example.test', 'b.example.test'], [hex('0a000001'), hex('20010db8000000000000000000000001')], true, [ctx(4, cn('dir')), ctxPrim(1, Buffer.from('a@b')), ctxPrim(6, Buffer.from('https://x')), ctx(0, oid('1.2.3'))])).san;
  assert.equal(san, { dns: ['a.example.test', 'b.example.test'], ip: [hex('0a000001'), hex('20010db8000000000000000000000001')], dirNames: [cn('dir')], other: [1, 6, 0], critical: true });
  assert.equal(one(X.san([])).san, { dns: [], ip: [], dirNames: [], other: [], critical: false });
  const nc = one(X.nc([dns('example.test'), ctxPrim(7, hex('0a000000ff000000')), ctx(4, cn('x'))], [dns('bad.example.test'), ctxPrim(1, Buffer.from('x'))])).nameConstraints;
  assert.equal(nc, {
    permitted: [{ tag: 2, value: 'example.test' }, { tag: 7, value: hex('0a000000ff000000') }, { tag: 4, value: cn('x') }],
    excluded: [{ tag: 2, value: 'bad.example.test' }, { tag: 1, value: Buffer.from('x') }],
    critical: true,
  });
  assert.equal(one(X.nc(null, null, false)).nameConstraints, { permitted: null, excluded: null, critical: false });
  assert.equal(one(X.nc([], null)).nameConstraints, { permitted: [], excluded: null, critical: true });
  assert.equal(one(X.aki(hex('0102'))).aki, { keyId: hex('0102'), hasIssuer: false, hasSerial: false, critical: false });
  assert.equal(one(X.aki(undefined, true, true)).aki, { hasIssuer: true, hasSerial: true, critical: true });
  assert.equal(one(ext('2.5.29.35', false, seq(ctxPrim(2, hex('01'))))).aki, { hasIssuer: false, hasSerial: true, critical: false });
  assert.equal(one(ext('2.5.29.35', false, seq(ctx(1, ctx(4, cn('x')))))).aki, { hasIssuer: true, hasSerial: false, critical: false });
  assert.equal(one(ext('2.5.29.35', false, seq(ctxPrim(5, hex('01'))))).aki, { hasIssuer: false, hasSerial: false, critical: false });
  assert.equal(one(X.ski(hex('abcd'), true)).ski, { keyId: hex('abcd'), critical: true });
  const aia = one(ext('1.3.6.1.5.5.7.1.1', false, seq(seq(oid('1.3.6.1.5.5.7.48.1'), ctxPrim(6, Buffer.from('http://ocsp.test'))))));
  assert.equal(aia.defects, []);
  assert.is(extName('2.5.29.19'), 'basicConstraints');
  assert.is(extName('1.3.6.1.5.5.7.1.1'), 'authorityInfoAccess');
  assert.is(extName('1.2.3'), '1.2.3');
});

test('an extension that cannot be decoded is a defect, the others are still read', () => {
  const defects = (e: Buffer) => {
    const c = parseCert(build({ exts: [e, X.ski(hex('01'))] }).der);
    assert.equal(c.ski, { keyId: hex('01'), critical: false });
    return c.defects;
  };
  const msg = (n: string, why: string) => [`has a ${n} extension that cannot be decoded (${why})`];
  assert.equal(defects(ext('2.5.29.19', true, int(1))), msg('basicConstraints', 'basicConstraints: unexpected ASN.1 type'));
  assert.equal(defects(ext('2.5.29.19', true, seq(int(hex('0001'))))), msg('basicConstraints', 'non-minimal INTEGER'));
  assert.equal(defects(ext('2.5.29.19', true, seq(int(hex('ff'))))), msg('basicConstraints', 'integer out of range'));
  assert.equal(defects(ext('2.5.29.19', true, Buffer.concat([seq(), hex('00')]))), msg('basicConstraints', 'trailing bytes after the DER value'));
  assert.equal(defects(ext('2.5.29.15', true, octets(hex('00')))), msg('keyUsage', 'keyUsage: unexpected ASN.1 type'));
  assert.equal(defects(ext('2.5.29.15', true, tlv(0x03, Buffer.alloc(0)))), msg('keyUsage', 'bad BIT STRING'));
  assert.equal(defects(ext('2.5.29.15', true, tlv(0x03, hex('0880')))), msg('keyUsage', 'bad BIT STRING'));
  assert.equal(defects(ext('2.5.29.15', true, tlv(0x03, hex('8080')))), msg('keyUsage', 'bad BIT STRING'));
  assert.equal(parseCert(build({ exts: [ext('2.5.29.15', true, tlv(0x03, hex('0780')))] }).der).keyUsage, 1, 'seven unused bits');
  assert.equal(defects(ext('2.5.29.37', false, seq(int(1)))), msg('extKeyUsage', 'object identifier: unexpected ASN.1 type'));
  assert.equal(defects(ext('2.5.29.37', false, int(1))), msg('extKeyUsage', 'extKeyUsage: unexpected ASN.1 type'));
  assert.equal(defects(ext('2.5.29.17', false, seq(tlv(0x16, Buffer.from('a.example'))))), msg('subjectAltName', 'a GeneralName is context-tagged'));
  assert.equal(defects(ext('2.5.29.17', false, int(1))), msg('subjectAltName', 'subjectAltName: unexpected ASN.1 type'));
  assert.equal(defects(ext('2.5.29.17', false, seq(ctx(4, int(1))))), msg('subjectAltName', 'directoryName: unexpected ASN.1 type'));
  assert.equal(defects(ext('2.5.29.30', true, seq(ctx(2, seq(dns('x')))))), msg('nameConstraints', 'unexpected field'));
  assert.equal(defects(ext('2.5.29.30', true, seq(ctx(0, seq(tlv(0x16, Buffer.from('x'))))))), msg('nameConstraints', 'GeneralSubtree base is not a GeneralName'));
  assert.equal(defects(ext('2.5.29.30', true, seq(ctx(0, seq())))), msg('nameConstraints', 'GeneralSubtree base is not a GeneralName'));
  assert.equal(defects(ext('2.5.29.30', true, seq(ctx(0, int(1))))), msg('nameConstraints', 'GeneralSubtree: unexpected ASN.1 type'));
  assert.equal(defects(ext('2.5.29.30', true, seq(ctx(1, seq(ctx(4, int(1))))))), msg('nameConstraints', 'directoryName: unexpected ASN.1 type'));
  assert.equal(defects(ext('2.5.29.30', true, int(1))), msg('nameConstraints', 'nameConstraints: unexpected ASN.1 type'));
  assert.equal(defects(ext('2.5.29.35', false, int(1))), msg('authorityKeyIdentifier', 'authorityKeyIdentifier: unexpected ASN.1 type'));
  assert.equal(defects(ext('2.5.29.14', false, int(1))), msg('subjectKeyIdentifier', 'subjectKeyIdentifier: unexpected ASN.1 type'));
  assert.equal(defects(ext('1.3.6.1.5.5.7.1.1', false, seq())), msg('authorityInfoAccess', 'it holds no access description'));
  assert.equal(defects(ext('1.3.6.1.5.5.7.1.1', false, int(1))), msg('authorityInfoAccess', 'authorityInfoAccess: unexpected ASN.1 type'));
  assert.equal(defects(ext('1.3.6.1.5.5.7.1.1', false, seq(int(1)))), msg('authorityInfoAccess', 'accessDescription: unexpected ASN.1 type'));
  assert.equal(defects(ext('1.3.6.1.5.5.7.1.1', false, seq(seq(int(1), dns('x'))))), msg('authorityInfoAccess', 'object identifier: unexpected ASN.1 type'));
  assert.equal(defects(ext('1.3.6.1.5.5.7.1.1', false, seq(seq(oid('1.3.6.1.5.5.7.48.1'))))), msg('authorityInfoAccess', 'accessLocation is not a GeneralName'));
  assert.equal(defects(ext('1.3.6.1.5.5.7.1.1', false, seq(seq(oid('1.3.6.1.5.5.7.48.1'), tlv(0x16, Buffer.from('http://x')))))), msg('authorityInfoAccess', 'accessLocation is not a GeneralName'));
  assert.equal(defects(ext('2.5.29.19', true, seq(tlv(0x06, hex('2a80'))))), msg('basicConstraints', 'integer: unexpected ASN.1 type'));
  const c = parseCert(build({ exts: [ext('2.5.29.17', false, seq(ctxPrim(4, Buffer.from('aaaa'))))] }).der);
  assert.equal(c.defects, msg('subjectAltName', 'expected a constructed value'));
  // An unknown extension's value is not read.
  assert.equal(defects(ext('1.2.3.4', true, hex('ffff'))), []);
  assert.equal(defects(ext('2.5.29.32', false, hex('ff'))), []);
});

test.run();
