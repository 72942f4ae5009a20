// Certificate parsing for RSA, ECDSA and Ed25519 (node:crypto + node-forge ASN.1).
import { createHash, createPublicKey } from 'node:crypto';
import forge from 'node-forge';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { summarizeCertificate } from '../../scripts/live/tls/cert.js';
import { EKU, makeCert, makeKey, testPki } from '../harness/certs.js';

test('RSA, ECDSA P-256/P-384 and Ed25519: key type, size/curve, SAN, signature algorithm', () => {
  const cases = [
    { keySpec: 'rsa2048', keyType: 'rsa', keyBits: 2048, curve: undefined },
    { keySpec: 'p256', keyType: 'ec', keyBits: undefined, curve: 'prime256v1' },
    { keySpec: 'p384', keyType: 'ec', keyBits: undefined, curve: 'secp384r1' },
    { keySpec: 'ed25519', keyType: 'ed25519', keyBits: undefined, curve: undefined },
  ] as const;
  for (const c of cases) {
    // Self-signed, so the signature algorithm follows the key type too.
    const cert = makeCert({ cn: 'n.example.test', dns: ['n.example.test', '*.example.test'], keySpec: c.keySpec });
    const s = summarizeCertificate(cert.der);
    assert.is(s.keyType, c.keyType, c.keySpec);
    assert.is(s.keyBits, c.keyBits, c.keySpec);
    assert.is(s.curve, c.curve, c.keySpec);
    assert.equal(s.dnsNames, ['n.example.test', '*.example.test']);
    assert.is(s.signatureAlgorithm, { rsa: 'sha256WithRSAEncryption', ec: 'ecdsa-with-SHA256', ed25519: 'Ed25519' }[c.keyType]);
    assert.equal(s.extKeyUsage, [EKU.serverAuth]);
    assert.equal(s.basicConstraints, { ca: false });
    assert.is(s.selfIssued, true);
    assert.is(s.hasSct, false);
  }
});

test('node-forge certificateFromPem cannot read EC certificates (why cert.ts uses its ASN.1 layer only)', () => {
  const ec = makeCert({ cn: 'x.test', keySpec: 'p256' });
  assert.throws(() => forge.pki.certificateFromPem(ec.pem), /OID is not RSA/);
  assert.is(summarizeCertificate(ec.der).keyType, 'ec');
});

test('validity dates, fingerprint, SPKI pin, SHA-1 signature, CA basic constraints, SCT, EKU', () => {
  const key = makeKey('p256');
  const nb = new Date('2026-04-01T10:20:30Z');
  const na = new Date('2051-01-01T00:00:00Z'); // GeneralizedTime from 2050 on
  const c = makeCert({ cn: 'd.test', dns: ['d.test'], key, notBefore: nb, notAfter: na, hash: 'sha1', sct: true, eku: [EKU.clientAuth, EKU.codeSigning] });
  const s = summarizeCertificate(c.der);
  assert.is(s.notBefore, nb.toISOString());
  assert.is(s.notAfter, na.toISOString());
  assert.is(s.signatureAlgorithm, 'ecdsa-with-SHA1');
  assert.is(s.signatureAlgorithmOid, '1.2.840.10045.4.1');
  assert.is(s.hasSct, true);
  assert.equal(s.extKeyUsage, [EKU.clientAuth, EKU.codeSigning]);
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  assert.is(s.spkiSha256, createHash('sha256').update(spki).digest('base64'));
  assert.is(s.fingerprint256.replaceAll(':', '').toLowerCase(), createHash('sha256').update(c.der).digest('hex'));
  assert.is(Buffer.from(s.der, 'base64').equals(c.der), true);

  const ca = summarizeCertificate(testPki().intermediate.der);
  assert.equal(ca.basicConstraints, { ca: true });
  assert.is(ca.extKeyUsage, null);
  assert.is(ca.selfIssued, false);
  assert.is(ca.issuer, 'CN=pmnet Test Root CA');
});

test('same key, different certificates: same SPKI pin, different fingerprints', () => {
  const key = makeKey('p256');
  const a = summarizeCertificate(makeCert({ cn: 'a.test', key }).der);
  const b = summarizeCertificate(makeCert({ cn: 'b.test', key }).der);
  assert.is(a.spkiSha256, b.spkiSha256);
  assert.is.not(a.fingerprint256, b.fingerprint256);
});

test('garbage DER throws the OpenSSL parse error, not a crash of ours (the probe turns it into parseError)', () => {
  // A TypeError (say, reading a field of undefined) would be a bug in cert.ts, not a verdict on the input.
  const opensslError = (e: unknown) => e instanceof Error && !(e instanceof TypeError) && /^ERR_OSSL_/.test(String((e as { code?: unknown }).code));
  assert.throws(() => summarizeCertificate(Buffer.from('30030201', 'hex')), opensslError);
  assert.throws(() => summarizeCertificate(Buffer.alloc(0)), opensslError);
});

test.run();
