// The summary from pmnet's own parse (cert.ts) against the lenient node-forge one it replaced
// on the probe path (cert-lenient.ts): the same CertSummary, field for field, over generated
// certificates (RSA, ECDSA, Ed25519, SAN forms, IP SANs, expired, long chains, odd names) and
// the x509-limbo corpus.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { summarizeLenient } from '../../scripts/live/tls/cert-lenient.js';
import { strictParse, summarizeCertificate } from '../../scripts/live/tls/cert.js';
import { makeCert, makeKey, testPki, type KeySpec } from '../harness/certs.js';
import { build, chain, cn, ctx, ctxPrim, ext, name, oid, p256, printable, seq, set, tlv, utcTime, utf8, X, EKU, KU, T0 } from '../pki/build.js';

const DAY = 86_400_000;

/** Compares both summaries; true when the strict path gave it (not the fallback). */
function same(der: Buffer, label: string): boolean {
  const c = strictParse(der);
  assert.equal(summarizeCertificate(der), summarizeLenient(der), label);
  if (c) assert.equal(summarizeCertificate(der, c), summarizeLenient(der), `${label} (parse passed in)`);
  return !!c && !c.defects.length;
}

test('harness certificates: every key type, SHA-1, SCT, EKU variants, CA flags, expired, GeneralizedTime', () => {
  let strict = 0;
  const specs: KeySpec[] = ['rsa2048', 'rsa1024', 'p256', 'p384', 'secp256k1', 'ed25519'];
  const pki = testPki();
  for (const keySpec of specs) {
    for (const issuer of [undefined, pki.intermediate]) {
      const variants: Array<Parameters<typeof makeCert>[0]> = [
        { cn: 'n.example.test', dns: ['n.example.test', '*.Example.TEST'], keySpec, issuer },
        { cn: 'no-san.test', keySpec, issuer, eku: null },
        { cn: 'old.test', dns: ['old.test'], keySpec, issuer, notBefore: new Date('2019-01-01T00:00:00Z'), notAfter: new Date('2020-01-01T00:00:00Z') },
        { cn: 'far.test', dns: ['far.test'], keySpec, issuer, notAfter: new Date('2051-06-01T00:00:00Z'), hash: 'sha1', sct: true },
        { cn: 'ca.test', keySpec, issuer, ca: true, eku: [EKU.serverAuth, EKU.clientAuth] },
      ];
      for (const v of variants) if (same(makeCert(v).der, `${keySpec} ${v.cn} ${issuer ? 'issued' : 'self'}`)) strict++;
    }
  }
  assert.is(strict, specs.length * 10, 'all took the strict path');
});

test('byte-built certificates: SAN forms, IP SANs, path lengths, names, v1, long chains', () => {
  let strict = 0;
  let total = 0;
  const check = (der: Buffer, label: string) => {
    total++;
    if (same(der, label)) strict++;
  };
  const { root, ica, leaf } = chain();
  check(root.der, 'root');
  check(ica.der, 'ica');
  check(leaf.der, 'leaf');
  const v4 = Buffer.from([192, 0, 2, 7]);
  const v6 = Buffer.from('20010db8000000000000000000000001', 'hex');
  const sans: Array<[string, Buffer]> = [
    ['dns only', X.san(['a.example.test', 'B.Example.Test'])],
    ['ipv4', X.san([], [v4])],
    ['ipv6', X.san([], [v6])],
    ['mixed', X.san(['a.example.test'], [v4, v6])],
    ['odd ip length', X.san(['a.example.test'], [Buffer.from([1, 2, 3])])],
    ['uri, email, dirName', X.san(['a.example.test'], [], false, [ctxPrim(6, Buffer.from('https://a.example.test/')), ctxPrim(1, Buffer.from('x@example.test')), ctx(4, cn('dir'))])],
    ['critical, empty subject', X.san(['a.example.test'], [], true)],
    ['empty SAN', X.san([])],
  ];
  for (const [label, san] of sans) {
    const subject = label.includes('empty subject') ? seq() : cn('a.example.test');
    check(build({ issuer: ica, subject, exts: [X.ku([KU.digitalSignature]), X.eku([EKU.serverAuth]), san, X.aki(ica.ski)] }).der, `SAN ${label}`);
  }
  for (const pathLen of [0, 1, 7, 300, 70000]) check(build({ issuer: root, subject: cn(`ICA ${pathLen}`), exts: [X.bc(true, pathLen), X.ku([KU.keyCertSign])] }).der, `pathLen ${pathLen}`);
  check(build({ exts: [X.bc(false, undefined, false)] }).der, 'bc empty');
  check(build({ version: null, exts: null }).der, 'v1 without extensions');
  check(build({ exts: [X.eku([])] }).der, 'empty EKU');
  check(build({ exts: [ext('1.3.6.1.4.1.11129.2.4.2', false, tlv(0x04, Buffer.from([0, 0])))] }).der, 'SCT');
  check(build({ exts: [ext('1.2.3.4.5', false, Buffer.from('not DER at all'))] }).der, 'private extension with raw bytes');
  // Names: several RDNs, a multi-valued RDN, PrintableString, characters OpenSSL escapes.
  check(build({ subject: name(['2.5.4.6', 'DE'], ['2.5.4.10', 'Org, Inc.'], ['2.5.4.3', 'x.example.test']) }).der, 'long name');
  check(build({ subject: seq(set(seq(oid('2.5.4.3'), utf8('a')), seq(oid('2.5.4.10'), utf8('b')))) }).der, 'multi-valued RDN');
  check(build({ subject: seq(set(seq(oid('2.5.4.3'), printable('p.example.test')))) }).der, 'PrintableString subject');
  check(build({ subject: name(['2.5.4.3', 'Ünïcödé + "quotes" <x>']) }).der, 'UTF-8 subject');
  // Self-issued by text, not by bytes: PrintableString issuer, UTF8String subject.
  const k = p256();
  check(build({ key: k, subject: cn('same'), issuerName: seq(set(seq(oid('2.5.4.3'), printable('same')))) }).der, 'issuer text equal, bytes not');
  // Times: expired, not yet valid, GeneralizedTime, the 2049/2050 boundary.
  check(build({ notBefore: new Date(T0.getTime() - 400 * DAY), notAfter: new Date(T0.getTime() - 10 * DAY) }).der, 'expired');
  check(build({ notBefore: new Date('2049-12-31T23:59:59Z'), notAfter: tlv(0x18, Buffer.from('20500101000000Z')) }).der, 'GeneralizedTime');
  check(build({ notBefore: tlv(0x18, Buffer.from('19991231235959Z')), notAfter: utcTime(new Date('2049-01-01T00:00:00Z')) }).der, 'GeneralizedTime before 2050');
  // Serial numbers: long, with a leading zero, negative.
  for (const serial of [Buffer.from('00ff', 'hex'), Buffer.alloc(20, 0x7f), Buffer.from('ff01', 'hex'), Buffer.from([0])]) check(build({ serial }).der, `serial ${serial.toString('hex')}`);
  // RSA and RSA-PSS keys, RSA-signed.
  check(build({ key: makeKey('rsa2048', 'diff') }).der, 'RSA self-signed');
  // A long chain: root, eight intermediates, leaf.
  let top = root;
  for (let i = 0; i < 8; i++) {
    const key = p256();
    top = build({ issuer: top, key, subject: cn(`ICA ${i}`), exts: [X.bc(true), X.ku([KU.keyCertSign]), X.ski(Buffer.from([i + 1])), X.aki(top.ski)] });
    check(top.der, `chain ${i}`);
  }
  check(build({ issuer: top, exts: [X.san(['deep.example.test']), X.aki(top.ski)] }).der, 'deep leaf');
  assert.ok(strict >= total - 2, `${strict} of ${total} took the strict path`);
});

test('certificates the strict reader refuses or cannot fully decode: the lenient summary, unchanged', () => {
  const cases: Array<[string, Buffer]> = [
    ['UTCTime without seconds', build({ notAfter: tlv(0x17, Buffer.from('3001010000Z')) }).der],
    ['SAN that is not a SEQUENCE', build({ exts: [ext('2.5.29.17', false, tlv(0x04, Buffer.from('x')))] }).der],
    ['basicConstraints with a negative pathLen', build({ exts: [ext('2.5.29.19', true, seq(tlv(0x01, Buffer.from([0xff])), tlv(0x02, Buffer.from([0xff]))))] }).der],
    ['EKU that is not a SEQUENCE', build({ exts: [ext('2.5.29.37', false, oid('1.3.6.1.5.5.7.3.1'))] }).der],
  ];
  for (const [label, der] of cases) {
    const c = strictParse(der);
    assert.ok(!c || c.defects.length, `${label}: refused or defective`);
    assert.equal(summarizeCertificate(der), summarizeLenient(der), label);
  }
});

test('x509-limbo corpus: every certificate of every case', () => {
  const corpus = JSON.parse(readFileSync(new URL('../../../test/fixtures/x509-limbo/cases.json', import.meta.url), 'utf8')) as {
    testcases: Array<{ id: string; peer_certificate: string; untrusted_intermediates: string[]; trusted_certs: string[] }>;
  };
  let n = 0;
  let strict = 0;
  for (const t of corpus.testcases) {
    for (const pem of [t.peer_certificate, ...t.untrusted_intermediates, ...t.trusted_certs]) {
      const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
      let lenient: unknown;
      try {
        lenient = summarizeLenient(der);
      } catch (err) {
        lenient = err instanceof Error ? err.message : err;
      }
      let ours: unknown;
      try {
        ours = summarizeCertificate(der);
      } catch (err) {
        ours = err instanceof Error ? err.message : err;
      }
      assert.equal(ours, lenient, t.id);
      const c = strictParse(der);
      if (c && !c.defects.length) strict++;
      n++;
    }
  }
  assert.ok(n > 150, `${n} certificates`);
  assert.ok(strict > n * 0.8, `${strict} of ${n} took the strict path`);
});

test.run();
