// Exact verdicts of scripts/pki/verify.ts on chains built at test time (test/pki/build.ts): each
// check has a chain that passes and one that fails it, with the problem code, the certificate it
// names and, where the wording carries a value, the detail.
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildAnchors, verifyChain } from '../../scripts/pki/verify.js';
import type { ChainVerdict, Problem } from '../../scripts/pki/types.js';
import { bits, build, chain, cn, ctx, ctxPrim, EKU, ext, int, KU, name, oid, p256, seq, skiOf, T0, X, type Built } from './build.js';

const SECOND = 1000;
const DAY = 86_400_000;

/** Every problem the tests produced, by code and the role of the certificate it names. */
const seen = new Map<string, Problem>();
const role = (cert: string) => (cert.startsWith('the root') ? 'root' : cert.startsWith('the intermediate') ? 'intermediate' : cert === 'the server' ? 'server' : 'leaf');

function judge(sent: Built[], roots: Built[], o: { name?: string; at?: Date; system?: Built[] } = {}): ChainVerdict {
  const v = verifyChain({ sent: sent.map((c) => c.der), anchors: buildAnchors((o.system ?? []).map((c) => c.pem), roots.map((c) => c.pem)), name: o.name ?? 'leaf.example.test', at: o.at ?? T0 });
  for (const p of v.problems) seen.set(`${p.code} ${role(p.cert)}`, p);
  return v;
}
const codes = (v: ChainVerdict) => v.problems.map((p) => p.code);
const who = (v: ChainVerdict) => v.problems.map((p) => `${p.code} ${p.cert}`);
const ICA = 'the intermediate "CN=Test ICA"';
const ROOT = 'the root "CN=Test Root"';

test('a conforming chain: no problems, the path by subject, the checking time echoed', () => {
  const c = chain();
  const v = judge([c.leaf, c.ica], [c.root]);
  assert.equal(v, { ok: true, path: ['CN=leaf.example.test', 'CN=Test ICA', 'CN=Test Root'], at: T0.toISOString(), problems: [] });
  // The same chain under a system root (trusted as shipped).
  assert.equal(judge([c.leaf, c.ica], [], { system: [c.root] }).problems, []);
});

test('validity: exact at notBefore and notAfter, whole seconds, per role', () => {
  const nb = new Date('2030-06-01T00:00:00Z');
  const na = new Date('2030-06-02T00:00:00Z');
  const c = chain({ leaf: { notBefore: nb, notAfter: na } });
  const at = (d: Date, ms: number) => ({ at: new Date(d.getTime() + ms) });
  assert.equal(codes(judge([c.leaf, c.ica], [c.root], at(nb, 0))), []);
  assert.equal(codes(judge([c.leaf, c.ica], [c.root], at(na, 0))), []);
  assert.equal(codes(judge([c.leaf, c.ica], [c.root], at(na, 999))), [], 'the same second as notAfter');
  const late = judge([c.leaf, c.ica], [c.root], at(na, SECOND));
  assert.equal(late.problems, [
    { rule: 'tls/expired', code: 'expired', cert: 'the certificate', field: 'validity', detail: 'expired at 2030-06-02T00:00:00Z', citation: 'RFC 5280 §4.1.2.5 and §6.1.3 (a)(2)', fix: 'renew it and reload the server; check that automatic renewal runs' },
  ]);
  assert.is(late.ok, false);
  const early = judge([c.leaf, c.ica], [c.root], at(nb, -1));
  assert.equal(early.problems, [
    { rule: 'tls/not-yet-valid', code: 'not-yet-valid', cert: 'the certificate', field: 'validity', detail: 'is not valid before 2030-06-01T00:00:00Z', citation: 'RFC 5280 §4.1.2.5 and §6.1.3 (a)(2)', fix: 'serve the previous certificate until then, or check the clock of the machine that issued it' },
  ]);

  const old = chain({ ica: { notBefore: new Date(T0.getTime() - 10 * DAY), notAfter: new Date(T0.getTime() - SECOND) } });
  const v = judge([old.leaf, old.ica], [old.root]);
  assert.equal(v.problems.map((p) => [p.rule, p.code, p.cert, p.detail, p.citation, p.fix]), [['tls/untrusted-chain', 'issuer-expired', ICA, 'expired at 2030-06-01T11:59:59Z', 'RFC 5280 §6.1.3 (a)(2)', 'serve the current intermediate from your CA']]);
  const oldRoot = chain({ root: { notAfter: new Date(T0.getTime() - SECOND) } });
  assert.equal(judge([oldRoot.leaf, oldRoot.ica], [oldRoot.root]).problems.map((p) => [p.code, p.cert, p.fix]), [['issuer-expired', ROOT, 'use a chain to a current root of your CA']]);
  const young = chain({ ica: { notBefore: new Date(T0.getTime() + SECOND) } });
  assert.equal(judge([young.leaf, young.ica], [young.root]).problems.map((p) => [p.rule, p.code, p.cert, p.detail, p.fix]), [
    ['tls/untrusted-chain', 'issuer-not-yet-valid', ICA, 'is not valid before 2030-06-01T12:00:01Z', 'serve the intermediate your CA uses today'],
  ]);
});

test('basicConstraints: the issuer must be a CA; pathLenConstraint counts the intermediates below, not self-issued ones', () => {
  const none = chain({ ica: { exts: [X.ku([KU.keyCertSign]), X.ski(Buffer.from('01', 'hex')), X.aki(undefined)] } });
  let v = judge([none.leaf, none.ica], [none.root]);
  assert.equal(v.problems.filter((p) => p.code === 'issuer-not-ca').map((p) => [p.rule, p.cert, p.field, p.detail, p.citation, p.fix]), [
    ['tls/untrusted-chain', ICA, 'basicConstraints', 'signs certificates but has no basicConstraints extension', 'RFC 5280 §4.2.1.9 and §6.1.4 (k)', 'serve the intermediate your CA publishes'],
  ]);
  const icaKey = p256();
  const notCa = chain({ ica: { key: icaKey, exts: [X.bc(false), X.ku([KU.keyCertSign]), X.ski(skiOf(icaKey))] } });
  v = judge([notCa.leaf, notCa.ica], [notCa.root]);
  assert.equal(who(v), ['issuer-not-ca ' + ICA, 'missing-aki ' + ICA]);
  assert.is(v.problems[0]!.detail, 'signs certificates but is not a CA (basicConstraints cA=FALSE)');
  const rootKey = p256();
  const rootNotCa = chain({ root: { key: rootKey, exts: [X.ku([KU.keyCertSign]), X.ski(skiOf(rootKey))] } });
  assert.equal(judge([rootNotCa.leaf, rootNotCa.ica], [rootNotCa.root]).problems.map((p) => [p.code, p.cert, p.fix]), [['issuer-not-ca', ROOT, 'trust the CA\'s real root certificate']]);

  // Root pathLen 0 over one intermediate: too many; pathLen 1: allowed.
  const rk = p256();
  const tight = chain({ root: { key: rk, exts: [X.bc(true, 0), X.ku([KU.keyCertSign]), X.ski(skiOf(rk))] } });
  v = judge([tight.leaf, tight.ica], [tight.root]);
  assert.equal(v.problems.map((p) => [p.rule, p.code, p.cert, p.detail]), [['tls/untrusted-chain', 'path-length', ROOT, 'allows 0 intermediate(s) below it (pathLenConstraint) but 1 follow']]);
  const ok = chain({ root: { key: rk, exts: [X.bc(true, 1), X.ku([KU.keyCertSign]), X.ski(skiOf(rk))] } });
  assert.equal(codes(judge([ok.leaf, ok.ica], [ok.root])), []);
  // Two intermediates under a root with pathLen 1; the lower one (pathLen 0) has none below it.
  const k2 = p256();
  const ica2 = build({ subject: cn('Test ICA 2'), key: k2, issuer: ok.ica, exts: [X.bc(true, 0), X.ku([KU.keyCertSign]), X.ski(skiOf(k2)), X.aki(ok.ica.ski)] });
  const ica1Open = build({ subject: cn('Test ICA'), key: ok.ica.key, issuer: ok.root, exts: [X.bc(true), X.ku([KU.keyCertSign]), X.ski(ok.ica.ski), X.aki(ok.root.ski)] });
  const leaf2 = build({ issuer: ica2, exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.aki(ica2.ski)] });
  v = judge([leaf2, ica2, ica1Open], [ok.root]);
  assert.equal(v.problems.map((p) => [p.code, p.cert, p.detail]), [['path-length', ROOT, 'allows 1 intermediate(s) below it (pathLenConstraint) but 2 follow']]);
  assert.equal(v.path, ['CN=leaf.example.test', 'CN=Test ICA 2', 'CN=Test ICA', 'CN=Test Root']);
  // A self-issued intermediate (same name, new key, signed by the old one) is not counted.
  const k3 = p256();
  const rollover = build({ subject: cn('Test ICA'), key: k3, issuer: ica1Open, exts: [X.bc(true), X.ku([KU.keyCertSign]), X.ski(skiOf(k3)), X.aki(ica1Open.ski)] });
  const leaf3 = build({ issuer: rollover, exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.aki(rollover.ski)] });
  const rk1 = build({ subject: cn('Test Root'), key: rk, exts: [X.bc(true, 0), X.ku([KU.keyCertSign]), X.ski(skiOf(rk))] });
  v = judge([leaf3, rollover, ica1Open], [rk1]);
  assert.equal(v.path, ['CN=leaf.example.test', 'CN=Test ICA', 'CN=Test ICA', 'CN=Test Root']);
  assert.equal(codes(v), ['path-length'], 'pathLen 0 over one real intermediate and one self-issued');
  const rk2 = build({ subject: cn('Test Root'), key: rk, exts: [X.bc(true, 1), X.ku([KU.keyCertSign]), X.ski(skiOf(rk))] });
  assert.equal(codes(judge([leaf3, rollover, ica1Open], [rk2])), [], 'the self-issued one is not counted');
});

test('keyUsage: an issuer needs keyCertSign (bit 5) when the extension is there; a leaf must not assert it', () => {
  const k = p256();
  const crlOnly = chain({ ica: { key: k, exts: [X.bc(true), X.ku([KU.cRLSign, KU.digitalSignature]), X.ski(skiOf(k))] } });
  let v = judge([crlOnly.leaf, crlOnly.ica], [crlOnly.root]);
  assert.equal(v.problems.map((p) => [p.rule, p.code, p.cert, p.field, p.detail]), [
    ['tls/untrusted-chain', 'no-keycertsign', ICA, 'keyUsage', 'signs certificates but its keyUsage lacks keyCertSign'],
    ['tls/certificate-profile', 'missing-aki', ICA, 'authorityKeyIdentifier', 'has no authorityKeyIdentifier key identifier'],
  ]);
  const withPathLen = chain({ ica: { key: k, exts: [X.bc(true, 0), X.ku([KU.cRLSign]), X.ski(skiOf(k)), X.aki(crlOnly.root.ski)] } });
  v = judge([withPathLen.leaf, withPathLen.ica], [withPathLen.root]);
  assert.equal(codes(v), ['no-keycertsign', 'pathlen-without-keycertsign']);
  assert.is(v.problems[1]!.fix, 'use a conforming intermediate from your CA');
  const noKu = chain({ ica: { key: k, exts: [X.bc(true, 0), X.ski(skiOf(k)), X.aki(crlOnly.root.ski)] } });
  assert.equal(codes(judge([noKu.leaf, noKu.ica], [noKu.root])), [], 'no keyUsage extension: any use');
  const onlyCertSign = chain({ ica: { key: k, exts: [X.bc(true, 0), X.ku([KU.keyCertSign]), X.ski(skiOf(k)), X.aki(crlOnly.root.ski)] } });
  assert.equal(codes(judge([onlyCertSign.leaf, onlyCertSign.ica], [onlyCertSign.root])), []);

  const leafKey = p256();
  const base = chain();
  const leafExts = (ku: Buffer) => [ku, X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.ski(skiOf(leafKey)), X.aki(base.ica.ski)];
  const signing = build({ key: leafKey, issuer: base.ica, exts: leafExts(X.ku([KU.digitalSignature, KU.keyCertSign])) });
  v = judge([signing, base.ica], [base.root]);
  assert.equal(v.problems.map((p) => [p.rule, p.code, p.field, p.detail]), [['tls/certificate-profile', 'leaf-keycertsign', 'keyUsage', 'asserts keyCertSign in a certificate that is not a CA']]);
  // decipherOnly (bit 8, in the second octet) is read, and is not keyCertSign.
  const bit8 = build({ key: leafKey, issuer: base.ica, exts: leafExts(X.ku([KU.digitalSignature, 8])) });
  assert.equal(codes(judge([bit8, base.ica], [base.root])), []);
  const caLeaf = build({ key: leafKey, issuer: base.ica, exts: [X.bc(true), ...leafExts(X.ku([KU.digitalSignature, KU.keyCertSign]))] });
  v = judge([caLeaf, base.ica], [base.root]);
  assert.equal(v.problems.map((p) => [p.code, p.detail, p.fix]), [['leaf-is-ca', 'is a CA certificate (basicConstraints cA=TRUE) served as a TLS server certificate', 'serve a subscriber (end-entity) certificate, not a CA certificate']]);
  const ncLeaf = build({ key: leafKey, issuer: base.ica, exts: [...leafExts(X.ku([0])), X.nc([ctxPrim(2, Buffer.from('example.test'))], null)] });
  assert.equal(judge([ncLeaf, base.ica], [base.root]).problems.map((p) => [p.code, p.field, p.detail]), [['leaf-name-constraints', 'nameConstraints', 'carries nameConstraints, which only CA certificates may']]);
});

test('extended key usage of the leaf and of the issuers', () => {
  const k = p256();
  const base = chain();
  const leaf = (eku: Buffer[]) => build({ key: k, issuer: base.ica, exts: [X.ku([0]), ...eku, X.san(['leaf.example.test']), X.aki(base.ica.ski)] });
  const run = (eku: Buffer[]) => judge([leaf(eku), base.ica], [base.root]).problems.map((p) => [p.rule, p.code, p.detail]);
  assert.equal(run([]), [['tls/no-server-auth', 'no-eku', 'has no extended key usage extension; subscriber certificates must list serverAuth']]);
  assert.equal(run([X.eku([EKU.serverAuth], true)]), [['tls/certificate-profile', 'critical-eku', 'marks extKeyUsage critical, which subscriber certificates must not']]);
  assert.equal(run([X.eku([])]), [['tls/no-server-auth', 'empty-eku', 'has an empty extended key usage list']]);
  assert.equal(run([X.eku([EKU.serverAuth, EKU.any])]), [['tls/no-server-auth', 'any-eku', 'lists anyExtendedKeyUsage, which subscriber certificates must not']]);
  assert.equal(run([X.eku([EKU.clientAuth, '1.2.3.4'])]), [['tls/no-server-auth', 'no-server-auth', 'lists clientAuth, 1.2.3.4 but not serverAuth']]);
  assert.equal(run([X.eku([EKU.clientAuth, EKU.serverAuth])]), []);
  // An extKeyUsage that cannot be read is a malformed extension, not also "no EKU".
  assert.equal(run([ext('2.5.29.37', false, Buffer.from('0400', 'hex'))]).map((r) => r[1]), ['malformed-extension']);

  const ik = p256();
  const icaExts = (eku: string[] | null) => [X.bc(true, 0), X.ku([KU.keyCertSign]), X.ski(skiOf(ik)), X.aki(base.root.ski), ...(eku ? [X.eku(eku)] : [])];
  const withIca = (eku: string[] | null) => {
    const c = chain({ root: { key: base.root.key }, ica: { key: ik, exts: icaExts(eku) } });
    return judge([c.leaf, c.ica], [c.root]).problems.map((p) => [p.rule, p.code, p.cert, p.detail]);
  };
  assert.equal(withIca([EKU.clientAuth]), [['tls/no-server-auth', 'issuer-no-server-auth', ICA, 'restricts its certificates to clientAuth, without serverAuth']]);
  assert.equal(withIca([EKU.clientAuth, '1.3.6.1.5.5.7.3.3']).map((p) => p[3]), ['restricts its certificates to clientAuth, codeSigning, without serverAuth']);
  assert.equal(withIca([EKU.any]), []);
  assert.equal(withIca(null), []);
  // A system root is trusted as shipped: its EKU and profile are not judged; an extra root's are.
  const rk = p256();
  const rootEku = chain({ root: { key: rk, exts: [X.bc(true, undefined, false), X.ku([KU.keyCertSign]), X.ski(skiOf(rk)), X.eku([EKU.clientAuth])] } });
  assert.equal(judge([rootEku.leaf, rootEku.ica], [], { system: [rootEku.root] }).problems, []);
  assert.equal(who(judge([rootEku.leaf, rootEku.ica], [rootEku.root])), ['issuer-no-server-auth ' + ROOT, 'bc-not-critical ' + ROOT, 'root-eku ' + ROOT]);
});

test('subjectAltName: presence, criticality against the subject, syntax, the Common Name, and the match', () => {
  const k = p256();
  const base = chain();
  const leaf = (subject: Buffer, san: Buffer | null) => build({ key: k, subject, issuer: base.ica, exts: [X.ku([0]), X.eku([EKU.serverAuth]), ...(san ? [san] : []), X.aki(base.ica.ski)] });
  const run = (subject: Buffer, san: Buffer | null, host = 'leaf.example.test') => judge([leaf(subject, san), base.ica], [base.root], { name: host }).problems.map((p) => [p.rule, p.code, p.detail]);
  assert.equal(run(cn('leaf.example.test'), null), [['tls/name-mismatch', 'no-san', 'has no subjectAltName (subject "CN=leaf.example.test"); clients do not fall back to the Common Name']]);
  assert.equal(run(cn('leaf.example.test'), ext('2.5.29.17', false, Buffer.from('3003820261', 'hex'))).map((r) => r[1]), ['malformed-extension', 'bad-san']);
  assert.equal(run(cn('leaf.example.test'), ext('2.5.29.17', false, Buffer.from('3003820261', 'hex')))[1], ['tls/name-mismatch', 'bad-san', 'has a subjectAltName that cannot be read, so it names no host']);
  assert.equal(run(seq(), X.san(['leaf.example.test'])), [['tls/certificate-profile', 'san-not-critical', 'has an empty subject and a non-critical subjectAltName']]);
  // Another extension's defect does not stand for a missing subjectAltName or extKeyUsage.
  const badKu = ext('2.5.29.15', true, Buffer.from('0500', 'hex'));
  const bare = build({ key: k, subject: cn('leaf.example.test'), issuer: base.ica, exts: [badKu, X.aki(base.ica.ski)] });
  assert.equal(judge([bare, base.ica], [base.root]).problems.map((p) => [p.code, p.detail]), [
    ['malformed-extension', 'has a keyUsage extension that cannot be decoded (keyUsage: unexpected ASN.1 type)'],
    ['no-eku', 'has no extended key usage extension; subscriber certificates must list serverAuth'],
    ['no-san', 'has no subjectAltName (subject "CN=leaf.example.test"); clients do not fall back to the Common Name'],
  ]);
  assert.equal(run(seq(), X.san(['leaf.example.test'], [], true)), []);
  assert.equal(run(cn('leaf.example.test'), X.san(['leaf.example.test'], [], true)), [['tls/certificate-profile', 'san-critical', 'marks subjectAltName critical although the subject is not empty']]);
  assert.equal(run(cn('x'), X.san(['a_b.example.test', 'leaf.example.test'])), [['tls/certificate-profile', 'bad-dns-name', 'lists "a_b.example.test", not in the preferred name syntax (LDH labels, * only as a whole label)']]);
  assert.equal(run(cn('x'), X.san(['a_b.example.test', 'c_d.example.test', 'leaf.example.test'])).map((r) => r[2]), ['lists "a_b.example.test" (and 1 more), not in the preferred name syntax (LDH labels, * only as a whole label)']);
  // An invalid name never matches, even when it equals the host.
  assert.equal(run(cn('x'), X.san(['leaf_1.example.test']), 'leaf_1.example.test').map((r) => r[1]), ['bad-dns-name', 'name-mismatch']);
  assert.equal(run(cn('x'), X.san(['other.example.test'])), [['tls/name-mismatch', 'name-mismatch', 'does not cover "leaf.example.test"']]);
  assert.equal(run(cn('x'), X.san([], [Buffer.from([10, 0, 0, 1])])).map((r) => r[1]), ['name-not-listed']);
  assert.equal(run(cn('x'), X.san(['*.co.uk']), 'leaf.co.uk'), [['tls/name-mismatch', 'name-not-listed', 'does not cover "leaf.co.uk": its wildcard "*.co.uk" spans a public suffix, never matched']]);
  assert.equal(run(cn('x'), X.san(['*.example.test'])), []);
  const fix = judge([leaf(cn('x'), X.san(['other.example.test'])), base.ica], [base.root]).problems[0]!.fix;
  assert.is(fix, 'get a certificate for "leaf.example.test" (a wildcard covers one left-most label, never a public suffix)');

  // The Common Name: a SAN entry (exactly), an address in the SAN, a parent of a SAN name, or a plain label.
  for (const ok of ['leaf.example.test', 'example.test', 'Test Server', '10.0.0.1']) assert.equal(run(cn(ok), X.san(['leaf.example.test'], [Buffer.from([10, 0, 0, 1])])), [], ok);
  for (const bad of ['other.example.test', 'LEAF.example.test', 'xample.test', 'a b.example']) {
    assert.equal(run(cn(bad), X.san(['leaf.example.test'])), [['tls/certificate-profile', 'cn-not-in-san', `has the Common Name "${bad}", not a character-for-character copy of a subjectAltName entry`]], bad);
  }
  assert.equal(run(name(['2.5.4.3', 'one.example.test'], ['2.5.4.3', 'two.example.test']), X.san(['leaf.example.test'])).map((r) => r[1]), ['cn-not-in-san', 'cn-not-in-san']);
});

test('encoding rules: version, serial number (not for roots), signature algorithms, issuer, extensions', () => {
  const base = chain();
  const k = p256();
  const exts = [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.aki(base.ica.ski)];
  const run = (o: Parameters<typeof build>[0]) => judge([build({ key: k, issuer: base.ica, exts, ...o }), base.ica], [base.root]).problems.map((p) => [p.code, p.detail]);
  assert.equal(run({ version: null, exts: null }).map((r) => r.join(': ')), ['not-v3: is an X.509 v1 certificate', 'missing-aki: has no authorityKeyIdentifier key identifier', 'no-eku: has no extended key usage extension; subscriber certificates must list serverAuth', 'no-san: has no subjectAltName (subject "CN=leaf.example.test"); clients do not fall back to the Common Name']);
  assert.equal(run({ version: 1 }), [['not-v3', 'is an X.509 v2 certificate']]);
  assert.equal(run({ serial: Buffer.from('80', 'hex') }), [['serial-negative', 'has a negative serial number']]);
  assert.equal(run({ serial: Buffer.alloc(0) }), [['serial-negative', 'has a negative serial number']]);
  assert.equal(run({ serial: Buffer.from('00', 'hex') }), [['serial-zero', 'has the serial number 0']]);
  assert.equal(run({ serial: Buffer.from('0000', 'hex') }), [['serial-zero', 'has the serial number 0']]);
  assert.equal(run({ serial: Buffer.from('0080', 'hex') }), []);
  assert.equal(run({ serial: Buffer.alloc(20, 0x11) }), []);
  assert.equal(run({ serial: Buffer.concat([Buffer.from([0]), Buffer.alloc(20, 0x91)]) }), [], '20 octets after the sign octet');
  assert.equal(run({ serial: Buffer.alloc(21, 0x11) }), [['serial-too-long', 'has a serial number of 21 octets (at most 20)']]);
  assert.equal(run({ serial: Buffer.concat([Buffer.from([0]), Buffer.alloc(21, 0x91)]) }), [['serial-too-long', 'has a serial number of 22 octets (at most 20)']]);
  // A root's serial number is not judged.
  const rk = p256();
  const zeroRoot = chain({ root: { key: rk, serial: Buffer.from('00', 'hex'), exts: [X.bc(true), X.ku([KU.keyCertSign]), X.ski(skiOf(rk))] } });
  assert.equal(codes(judge([zeroRoot.leaf, zeroRoot.ica], [zeroRoot.root])), []);
  // Inner and outer algorithms differ: a profile problem, and the signature is not trusted.
  const mixed = run({ outerAlg: seq(oid('1.2.840.10045.4.3.3')) });
  assert.equal(mixed, [
    ['signature-algorithm-mismatch', 'names different signature algorithms inside and outside tbsCertificate'],
    ['bad-signature', 'has a signature that does not verify with the key of "CN=Test ICA"'],
  ]);
  assert.equal(run({ issuerName: seq(), exts: [...exts.slice(0, 3)] }), [
    ['empty-issuer', 'has an empty issuer name'],
    ['missing-aki', 'has no authorityKeyIdentifier key identifier'],
    ['missing-intermediate', 'names the issuer "(empty name)", which the server does not send and no trusted root is'],
  ]);
  assert.equal(run({ exts: [...exts, X.san(['leaf.example.test'])] }), [['duplicate-extension', 'carries the subjectAltName extension twice']]);
  assert.equal(run({ exts: [...exts, ext('1.2.3.4', true, Buffer.from('0500', 'hex'))] }), [['unknown-critical-extension', 'has the critical extension 1.2.3.4, which clients do not know and must therefore reject']]);
  assert.equal(run({ exts: [...exts, ext('1.2.3.4', false, Buffer.from('ff', 'hex'))] }), [], 'an unknown non-critical extension need not be DER');
  assert.equal(run({ exts: [...exts, ext('2.5.29.32', true, seq(seq(oid('2.23.140.1.2.1'))))] }), [], 'certificatePolicies may be critical');
  assert.equal(run({ exts: [...exts, ext('2.5.29.36', true, seq(ctxPrim(0, Buffer.from([0]))))] }), []);
  assert.equal(run({ exts: [...exts, ext('2.5.29.36', false, seq(ctxPrim(0, Buffer.from([0]))))] }), [['noncritical-policy-constraints', 'marks policyConstraints non-critical, which conforming CAs must not']]);
  const akiCrit = judge([build({ key: k, issuer: base.ica, exts: [...exts.slice(0, 3), X.aki(base.ica.ski, true)] }), base.ica], [base.root]).problems;
  assert.equal(akiCrit.map((p) => [p.code, p.field, p.detail, p.citation]), [['critical-extension', 'authorityKeyIdentifier', 'marks authorityKeyIdentifier critical, which conforming CAs must not', 'RFC 5280 §4.2.1.1']]);
  assert.equal(run({ exts: [...exts, X.ski(Buffer.from('01', 'hex'), true)] }).map((r) => r.join(': ')), ['critical-extension: marks subjectKeyIdentifier critical, which conforming CAs must not']);
  const aia = ext('1.3.6.1.5.5.7.1.1', true, seq(seq(oid('1.3.6.1.5.5.7.48.2'), ctxPrim(6, Buffer.from('http://x.test/ca')))));
  assert.equal(run({ exts: [...exts, aia] }).map((r) => r[0]), ['critical-extension']);
  assert.equal(run({ exts: [...exts, ext('2.5.29.15', false, Buffer.from('0400', 'hex'))] }), [
    ['duplicate-extension', 'carries the keyUsage extension twice'],
    ['malformed-extension', 'has a keyUsage extension that cannot be decoded (keyUsage: unexpected ASN.1 type)'],
  ]);
  // The AKI key identifier: only a self-signed certificate may omit it.
  assert.equal(run({ exts: exts.slice(0, 3) }), [['missing-aki', 'has no authorityKeyIdentifier key identifier']]);
  assert.equal(run({ exts: [...exts.slice(0, 3), X.aki(undefined, false, true)] }).map((r) => r[0]), ['missing-aki']);
  const problem = judge([build({ key: k, issuer: base.ica, exts: exts.slice(0, 3) }), base.ica], [base.root]).problems[0]!;
  assert.equal([problem.rule, problem.cert, problem.field, problem.citation, problem.fix], ['tls/certificate-profile', 'the certificate', 'authorityKeyIdentifier', 'RFC 5280 §4.2.1.1', 'get a new certificate from a CA that follows the Baseline Requirements']);
});

test('CA profile of intermediates and extra roots (not of system roots)', () => {
  const rk = p256();
  const ik = p256();
  const root = (exts: Buffer[], subject = cn('Test Root')) => build({ subject, key: rk, exts });
  const rootExts = [X.bc(true), X.ku([KU.keyCertSign]), X.ski(skiOf(rk))];
  const ica = (exts: Buffer[], issuer: Built, subject = cn('Test ICA')) => build({ subject, key: ik, issuer, exts });
  const icaExts = (r: Built) => [X.bc(true), X.ku([KU.keyCertSign]), X.ski(skiOf(ik)), X.aki(r.ski)];
  const leafOf = (i: Built) => build({ issuer: i, exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.aki(skiOf(ik))] });
  const run = (r: Built, i: Built, system = false) => {
    const v = judge([leafOf(i), i], system ? [] : [r], system ? { system: [r] } : {});
    return v.problems.map((p) => `${p.code} ${p.cert.startsWith('the root') ? 'root' : 'ica'}`);
  };
  const r0 = root(rootExts);
  assert.equal(run(r0, ica(icaExts(r0), r0)), []);
  assert.equal(run(r0, ica([X.bc(true, undefined, false), X.ku([KU.keyCertSign]), X.ski(skiOf(ik)), X.aki(r0.ski)], r0)), ['bc-not-critical ica']);
  assert.equal(run(r0, ica([X.bc(true), X.ku([KU.keyCertSign]), X.aki(r0.ski)], r0)), ['missing-ski ica']);
  const rNoSki = root([X.bc(true), X.ku([KU.keyCertSign])]);
  assert.equal(run(rNoSki, ica(icaExts(rNoSki), rNoSki)), ['missing-ski root']);
  assert.equal(run(rNoSki, ica(icaExts(rNoSki), rNoSki), true), [], 'system root');
  // An empty CA subject (the leaf's issuer name is then empty too).
  const emptyIca = ica(icaExts(r0), r0, seq());
  const emptyLeaf = build({ issuer: emptyIca, exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.aki(skiOf(ik))] });
  assert.equal(judge([emptyLeaf, emptyIca], [r0]).problems.map((p) => p.code), ['empty-issuer', 'ca-empty-subject']);
  assert.equal(judge([emptyLeaf, emptyIca], [r0]).problems[1]!.detail, 'is a CA with an empty subject');
  // Root with an authorityKeyIdentifier: it must be its own key id, without issuer and serial.
  assert.equal(run(root([...rootExts, X.aki(skiOf(rk))]), ica(icaExts(r0), r0)), []);
  assert.equal(run(root([...rootExts, X.aki(undefined, false, true)]), ica(icaExts(r0), r0)), ['root-aki-no-keyid root', 'root-aki-issuer-serial root']);
  assert.equal(run(root([...rootExts, X.aki(Buffer.from('0102', 'hex'))]), ica(icaExts(r0), r0)), ['root-aki-ski-mismatch root']);
  assert.equal(run(root([X.bc(true), X.ku([KU.keyCertSign]), X.aki(skiOf(rk))]), ica(icaExts(r0), r0)), ['missing-ski root', 'root-aki-ski-mismatch root']);
  assert.equal(run(root([...rootExts, X.aki(skiOf(rk), false, true)]), ica(icaExts(r0), r0)), ['root-aki-issuer-serial root']);
  // An intermediate (not self-issued) with an AKI of another key is not a root: no root AKI rule.
  assert.equal(run(r0, ica([...icaExts(r0).slice(0, 3), X.aki(Buffer.from('0102', 'hex'))], r0)), []);
  // A root whose EKU is there at all.
  assert.equal(run(root([...rootExts, X.eku([EKU.serverAuth])]), ica(icaExts(r0), r0)), ['root-eku root']);
  assert.equal(run(root([...rootExts, X.eku([EKU.serverAuth])]), ica(icaExts(r0), r0), true), []);
  // nameConstraints on a CA: not empty, valid dNSName constraints.
  const nc = (p: Buffer[] | null, e: Buffer[] | null) => run(r0, ica([...icaExts(r0), X.nc(p, e)], r0));
  assert.equal(nc([], []), ['empty-name-constraints ica']);
  assert.equal(nc(null, null), ['empty-name-constraints ica']);
  assert.equal(nc([ctxPrim(2, Buffer.from('example.test'))], []), []);
  assert.equal(nc(null, [ctxPrim(2, Buffer.from('other.test'))]), []);
  assert.equal(nc([ctxPrim(2, Buffer.from('.example.test'))], null), ['bad-dns-constraint ica', 'name-constraints ica']);
  assert.equal(nc(null, [ctxPrim(2, Buffer.from('*.other.test'))]), ['bad-dns-constraint ica']);
  const v = judge([leafOf(ica([...icaExts(r0), X.nc(null, [ctxPrim(2, Buffer.from('*.other.test'))])], r0)), ica([...icaExts(r0), X.nc(null, [ctxPrim(2, Buffer.from('*.other.test'))])], r0)], [r0]);
  assert.is(v.problems[0]!.detail, 'has the invalid dNSName constraint "*.other.test" (no wildcard or leading dot is allowed)');
  assert.is(v.problems[0]!.fix, 'use a conforming intermediate from your CA');
  const vr = judge([leafOf(ica(icaExts(r0), r0)), ica(icaExts(r0), r0)], [root([...rootExts, X.eku([EKU.serverAuth])])]);
  assert.is(vr.problems[0]!.fix, 'trust a root certificate that follows the CA/B Forum profile');
});

test('name constraints: DNS, address and directory subtrees, forms pmnet cannot check, the work bound', () => {
  const rk = p256();
  const ik = p256();
  const r = build({ subject: cn('Test Root'), key: rk, exts: [X.bc(true), X.ku([KU.keyCertSign]), X.ski(skiOf(rk))] });
  const icaWith = (nc: Buffer) => build({ subject: cn('Test ICA'), key: ik, issuer: r, exts: [X.bc(true), X.ku([KU.keyCertSign]), X.ski(skiOf(ik)), X.aki(r.ski), nc] });
  const leafWith = (i: Built, san: Buffer, subject = cn('leaf.example.test')) => build({ subject, issuer: i, exts: [X.ku([0]), X.eku([EKU.serverAuth]), san, X.aki(skiOf(ik))] });
  const dns = (s: string) => ctxPrim(2, Buffer.from(s));
  const ip = (...b: number[]) => ctxPrim(7, Buffer.from(b));
  const run = (nc: Buffer, san: Buffer, subject?: Buffer) => {
    const i = icaWith(nc);
    return judge([leafWith(i, san, subject), i], [r]).problems.map((p) => [p.code, p.cert, p.detail]);
  };
  const leafSan = X.san(['leaf.example.test']);
  assert.equal(run(X.nc([dns('example.test')], null), leafSan), []);
  assert.equal(run(X.nc([dns('other.test'), dns('example.test')], null), leafSan), []);
  assert.equal(run(X.nc([dns('other.test')], null), leafSan), [['name-constraints', 'the certificate', '"leaf.example.test" is outside the permitted DNS subtrees (name constraints of an intermediate)']]);
  assert.equal(run(X.nc(null, [dns('leaf.example.test')]), leafSan), [['name-constraints', 'the certificate', '"leaf.example.test" reaches the excluded subtree "leaf.example.test" (name constraints of an intermediate)']]);
  assert.equal(run(X.nc([dns('example.test')], [dns('other.example.test')]), leafSan), []);
  // Addresses: 10.0.0.0/8 permitted; 10.9.0.0/16 excluded.
  const ipSan = (...a: number[]) => X.san(['leaf.example.test'], [Buffer.from(a)]);
  assert.equal(run(X.nc([ip(10, 0, 0, 0, 255, 0, 0, 0)], null), ipSan(10, 1, 2, 3)), []);
  assert.equal(run(X.nc([ip(10, 0, 0, 0, 255, 0, 0, 0)], null), ipSan(11, 1, 2, 3)).map((p) => p[2]), ['the address 11.1.2.3 is outside the permitted address ranges (name constraints of an intermediate)']);
  assert.equal(run(X.nc(null, [ip(10, 9, 0, 0, 255, 255, 0, 0)]), ipSan(10, 9, 2, 3)).map((p) => p[2]), ['the address 10.9.2.3 is in an excluded address range (name constraints of an intermediate)']);
  assert.equal(run(X.nc(null, [ip(10, 9, 0, 0, 255, 255, 0, 0)]), ipSan(10, 8, 2, 3)), []);
  // Directory names: the subject (when not empty) and directoryName SAN entries, by RDN prefix.
  const dirBase = ctx(4, name(['2.5.4.10', 'Example']));
  const orgSubject = name(['2.5.4.10', 'Example'], ['2.5.4.3', 'leaf.example.test']);
  assert.equal(run(X.nc([dirBase], null), leafSan, orgSubject), []);
  assert.equal(run(X.nc([dirBase], null), leafSan).map((p) => p[2]), ['a directory name is outside the permitted subtrees (name constraints of an intermediate)']);
  assert.equal(run(X.nc(null, [dirBase]), leafSan, orgSubject).map((p) => p[2]), ['a directory name is inside an excluded subtree (name constraints of an intermediate)']);
  assert.equal(run(X.nc(null, [dirBase]), leafSan), []);
  assert.equal(run(X.nc([dirBase], null), X.san(['leaf.example.test'], [], true), seq()), [], 'an empty subject is not a directory name');
  assert.equal(run(X.nc([dirBase], null), X.san(['leaf.example.test'], [], true, [ctx(4, cn('x'))]), seq()).map((p) => p[0]), ['name-constraints']);
  assert.equal(run(X.nc([ctx(4, name(['2.5.4.10', 'Example'], ['2.5.4.11', 'Unit'], ['2.5.4.3', 'leaf.example.test']))], null), leafSan, orgSubject).map((p) => p[0]), ['name-constraints'], 'a longer base is not a prefix');
  // Forms pmnet does not match: a constraint on a form the certificate uses fails closed.
  const uri = ctxPrim(6, Buffer.from('https://leaf.example.test/'));
  assert.equal(run(X.nc([ctxPrim(6, Buffer.from('example.test'))], null), X.san(['leaf.example.test'], [], false, [uri])).map((p) => p[2]), ['has a URI name under a constraint pmnet cannot check (name constraints of an intermediate)']);
  assert.equal(run(X.nc(null, [ctxPrim(6, Buffer.from('example.test'))]), X.san(['leaf.example.test'], [], false, [uri])).map((p) => p[0]), ['name-constraints']);
  assert.equal(run(X.nc([ctxPrim(1, Buffer.from('example.test'))], null), X.san(['leaf.example.test'], [], false, [uri])), [], 'a constraint on another form');
  assert.equal(run(X.nc([dns('example.test')], null), X.san(['leaf.example.test'], [], false, [ctxPrim(8, oid('1.2.3').subarray(2))])), []);
  assert.equal(run(X.nc([ctxPrim(8, Buffer.from('2a03', 'hex'))], null), X.san(['leaf.example.test'], [], false, [ctxPrim(8, Buffer.from('2a03', 'hex'))])).map((p) => p[2]), ['has a registeredID name under a constraint pmnet cannot check (name constraints of an intermediate)']);
  // The root's constraints apply to the intermediate too, and say so.
  const rootNc = build({ subject: cn('Test Root'), key: rk, exts: [X.bc(true), X.ku([KU.keyCertSign]), X.ski(skiOf(rk)), X.nc([dns('example.test')], null)] });
  const icaSan = build({ subject: cn('Test ICA'), key: ik, issuer: rootNc, exts: [X.bc(true), X.ku([KU.keyCertSign]), X.ski(skiOf(ik)), X.aki(rk ? skiOf(rk) : Buffer.alloc(0)), X.san(['ica.other.test'])] });
  const v = judge([leafWith(icaSan, leafSan), icaSan], [rootNc]);
  assert.equal(v.problems.map((p) => [p.code, p.cert, p.detail]), [['name-constraints', ICA, '"ica.other.test" is outside the permitted DNS subtrees (name constraints of the root)']]);
  // The work bound: names × subtrees over 65,536 fails closed; at it, the names are checked.
  // (An empty subject: no directory name adds to the count.)
  const names = Array.from({ length: 256 }, (_, n) => (n === 0 ? 'leaf.example.test' : `n${n}.example.test`));
  const subtrees = Array.from({ length: 256 }, (_, n) => dns(n === 0 ? 'example.test' : `s${n}.test`));
  assert.equal(run(X.nc(subtrees, null), X.san(names, [], true), seq()), []);
  assert.equal(run(X.nc([...subtrees, dns('x.test')], null), X.san(names, [], true), seq()).map((p) => p[2]), ['has 256 names for 257 constraints, over 65536 comparisons (name constraints of an intermediate)']);
  // The subject counts as a directory name: 257 × 255 is within the bound, 257 × 256 is not.
  assert.equal(run(X.nc(subtrees.slice(0, 255), null), X.san(names)), []);
  assert.equal(run(X.nc(subtrees, null), X.san(names)).map((p) => p[2]), ['has 257 names for 256 constraints, over 65536 comparisons (name constraints of an intermediate)']);
});

test('keys: sizes, curves and types', () => {
  const base = chain();
  const run = (spki: Buffer) => judge([build({ spki, issuer: base.ica, exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.aki(base.ica.ski)] }), base.ica], [base.root]).problems.map((p) => [p.rule, p.code, p.detail, p.fix]);
  const spkiOf = (type: 'ed25519' | 'x25519' | 'rsa' | 'ec', opts: object = {}) => (generateKeyPairSync as (t: string, o: object) => { publicKey: KeyObject })(type, opts).publicKey.export({ type: 'spki', format: 'der' });
  assert.equal(run(spkiOf('ed25519')), []);
  assert.equal(run(spkiOf('ec', { namedCurve: 'secp384r1' })), []);
  assert.equal(run(spkiOf('ec', { namedCurve: 'secp521r1' })), []);
  const fix = 'make a new key (RSA 2048+ or ECDSA P-256) and get a new certificate';
  assert.equal(run(spkiOf('ec', { namedCurve: 'secp256k1' })), [['tls/weak-key', 'bad-curve', 'has an EC key on the curve secp256k1; only P-256, P-384 and P-521 are allowed', fix]]);
  const ecAlg = (params: Buffer) => seq(seq(oid('1.2.840.10045.2.1'), params), bits(Buffer.alloc(65, 4)));
  assert.equal(run(ecAlg(oid('1.3.132.0.99'))).map((p) => p[2]), ['has an EC key on the curve with OID 06052b81040063; only P-256, P-384 and P-521 are allowed']);
  assert.equal(run(ecAlg(seq(int(1)))).map((p) => [p[1], p[2]]), [['explicit-curve', 'has an EC key with explicit curve parameters instead of a named curve']]);
  assert.equal(run(seq(seq(oid('1.2.840.10045.2.1')), bits(Buffer.alloc(65, 4)))).map((p) => p[1]), ['explicit-curve']);
  assert.equal(run(spkiOf('x25519')).map((p) => p[2]), ['has a public key of type 1.3.101.110, which TLS server certificates may not use']);
  assert.equal(run(seq(seq(oid('1.2.840.10040.4.1')), bits(Buffer.from('020101', 'hex')))).map((p) => [p[1], p[2]]), [['dsa-key', 'has a DSA key, which TLS server certificates may not use']]);
  assert.equal(run(seq(seq(oid('1.2.840.113549.1.1.1'), tlv5()), bits(Buffer.from('3000', 'hex')))).map((p) => [p[1], p[2]]), [['unreadable-key', 'has an RSA key that cannot be read']]);
  assert.equal(run(RSA_1024).map((p) => p[2]), ['has an RSA key of 1024 bits; at least 2048 are required']);
  assert.equal(run(RSA_2056), []);
  assert.equal(run(RSA_2048), [], 'exactly 2048 bits is enough');
  assert.equal(run(RSA_2052).map((p) => p[2]), ['has an RSA key of 2052 bits, not a multiple of 8']);
  // A CA's weak key: the fix names the CA.
  const rk = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey;
  const weakRoot = chain({ root: { key: rk, exts: [X.bc(true), X.ku([KU.keyCertSign]), X.ski(skiOf(rk))], innerAlg: seq(oid('1.2.840.10045.4.3.2')) } });
  assert.equal(judge([weakRoot.leaf, weakRoot.ica], [weakRoot.root]).problems.map((p) => [p.code, p.cert, p.fix]), [['bad-curve', ROOT, 'use a CA whose keys are RSA 2048+ or ECDSA P-256/P-384']]);
});

// RSA public keys made once (generating RSA keys per run would dominate the test's time).
const RSA_1024 = Buffer.from('MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCuIJoHqX3El8f3Rr5Vryd/vvbEH9fC2bFUE+EcspihLmazArfipEFQLd1tJa5r4v5703rADr7yj/walIwkRIVvZzv8/uYz6Z5g15wWEtBvdtbZgukj0kHnIvyS3oHO3HnEMMzXNBK5hZNKfWPnKS/UoMmZXJs0fO1bOV0JhlAoHQIDAQAB', 'base64');
const RSA_2048 = Buffer.from('MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAkciV6lIcpl2Da8DWwHqT301XeTRmz7R5IS9mMVA2PPAnK+H4yok5uO+WWIik7SuE4Gwteu6Kr0cKrnPp5u71WPpYupU+whLb+LSWpPUl5Wa7TZotWNgTP7FO3tt8XmEe6XDE8CjkUVphsFjWe0RrXG/TCP5GXvLgo9YV1BgNR9xpRxvAIfo2nKbMxOYExd46/ZzrZKoPd02qLQExkQpPS+5cU11vaRNnWW7NxStt1Jbx2p3KcNnl0W4Qq23+K3souaM3QQK+HJ7FmYLCHBlWjMWyIAz3WAQugyUjXSnK+8UQrDaQPLq0NhUzAPt6Bw3PMlKncOHCLnQpWJ+aQB2sZwIDAQAB', 'base64');
const RSA_2052 = Buffer.from('MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQELAtX4acBETgWt1zxIQ7eji9ukWxaHDHLEXYHRtwxLyugHX4IkvnPeS3a+Jdz8R8g3aqlB4XUOJXnNu0VCRqqLKN6ZBQvE4dQ1c5BxLg/GlW0HdUW1xtI0br62bsY0FaLPi2DZdO5X7yQCgRPy1QCVzpBdvX15Ra1eneIGGE4GJHFyaawnl3/TkVzNKUMmTCyA2TSXztnAgQSYIJ88aZyLGrB2fm8w9UDWu/lr7fwwiOD4jlHCm54YfGoVXPuOFiSGJD+RVPkPkihqqR/Y/1AM4amgKiDB/6x/yY1pLqGLT/FdX1DfYRyUaLhv6MGsm7ZcSexCZ6QrbZ+fBUAm2OC1xQIDAQAB', 'base64');
const RSA_2056 = Buffer.from('MIIBIzANBgkqhkiG9w0BAQEFAAOCARAAMIIBCwKCAQIAyYdhgv/SW0dZzkWm3TodHphf+2WdUItXGR5eTKeWhrsMFpg4L2rdrwIsObQ+gBp7rM8weAQpJyjzVO/2MDqVD0fGz+oB/7c48r2PD9QvBF0Os04y1yS5pJKeu1y+Y2/TB/NGQtnR0bwL2o1LSjv4g5K3d+q5GkN0K+X7vjCIW6HfudLvKlf74EcVWlSQ+lqfJnVxdJgfpL+jUC2SB0IQ46bf53uoeBvaDCUSNAL1Vg8OSaQ94V5sd2ZqyW96l23w1qV6sTes5UKxEzu8VsjuyGAifSCSxf6FQnpg01UAOqpgQHmr55U6Pvr+0fdnl5NuEm8Sp/CExPs3zpyeEg5UsL8CAwEAAQ==', 'base64');

function tlv5(): Buffer {
  return Buffer.from('0500', 'hex');
}

test('signature algorithms: SHA-1 on a path is refused; an unknown one with no path is named', () => {
  const base = chain();
  const sha1 = build({ issuer: base.ica, hash: 'sha1', innerAlg: seq(oid('1.2.840.10045.4.1')), exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.aki(base.ica.ski)] });
  let v = judge([sha1, base.ica], [base.root]);
  assert.equal(v.problems.map((p) => [p.rule, p.code, p.cert, p.field, p.detail, p.fix]), [['tls/sha1-signature', 'weak-signature', 'the certificate', 'signatureAlgorithm', 'is signed with ecdsa-with-SHA1, which clients reject', 'get a certificate signed with SHA-256 or better']]);
  assert.equal(v.path.length, 3);
  const ik = p256();
  const sha1Ica = chain({ ica: { key: ik, hash: 'sha1', innerAlg: seq(oid('1.2.840.10045.4.1')), exts: [X.bc(true, 0), X.ku([KU.keyCertSign]), X.ski(skiOf(ik)), X.aki(base.root.ski)] } });
  v = judge([sha1Ica.leaf, sha1Ica.ica], [sha1Ica.root]);
  assert.equal(v.problems.map((p) => [p.code, p.cert, p.fix]), [['weak-signature', ICA, 'serve the current intermediate from your CA, signed with SHA-256 or better']]);
  // ECDSA with SHA-384/512 and Ed25519 signatures verify and pass.
  for (const [o, hash] of [['1.2.840.10045.4.3.3', 'sha384'], ['1.2.840.10045.4.3.4', 'sha512']] as const) {
    const c = build({ issuer: base.ica, hash: hash as 'sha256', innerAlg: seq(oid(o)), exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.aki(base.ica.ski)] });
    assert.equal(codes(judge([c, base.ica], [base.root])), [], o);
  }
  const ek = generateKeyPairSync('ed25519').privateKey;
  const edChain = chain({ ica: { key: ek, exts: [X.bc(true, 0), X.ku([KU.keyCertSign]), X.ski(skiOf(ek)), X.aki(base.root.ski)] }, leaf: { hash: null, innerAlg: seq(oid('1.3.101.112')) } });
  assert.equal(codes(judge([edChain.leaf, edChain.ica], [edChain.root])), []);
  // An unknown algorithm: no signature verifies, and the leaf's algorithm is named.
  const odd = build({ issuer: base.ica, innerAlg: seq(oid('1.2.3.4.5')), exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.aki(base.ica.ski)] });
  v = judge([odd, base.ica], [base.root]);
  assert.equal(v.problems.map((p) => [p.code, p.detail]), [
    ['bad-signature', 'has a signature that does not verify with the key of "CN=Test ICA"'],
    ['weak-signature', 'is signed with 1.2.3.4.5, which clients reject'],
  ]);
  assert.equal(v.path, []);
});

test('path building: missing and untrusted issuers, bad signatures, a trusted leaf, the search budget', () => {
  const c = chain();
  let v = judge([c.leaf], [c.root]);
  assert.equal(v.problems.map((p) => [p.rule, p.code, p.cert, p.field, p.detail, p.fix]), [
    ['tls/untrusted-chain', 'missing-intermediate', 'the certificate', 'issuer', 'names the issuer "CN=Test ICA", which the server does not send and no trusted root is', 'add the intermediate "CN=Test ICA" to the certificate file (serve fullchain.pem)'],
  ]);
  v = judge([c.leaf, c.ica], []);
  assert.equal(v.problems.map((p) => [p.code, p.cert, p.detail]), [['missing-intermediate', ICA, 'names the issuer "CN=Test Root", which the server does not send and no trusted root is']]);
  v = judge([c.leaf, c.ica, c.root], []);
  assert.equal(v.problems.map((p) => [p.code, p.cert, p.detail]), [['untrusted-root', ROOT.replace('root', 'intermediate'), 'ends the chain as a self-signed certificate that is not a trusted root']]);
  // The intermediate sent, signed by another key of the same name.
  const impostor = build({ subject: cn('Test ICA'), issuer: c.root, exts: [X.bc(true, 0), X.ku([KU.keyCertSign]), X.ski(Buffer.from('09', 'hex')), X.aki(c.root.ski)] });
  v = judge([c.leaf, impostor], [c.root]);
  assert.equal(v.problems.map((p) => [p.code, p.cert, p.field, p.detail]), [['bad-signature', 'the certificate', 'signatureValue', 'has a signature that does not verify with the key of "CN=Test ICA"']]);
  // Both sent: the right one is found whatever the order.
  assert.equal(codes(judge([c.leaf, impostor, c.ica], [c.root])), []);
  assert.equal(codes(judge([c.leaf, c.ica, impostor], [c.root])), []);
  // A leaf that is itself a trusted anchor is a whole path.
  const lk = p256();
  const self = build({ subject: cn('self.example.test'), key: lk, exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['self.example.test']), X.ski(skiOf(lk))] });
  v = judge([self], [self], { name: 'self.example.test' });
  assert.equal([v.ok, v.path], [true, ['CN=self.example.test']]);
  v = judge([self], [], { name: 'self.example.test' });
  assert.equal(v.problems.map((p) => [p.code, p.cert]), [['untrusted-root', 'the certificate']]);
  // The server names an issuer it sends, but that one leads nowhere trusted.
  const loopKey = p256();
  const icaLoop = build({ subject: cn('Test ICA'), key: c.ica.key, issuer: { der: Buffer.alloc(0), pem: '', key: loopKey, name: cn('Loop CA'), ski: skiOf(loopKey) }, exts: [X.bc(true), X.ku([KU.keyCertSign]), X.ski(c.ica.ski), X.aki(skiOf(loopKey))] });
  const loop = build({ subject: cn('Loop CA'), key: loopKey, issuer: icaLoop, exts: [X.bc(true), X.ku([KU.keyCertSign]), X.ski(skiOf(loopKey)), X.aki(c.ica.ski)] });
  v = judge([c.leaf, icaLoop, loop], [c.root]);
  assert.equal(v.problems.map((p) => [p.code, p.cert, p.detail]), [['no-trusted-root', 'the intermediate "CN=Loop CA"', 'names the issuer "CN=Test ICA", sent by the server, but no path from it reaches a trusted root']]);
  // Many impostors: the search stops at 64 signature checks and says so.
  // (Each with the key id the leaf names, so none is tried after the real one for that.)
  const many = Array.from({ length: 70 }, () => build({ subject: cn('Test ICA'), issuer: c.root, exts: [X.bc(true), X.ku([KU.keyCertSign]), X.ski(c.ica.ski)] }));
  v = judge([c.leaf, ...many, c.ica], [c.root]);
  assert.equal(v.problems.map((p) => [p.code, p.detail]), [['too-complex', 'reaches no trusted root within 64 signature checks (71 intermediates sent, signing for each other)']]);
  assert.equal(codes(judge([c.leaf, ...many.slice(0, 62), c.ica], [c.root])), [], '62 impostors, the intermediate and the anchor: 64 checks');
  assert.equal(codes(judge([c.leaf, ...many.slice(0, 63), c.ica], [c.root])), ['too-complex'], 'one more');
  // Empty and unreadable input.
  assert.equal(judge([], [c.root]).problems.map((p) => [p.rule, p.code, p.cert, p.detail]), [['tls/untrusted-chain', 'no-certificate', 'the server', 'sent no certificate']]);
  const bad = verifyChain({ sent: [Buffer.from('3000', 'hex')], anchors: buildAnchors([], []), name: 'x', at: T0 });
  assert.equal(bad.problems.map((p) => [p.rule, p.code, p.cert, p.field, p.detail, p.citation, p.fix]), [['tls/certificate-profile', 'malformed', 'the certificate', 'Certificate', 'cannot be read as an X.509 certificate (a certificate has exactly three parts)', 'RFC 5280 §4.1', 'serve a well-formed certificate from your CA']]);
  const notSeq = verifyChain({ sent: [Buffer.from('0500', 'hex')], anchors: buildAnchors([], []), name: 'x', at: T0 }).problems[0]!.detail;
  assert.is(notSeq, 'cannot be read as an X.509 certificate (certificate: unexpected ASN.1 type)');
  // An unreadable intermediate is skipped.
  assert.equal(codes(judge([c.leaf, { ...c.ica, der: Buffer.from('30020500', 'hex') }, c.ica], [c.root])), []);
});

test('the best of several paths: fewest problems wins, a clean one ends the search', () => {
  const c = chain();
  // The same intermediate key under an expired certificate and a current one.
  const expired = build({ subject: cn('Test ICA'), key: c.ica.key, issuer: c.root, notBefore: new Date(T0.getTime() - 9 * DAY), notAfter: new Date(T0.getTime() - DAY), exts: [X.bc(true, 0), X.ku([KU.keyCertSign]), X.ski(c.ica.ski), X.aki(c.root.ski)] });
  assert.equal(codes(judge([c.leaf, expired, c.ica], [c.root])), []);
  assert.equal(codes(judge([c.leaf, c.ica, expired], [c.root])), []);
  const v = judge([c.leaf, expired], [c.root]);
  assert.equal(codes(v), ['issuer-expired']);
  assert.equal(v.path, ['CN=leaf.example.test', 'CN=Test ICA', 'CN=Test Root']);
  // Two flawed paths: the one with fewer problems is reported.
  const k = c.ica.key;
  const twoFlaws = build({ subject: cn('Test ICA'), key: k, issuer: c.root, notAfter: new Date(T0.getTime() - DAY), notBefore: new Date(T0.getTime() - 9 * DAY), exts: [X.bc(true, 0, false), X.ku([KU.keyCertSign]), X.ski(c.ica.ski), X.aki(c.root.ski)] });
  assert.equal(codes(judge([c.leaf, twoFlaws, expired], [c.root])), ['issuer-expired']);
  assert.equal(codes(judge([c.leaf, expired, twoFlaws], [c.root])), ['issuer-expired']);
  // A trust anchor that is also sent as an intermediate is not used twice.
  assert.equal(judge([c.leaf, c.ica, c.root], [c.root]).path, ['CN=leaf.example.test', 'CN=Test ICA', 'CN=Test Root']);
});



test('signature algorithms by name: the accepted ones pass, the refused ones are named (RSA digests, Ed448)', () => {
  // A leaf alone, untrusted: the leaf's own algorithm is judged even without a path.
  const leafWith = (alg: string) => judge([build({ innerAlg: seq(oid(alg)), issuerName: cn('Nobody'), exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.aki(Buffer.from('01', 'hex'))] })], []).problems.filter((p) => p.code === 'weak-signature').map((p) => p.detail);
  const refused: Record<string, string> = {
    '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
    '1.3.14.3.2.29': 'sha1WithRSASignature',
    '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
    '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
    '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
    '1.2.840.10040.4.3': 'dsa-with-sha1',
    '2.16.840.1.101.3.4.3.2': 'dsa-with-sha256',
  };
  for (const [o, n] of Object.entries(refused)) assert.equal(leafWith(o), [`is signed with ${n}, which clients reject`], o);
  for (const o of ['1.2.840.113549.1.1.11', '1.2.840.113549.1.1.12', '1.2.840.113549.1.1.13', '1.2.840.113549.1.1.10', '1.2.840.10045.4.3.2', '1.2.840.10045.4.3.3', '1.2.840.10045.4.3.4', '1.3.101.112', '1.3.101.113']) assert.equal(leafWith(o), [], o);

  // RSA signatures with each digest verify (the 1024-bit issuer key is only flagged as small).
  const rk = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  const base = chain();
  const ica = build({ subject: cn('RSA ICA'), key: rk, issuer: base.root, innerAlg: seq(oid('1.2.840.10045.4.3.2')), exts: [X.bc(true, 0), X.ku([KU.keyCertSign]), X.ski(skiOf(rk)), X.aki(base.root.ski)] });
  for (const [o, hash, extra] of [['1.2.840.113549.1.1.11', 'sha256', []], ['1.2.840.113549.1.1.12', 'sha384', []], ['1.2.840.113549.1.1.13', 'sha512', []], ['1.2.840.113549.1.1.5', 'sha1', ['weak-signature']]] as const) {
    const leaf = build({ issuer: ica, hash: hash as 'sha256', innerAlg: seq(oid(o), Buffer.from('0500', 'hex')), exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.aki(ica.ski)] });
    assert.equal(codes(judge([leaf, ica], [base.root])), [...extra, 'rsa-too-small'], o);
  }
  const ek = generateKeyPairSync('ed448').privateKey;
  const ed448 = chain({ ica: { key: ek, exts: [X.bc(true, 0), X.ku([KU.keyCertSign]), X.ski(skiOf(ek)), X.aki(base.root.ski)] }, leaf: { hash: null, innerAlg: seq(oid('1.3.101.113')) } });
  assert.equal(codes(judge([ed448.leaf, ed448.ica], [ed448.root])), []);
});

test('more keys: RSA-PSS keys are RSA keys; curves named in the message', () => {
  const base = chain();
  const run = (spki: Buffer) => judge([build({ spki, issuer: base.ica, exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.aki(base.ica.ski)] }), base.ica], [base.root]).problems.map((p) => p.detail);
  const pss = generateKeyPairSync('rsa-pss', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'der' });
  assert.equal(run(pss), ['has an RSA key of 1024 bits; at least 2048 are required']);
  const ecAlg = (curve: string) => seq(seq(oid('1.2.840.10045.2.1'), oid(curve)), bits(Buffer.alloc(49, 4)));
  assert.equal(run(ecAlg('1.2.840.10045.3.1.1')), ['has an EC key on the curve P-192; only P-256, P-384 and P-521 are allowed']);
  assert.equal(run(ecAlg('1.3.132.0.33')), ['has an EC key on the curve P-224; only P-256, P-384 and P-521 are allowed']);
});

test('path search: key-id order, depth bound, a trusted intermediate, two roots of one name, unusable input', () => {
  const c = chain();
  // 70 same-name impostors with other key ids: the real issuer (matching the leaf's AKI) is tried first.
  const others = Array.from({ length: 70 }, (_, n) => build({ subject: cn('Test ICA'), issuer: c.root, exts: [X.bc(true), X.ku([KU.keyCertSign]), X.ski(Buffer.from([n + 1]))] }));
  assert.equal(codes(judge([c.leaf, ...others, c.ica], [c.root])), []);
  // Depth: leaf + 6 intermediates + root is the longest path tried.
  const ladder = (n: number) => {
    const certs: Built[] = [];
    let top: Built = c.root;
    for (let i = 0; i < n; i++) {
      const k = p256();
      top = build({ subject: cn(`Rung ${i}`), key: k, issuer: top, exts: [X.bc(true), X.ku([KU.keyCertSign]), X.ski(skiOf(k)), X.aki(top.ski)] });
      certs.unshift(top);
    }
    const leaf = build({ issuer: top, exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.aki(top.ski)] });
    return judge([leaf, ...certs], [c.root]);
  };
  const six = ladder(6);
  assert.equal([six.problems, six.path.length], [[], 8]);
  assert.equal(ladder(7).problems.map((p) => [p.code, p.cert]), [['no-trusted-root', 'the intermediate "CN=Rung 1"']]);
  // A trusted intermediate is the end of the path: judged as a root (its EKU), its AKI and serial not.
  const v = judge([c.leaf], [c.ica]);
  assert.equal([codes(v), v.path], [['root-eku'], ['CN=leaf.example.test', 'CN=Test ICA']]);
  // Two trusted roots with one name (a re-keyed root): both are candidates.
  const rk2 = p256();
  const root2 = build({ subject: cn('Test Root'), key: rk2, exts: [X.bc(true), X.ku([KU.keyCertSign]), X.ski(skiOf(rk2))] });
  const anchors = buildAnchors([], [c.root.pem + root2.pem, '-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n']);
  assert.equal(anchors.bySubject.get(c.root.name.toString('hex'))!.length, 2);
  assert.equal(verifyChain({ sent: [c.leaf.der, c.ica.der], anchors, name: 'leaf.example.test', at: T0 }).problems, []);
  const anchors2 = buildAnchors([], [root2.pem, c.root.pem]);
  assert.equal(verifyChain({ sent: [c.leaf.der, c.ica.der], anchors: anchors2, name: 'leaf.example.test', at: T0 }).problems, []);
  const sys = buildAnchors([c.root.pem], [root2.pem]);
  assert.equal([sys.system.size, [...sys.system][0]!.subjectText], [1, 'CN=Test Root']);
  assert.is(sys.system.has(sys.bySubject.get(c.root.name.toString('hex'))![0]!), true);
  assert.is(sys.system.has(sys.bySubject.get(c.root.name.toString('hex'))![1]!), false);
  // A bug inside the verdict is reported, not thrown.
  const broken = verifyChain({ sent: [c.leaf.der, null as unknown as Buffer], anchors, name: 'leaf.example.test', at: T0 });
  assert.equal(broken.problems.map((p) => [p.rule, p.code, p.cert, p.field, p.citation, p.fix]), [['tls/untrusted-chain', 'internal', 'the certificate', 'chain', 'RFC 5280 §6.1', 'report this to the pmnet maintainers with the certificate file']]);
  assert.match(broken.problems[0]!.detail, /^could not be judged by pmnet \(Cannot read properties of null/);
  assert.is(broken.problems[0]!.detail.length <= 'could not be judged by pmnet ()'.length + 60, true);
  assert.equal([broken.ok, broken.path, broken.at], [false, [], T0.toISOString()]);
});

test('paths with one problem each: the first found is kept; the ties do not move it', () => {
  const c = chain();
  const expired = build({ subject: cn('Test ICA'), key: c.ica.key, issuer: c.root, notBefore: new Date(T0.getTime() - 9 * DAY), notAfter: new Date(T0.getTime() - DAY), exts: [X.bc(true, 0), X.ku([KU.keyCertSign]), X.ski(c.ica.ski), X.aki(c.root.ski)] });
  const loose = build({ subject: cn('Test ICA'), key: c.ica.key, issuer: c.root, exts: [X.bc(true, 0, false), X.ku([KU.keyCertSign]), X.ski(c.ica.ski), X.aki(c.root.ski)] });
  assert.equal(codes(judge([c.leaf, expired, loose], [c.root])), ['issuer-expired']);
  assert.equal(codes(judge([c.leaf, loose, expired], [c.root])), ['bc-not-critical']);
});

test('name constraints skip self-issued intermediates, not a self-issued leaf; a full-name base matches', () => {
  const rk = p256();
  const root = build({ subject: cn('Test Root'), key: rk, exts: [X.bc(true), X.ku([KU.keyCertSign]), X.ski(skiOf(rk)), X.nc([ctxPrim(2, Buffer.from('example.test'))], null)] });
  const k1 = p256();
  const ica = build({ subject: cn('Test ICA'), key: k1, issuer: root, exts: [X.bc(true), X.ku([KU.keyCertSign]), X.ski(skiOf(k1)), X.aki(root.ski)] });
  const k2 = p256();
  const rollover = build({ subject: cn('Test ICA'), key: k2, issuer: ica, exts: [X.bc(true), X.ku([KU.keyCertSign]), X.ski(skiOf(k2)), X.aki(ica.ski), X.san(['ica.other.test'])] });
  const leaf = build({ issuer: rollover, exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.aki(rollover.ski)] });
  assert.equal(codes(judge([leaf, rollover, ica], [root])), []);
  // A leaf named like its issuer is still a leaf, and its names are checked.
  const selfNamed = build({ subject: cn('Test ICA'), issuer: ica, exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.other.test']), X.aki(ica.ski)] });
  assert.equal(codes(judge([selfNamed, ica], [root], { name: 'leaf.other.test' })), ['name-constraints']);
  // directoryName: a base equal to the whole subject is within it.
  const dk = p256();
  const subject = name(['2.5.4.10', 'Example'], ['2.5.4.3', 'leaf.example.test']);
  const dirIca = build({ subject: cn('Test ICA'), key: dk, issuer: root, exts: [X.bc(true), X.ku([KU.keyCertSign]), X.ski(skiOf(dk)), X.aki(root.ski), X.nc([ctx(4, subject)], null)] });
  const dirLeaf = build({ subject, issuer: dirIca, exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.aki(dirIca.ski)] });
  assert.equal(codes(judge([dirLeaf, dirIca], [root])), []);
});

test('messages: EKU names, long names cut to 40 characters, citations of the must-not-be-critical rules', () => {
  const base = chain();
  const k = p256();
  const leaf = (o: { eku?: string[]; host?: string; exts?: Buffer[] }) =>
    judge([build({ key: k, issuer: base.ica, exts: o.exts ?? [X.ku([0]), X.eku(o.eku ?? [EKU.serverAuth]), X.san(['leaf.example.test']), X.aki(base.ica.ski)] }), base.ica], [base.root], { name: o.host ?? 'leaf.example.test' }).problems;
  assert.equal(leaf({ eku: ['1.3.6.1.5.5.7.3.3', '1.3.6.1.5.5.7.3.4'] }).map((p) => p.detail), ['lists codeSigning, emailProtection but not serverAuth']);
  assert.equal(leaf({ eku: ['1.3.6.1.5.5.7.3.8', '1.3.6.1.5.5.7.3.9'] }).map((p) => p.detail), ['lists timeStamping, OCSPSigning but not serverAuth']);
  assert.equal(leaf({ eku: ['1.3.6.1.5.5.7.3.2', '1.3.6.1.5.5.7.3.3', '1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.8', '1.3.6.1.5.5.7.3.9'] }).map((p) => p.detail), ['lists clientAuth, codeSigning, emailProtection, timeStamping, OCS… but not serverAuth']);
  const h40 = `${'a'.repeat(27)}.example.test`;
  assert.is(h40.length, 40);
  assert.equal(leaf({ host: h40 }).map((p) => p.detail), [`does not cover "${h40}"`]);
  assert.equal(leaf({ host: `b${h40}` }).map((p) => p.detail), [`does not cover "b${'a'.repeat(27)}.example.te…"`]);
  const cites = (e: Buffer) => leaf({ exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.aki(base.ica.ski), e] }).map((p) => `${p.code} ${p.field} ${p.citation}`);
  assert.equal(cites(X.ski(Buffer.from('01', 'hex'), true)), ['critical-extension subjectKeyIdentifier RFC 5280 §4.2.1.2']);
  assert.equal(cites(ext('1.3.6.1.5.5.7.1.1', true, seq(seq(oid('1.3.6.1.5.5.7.48.2'), ctxPrim(6, Buffer.from('http://x.test')))))), ['critical-extension authorityInfoAccess RFC 5280 §4.2.2.1']);
  // Common Names that are not host names: flagged even as parents of a SAN name.
  const cnOf = (cnText: string, san: string[]) => judge([build({ key: k, subject: cn(cnText), issuer: base.ica, exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(san), X.aki(base.ica.ski)] }), base.ica], [base.root]).problems.map((p) => p.code);
  assert.equal(cnOf('_x.example.test', ['leaf.example.test', 'a._x.example.test']), ['bad-dns-name', 'cn-not-in-san']);
  assert.equal(cnOf('example.test_', ['leaf.example.test', 'a.example.test_']), ['bad-dns-name', 'cn-not-in-san']);
  assert.equal(cnOf('*.example.test', ['*.example.test']), []);
  assert.equal(cnOf('a-1.example.test', ['leaf.example.test']), ['cn-not-in-san']);
  assert.equal(cnOf('example.test', ['leaf.example.test', 'a.b.example.test']), []);
  assert.equal(cnOf('example.test', ['leaf.example.test', 'leaf.other.test']), [], 'one name under the Common Name is enough');
  assert.equal(cnOf('ample.test', ['leaf.example.test']), ['cn-not-in-san']);
});

test('signatures an issuer cannot have made: mixed algorithms, an unreadable or unfit issuer key, the bad one named per certificate', () => {
  const c = chain();
  const k = p256();
  const detail = (v: ChainVerdict) => v.problems.map((p) => [p.code, p.cert, p.detail]);
  const exts = [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.aki(c.ica.ski)];
  // Inner ecdsa-with-SHA1, outer ecdsa-with-SHA256, signed with SHA-256: the outer algorithm would
  // verify, but the two must agree before either is trusted.
  const mixed = build({ key: k, issuer: c.ica, exts, innerAlg: seq(oid('1.2.840.10045.4.1')), outerAlg: seq(oid('1.2.840.10045.4.3.2')) });
  assert.equal(detail(judge([mixed, c.ica], [c.root])), [
    ['signature-algorithm-mismatch', 'the certificate', 'names different signature algorithms inside and outside tbsCertificate'],
    ['bad-signature', 'the certificate', 'has a signature that does not verify with the key of "CN=Test ICA"'],
  ]);
  // An intermediate whose key cannot be read signs nothing.
  const broken = build({ subject: cn('Test ICA'), key: c.ica.key, issuer: c.root, spki: seq(seq(oid('1.2.840.10045.2.1'), oid('1.2.840.10045.3.1.7')), bits(Buffer.from('04', 'hex'))), exts: [X.bc(true, 0), X.ku([KU.keyCertSign]), X.ski(c.ica.ski), X.aki(c.root.ski)] });
  assert.equal(detail(judge([c.leaf, broken], [c.root])), [['bad-signature', 'the certificate', 'has a signature that does not verify with the key of "CN=Test ICA"']]);
  // An Ed25519 intermediate under a leaf that claims ecdsa-with-SHA256: OpenSSL refuses the digest.
  const ek = generateKeyPairSync('ed25519').privateKey;
  const eica = build({ subject: cn('Ed ICA'), key: ek, issuer: c.root, exts: [X.bc(true, 0), X.ku([KU.keyCertSign]), X.ski(skiOf(ek)), X.aki(c.root.ski)] });
  const eleaf = build({ key: k, issuer: eica, hash: null, exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.aki(skiOf(ek))] });
  assert.equal(detail(judge([eleaf, eica], [c.root])), [['bad-signature', 'the certificate', 'has a signature that does not verify with the key of "CN=Ed ICA"']]);
  // An impostor tried first for the leaf, then the real intermediate whose root is missing: the
  // verdict is about the intermediate's issuer, not the impostor's signature on the leaf.
  const impostor = build({ subject: cn('Test ICA'), issuer: c.root, exts: [X.bc(true, 0), X.ku([KU.keyCertSign]), X.ski(c.ica.ski), X.aki(c.root.ski)] });
  assert.equal(detail(judge([c.leaf, impostor, c.ica], [])), [['missing-intermediate', ICA, 'names the issuer "CN=Test Root", which the server does not send and no trusted root is']]);
});

test('MD5 and DSA-with-SHA1 signatures verify (the path exists) and are refused by name', () => {
  const c = chain();
  const detail = (v: ChainVerdict) => v.problems.map((p) => [p.code, p.cert, p.detail]);
  const issuer = (key: KeyObject, name: string) => build({ subject: cn(name), key, issuer: c.root, exts: [X.bc(true, 0), X.ku([KU.keyCertSign]), X.ski(skiOf(key)), X.aki(c.root.ski)] });
  const leafUnder = (ica: Built, alg: string, hash: string) =>
    build({ issuer: ica, innerAlg: seq(oid(alg)), hash: hash as 'sha1', exts: [X.ku([0]), X.eku([EKU.serverAuth]), X.san(['leaf.example.test']), X.aki(ica.ski)] });
  const rsaIca = issuer(RSA_1024_PRIVATE, 'RSA ICA');
  assert.equal(detail(judge([leafUnder(rsaIca, '1.2.840.113549.1.1.4', 'md5'), rsaIca], [c.root])), [
    ['weak-signature', 'the certificate', 'is signed with md5WithRSAEncryption, which clients reject'],
    ['rsa-too-small', 'the intermediate "CN=RSA ICA"', 'has an RSA key of 1024 bits; at least 2048 are required'],
  ]);
  const dsaIca = issuer(DSA_PRIVATE, 'DSA ICA');
  assert.equal(detail(judge([leafUnder(dsaIca, '1.2.840.10040.4.3', 'sha1'), dsaIca], [c.root])), [
    ['weak-signature', 'the certificate', 'is signed with dsa-with-sha1, which clients reject'],
    ['dsa-key', 'the intermediate "CN=DSA ICA"', 'has a DSA key, which TLS server certificates may not use'],
  ]);
});

// Private keys made once: an RSA key of 1024 bits and a DSA key (1024/160), to sign with MD5 and SHA-1.
const RSA_1024_PRIVATE = createPrivateKey({ key: Buffer.from('MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAK7g4y/NVvzB5GBmmCUc9MeoRtDz4fTLFZ6rG6ujxZFgVsKGE0n5KvWMT2/X83qtQrErTqLwWzKcHfL0F4OKxGlsoEzEz3IiQ/BkE1a+3SGRkMMzJincQyacD5fr/Jo2m4Umuhs3GIIg2iYuneIX6thEy5ANOXl9JSc4jHjBV+77AgMBAAECgYBXV4KgcVIs0zoY26TJhHjM70LPQb9s37Fgmd0sEJOwVAmBBi3EGGpYUUereJPmhXp1ukeAIcOqt0ZN/ZNw43HM0WJBTY86mgbrS3GX2mijGRH9bDDIA/hm78VufO7a4A8GiCTIAFHA4j6yMCekZ9aAFntLp+q+VvHAiBu77ak9YQJBAOiebPpqC/m7NRe3eJY4/pwKYbK2AsBpYRO89ib1a8GLe6gGJXSL3ls4hCLXss/W3WovlvzlFj670FTgJdA6R10CQQDAdLq4V0Hb0By7CThR/slw7unqcY8Xl70lniJ8gBjZKGMplWTfmUztNZrMCJjWzk9obReafnKPV+sJnnb4dWI3AkEA3iT9OZ8wVIsdRsrlk8BWFbosVrhOpGV+WZUpFUdmYmzL6EgGWOiBrmeoeIW4s5cj15YfAN/dgIdnisaMFfCx2QJARSmt8JFrGZOwv4aQtubZfbxeU+J7if79+obZ3eQrCd95w3fsyG5PNvAMsUZlpsx9vQl3cg3/HYR68vn/x0poAQJACpurt7k9o80vxMjMSHRiVp69te28P1wx7asbc0h/PVbjr4z4VH+HBDnLGu1HbZV23oGcMy+VcOuhnPbxiZxDqg==', 'base64'), format: 'der', type: 'pkcs8' });
const DSA_PRIVATE = createPrivateKey({ key: Buffer.from('MIIBSwIBADCCASsGByqGSM44BAEwggEeAoGBAJVxEOpWFNDGPBbIKMsDt1s1PTjzQtSjF/a+GqXQbJg/4JPIwKfCOwJttwqJ/1iI5p63bNTj9k5+C9T0I07pPNPHbmd97KGlhjiXPu7WEc1xiuy7M7kRE0mZVQ79QYGy0sHYw5gjMGO++ik52nOdZ/Su3kkKRRxGou8mDQsGuDVxAhUAt/GkEtTp4NBsSqTHivXebJ1lVyMCgYBbVQkDj9aLcE3wE2SYZ0QwQCtJAz+4hiE1m8QoNgCaK24+JAe1yG/h5ofYeJatJyEq4t4NXrdIHe1otQk4LX0ejBAYUSON5uNvqaH2/hy9+O56pFy2zjUBxH4hYIJ8GFuenQlMd5pvgKiSKRDdTP8QGeqHwfKZXRF7cBA3jISj7AQXAhUAh7FjXHTUev0HYRo7rpM5vcECbT0=', 'base64'), format: 'der', type: 'pkcs8' });

test('each problem, per code and role: its rule, field, citation and fix', () => {
  const got = Object.fromEntries([...seen].sort(([a], [b]) => a.localeCompare(b)).map(([k, p]) => [k, [p.rule, p.field, p.citation, p.fix]]));
  assert.equal(got, PROBLEMS);
});

const PROBLEMS: Record<string, string[]> = {
  'any-eku leaf': ['tls/no-server-auth', 'extKeyUsage', 'CA/B Forum BR §7.1.2.7.10', 'get a TLS server certificate (extended key usage serverAuth only)'],
  'bad-curve leaf': ['tls/weak-key', 'subjectPublicKeyInfo', 'CA/B Forum BR §6.1.5', 'make a new key (RSA 2048+ or ECDSA P-256) and get a new certificate'],
  'bad-curve root': ['tls/weak-key', 'subjectPublicKeyInfo', 'CA/B Forum BR §6.1.5', 'use a CA whose keys are RSA 2048+ or ECDSA P-256/P-384'],
  'bad-dns-constraint intermediate': ['tls/certificate-profile', 'nameConstraints', 'RFC 5280 §4.2.1.10', 'use a conforming intermediate from your CA'],
  'bad-dns-name leaf': ['tls/certificate-profile', 'subjectAltName', 'RFC 5280 §4.2.1.6; RFC 1034 §3.5', 'get a new certificate from a CA that follows the Baseline Requirements'],
  'bad-key-type leaf': ['tls/weak-key', 'subjectPublicKeyInfo', 'CA/B Forum BR §6.1.5', 'make a new key (RSA 2048+ or ECDSA P-256) and get a new certificate'],
  'bad-san leaf': ['tls/name-mismatch', 'subjectAltName', 'RFC 5280 §4.2.1.6', 'get a certificate whose subjectAltName lists "leaf.example.test"'],
  'bad-signature leaf': ['tls/untrusted-chain', 'signatureValue', 'RFC 5280 §6.1.3 (a)(1)', 'serve the intermediate that issued this certificate (the chain file from the same issuance)'],
  'bc-not-critical intermediate': ['tls/certificate-profile', 'basicConstraints', 'RFC 5280 §4.2.1.9', 'use a conforming intermediate from your CA'],
  'bc-not-critical root': ['tls/certificate-profile', 'basicConstraints', 'RFC 5280 §4.2.1.9', 'trust a root certificate that follows the CA/B Forum profile'],
  'ca-empty-subject intermediate': ['tls/certificate-profile', 'subject', 'RFC 5280 §4.1.2.6', 'use a conforming intermediate from your CA'],
  'cn-not-in-san leaf': ['tls/certificate-profile', 'subject', 'CA/B Forum BR §7.1.4.3', 'get a new certificate from a CA that follows the Baseline Requirements'],
  'critical-eku leaf': ['tls/certificate-profile', 'extKeyUsage', 'CA/B Forum BR §7.1.2.7.6', 'get a new certificate from a CA that follows the Baseline Requirements'],
  'critical-extension leaf': ['tls/certificate-profile', 'authorityInfoAccess', 'RFC 5280 §4.2.2.1', 'get a new certificate from a CA that follows the Baseline Requirements'],
  'dsa-key leaf': ['tls/weak-key', 'subjectPublicKeyInfo', 'CA/B Forum BR §6.1.5', 'make a new key (RSA 2048+ or ECDSA P-256) and get a new certificate'],
  'dsa-key intermediate': ['tls/weak-key', 'subjectPublicKeyInfo', 'CA/B Forum BR §6.1.5', 'use a CA whose keys are RSA 2048+ or ECDSA P-256/P-384'],
  'duplicate-extension leaf': ['tls/certificate-profile', 'keyUsage', 'RFC 5280 §4.2', 'get a new certificate from a CA that follows the Baseline Requirements'],
  'empty-eku leaf': ['tls/no-server-auth', 'extKeyUsage', 'RFC 5280 §4.2.1.12', 'get a TLS server certificate (extended key usage serverAuth only)'],
  'empty-issuer leaf': ['tls/certificate-profile', 'issuer', 'RFC 5280 §4.1.2.4', 'get a new certificate from a CA that follows the Baseline Requirements'],
  'empty-name-constraints intermediate': ['tls/certificate-profile', 'nameConstraints', 'CA/B Forum BR §7.1.2.5.2; RFC 5280 §4.2.1.10', 'use a conforming intermediate from your CA'],
  'expired leaf': ['tls/expired', 'validity', 'RFC 5280 §4.1.2.5 and §6.1.3 (a)(2)', 'renew it and reload the server; check that automatic renewal runs'],
  'explicit-curve leaf': ['tls/weak-key', 'subjectPublicKeyInfo', 'CA/B Forum BR §7.1.3.1.2; RFC 5480 §2.1.1', 'make a new key (RSA 2048+ or ECDSA P-256) and get a new certificate'],
  'issuer-expired intermediate': ['tls/untrusted-chain', 'validity', 'RFC 5280 §6.1.3 (a)(2)', 'serve the current intermediate from your CA'],
  'issuer-expired root': ['tls/untrusted-chain', 'validity', 'RFC 5280 §6.1.3 (a)(2)', 'use a chain to a current root of your CA'],
  'issuer-no-server-auth intermediate': ['tls/no-server-auth', 'extKeyUsage', 'RFC 5280 §4.2.1.12; CA/B Forum BR §7.1.2.2', 'get a certificate from a CA hierarchy meant for TLS servers'],
  'issuer-no-server-auth root': ['tls/no-server-auth', 'extKeyUsage', 'RFC 5280 §4.2.1.12; CA/B Forum BR §7.1.2.2', 'get a certificate from a CA hierarchy meant for TLS servers'],
  'issuer-not-ca intermediate': ['tls/untrusted-chain', 'basicConstraints', 'RFC 5280 §4.2.1.9 and §6.1.4 (k)', 'serve the intermediate your CA publishes'],
  'issuer-not-ca root': ['tls/untrusted-chain', 'basicConstraints', 'RFC 5280 §4.2.1.9 and §6.1.4 (k)', 'trust the CA\'s real root certificate'],
  'issuer-not-yet-valid intermediate': ['tls/untrusted-chain', 'validity', 'RFC 5280 §6.1.3 (a)(2)', 'serve the intermediate your CA uses today'],
  'leaf-is-ca leaf': ['tls/certificate-profile', 'basicConstraints', 'CA/B Forum BR §7.1.2.7.8', 'serve a subscriber (end-entity) certificate, not a CA certificate'],
  'leaf-keycertsign leaf': ['tls/certificate-profile', 'keyUsage', 'RFC 5280 §4.2.1.3 and §4.2.1.9; CA/B Forum BR §7.1.2.7.11', 'get a new certificate from a CA that follows the Baseline Requirements'],
  'leaf-name-constraints leaf': ['tls/certificate-profile', 'nameConstraints', 'RFC 5280 §4.2.1.10', 'get a new certificate from a CA that follows the Baseline Requirements'],
  'malformed-extension leaf': ['tls/certificate-profile', 'extensions', 'RFC 5280 §4.2', 'get a new certificate from a CA that follows the Baseline Requirements'],
  'missing-aki intermediate': ['tls/certificate-profile', 'authorityKeyIdentifier', 'RFC 5280 §4.2.1.1', 'use a current, conforming issuer certificate from your CA'],
  'missing-aki leaf': ['tls/certificate-profile', 'authorityKeyIdentifier', 'RFC 5280 §4.2.1.1', 'get a new certificate from a CA that follows the Baseline Requirements'],
  'missing-intermediate intermediate': ['tls/untrusted-chain', 'issuer', 'RFC 8446 §4.4.2; RFC 5280 §6.1', 'add the intermediate "CN=Test Root" to the certificate file (serve fullchain.pem)'],
  'missing-intermediate leaf': ['tls/untrusted-chain', 'issuer', 'RFC 8446 §4.4.2; RFC 5280 §6.1', 'add the intermediate "CN=Nobody" to the certificate file (serve fullchain.pem)'],
  'missing-ski intermediate': ['tls/certificate-profile', 'subjectKeyIdentifier', 'RFC 5280 §4.2.1.2', 'use a conforming intermediate from your CA'],
  'missing-ski root': ['tls/certificate-profile', 'subjectKeyIdentifier', 'RFC 5280 §4.2.1.2', 'trust a root certificate that follows the CA/B Forum profile'],
  'name-constraints intermediate': ['tls/untrusted-chain', 'subjectAltName', 'RFC 5280 §4.2.1.10 and §6.1.3 (b)-(c)', 'get a certificate for names this CA may issue for, or a certificate from another CA'],
  'name-constraints leaf': ['tls/untrusted-chain', 'subjectAltName', 'RFC 5280 §4.2.1.10 and §6.1.3 (b)-(c)', 'get a certificate for names this CA may issue for, or a certificate from another CA'],
  'name-mismatch leaf': ['tls/name-mismatch', 'subjectAltName', 'RFC 9525 §6.3; CA/B Forum BR §3.2.2.6', 'get a certificate for "baaaaaaaaaaaaaaaaaaaaaaaaaaa.example.te…" (a wildcard covers one left-most label, never a public suffix)'],
  'name-not-listed leaf': ['tls/name-mismatch', 'subjectAltName', 'RFC 9525 §6.3; CA/B Forum BR §3.2.2.6', 'get a certificate for "leaf.co.uk" (a wildcard covers one left-most label, never a public suffix)'],
  'no-certificate server': ['tls/untrusted-chain', 'Certificate', 'RFC 8446 §4.4.2', 'configure the server with a certificate for this name'],
  'no-eku leaf': ['tls/no-server-auth', 'extKeyUsage', 'CA/B Forum BR §7.1.2.7.6 and §7.1.2.7.10', 'get a TLS server certificate (extended key usage serverAuth only)'],
  'no-keycertsign intermediate': ['tls/untrusted-chain', 'keyUsage', 'RFC 5280 §4.2.1.3 and §6.1.4 (n)', 'serve the intermediate your CA publishes'],
  'no-san leaf': ['tls/name-mismatch', 'subjectAltName', 'RFC 9525 §6.3; CA/B Forum BR §7.1.2.7.12', 'get a certificate whose subjectAltName lists "leaf.example.test"'],
  'no-server-auth leaf': ['tls/no-server-auth', 'extKeyUsage', 'RFC 5280 §4.2.1.12; CA/B Forum BR §7.1.2.7.10', 'get a TLS server certificate (extended key usage serverAuth only)'],
  'no-trusted-root intermediate': ['tls/untrusted-chain', 'issuer', 'RFC 5280 §6.1; RFC 4158 §2.4', 'serve the intermediates of one path up to a root your clients trust (your CA\'s chain file)'],
  'noncritical-policy-constraints leaf': ['tls/certificate-profile', 'policyConstraints', 'RFC 5280 §4.2.1.11', 'get a new certificate from a CA that follows the Baseline Requirements'],
  'not-v3 leaf': ['tls/certificate-profile', 'version', 'CA/B Forum BR §7.1.1; RFC 5280 §4.1.2.1', 'get a new certificate from a CA that follows the Baseline Requirements'],
  'not-yet-valid leaf': ['tls/not-yet-valid', 'validity', 'RFC 5280 §4.1.2.5 and §6.1.3 (a)(2)', 'serve the previous certificate until then, or check the clock of the machine that issued it'],
  'path-length root': ['tls/untrusted-chain', 'basicConstraints', 'RFC 5280 §4.2.1.9 and §6.1.4 (m)', 'serve the chain your CA publishes; this path is not allowed'],
  'pathlen-without-keycertsign intermediate': ['tls/certificate-profile', 'basicConstraints', 'RFC 5280 §4.2.1.9', 'use a conforming intermediate from your CA'],
  'root-aki-issuer-serial root': ['tls/certificate-profile', 'authorityKeyIdentifier', 'CA/B Forum BR §7.1.2.1.3', 'trust a root certificate that follows the CA/B Forum profile'],
  'root-aki-no-keyid root': ['tls/certificate-profile', 'authorityKeyIdentifier', 'CA/B Forum BR §7.1.2.1.3', 'trust a root certificate that follows the CA/B Forum profile'],
  'root-aki-ski-mismatch root': ['tls/certificate-profile', 'authorityKeyIdentifier', 'CA/B Forum BR §7.1.2.1.3', 'trust a root certificate that follows the CA/B Forum profile'],
  'root-eku root': ['tls/certificate-profile', 'extKeyUsage', 'CA/B Forum BR §7.1.2.1.2', 'trust a root certificate that follows the CA/B Forum profile'],
  'rsa-not-multiple-of-8 leaf': ['tls/weak-key', 'subjectPublicKeyInfo', 'CA/B Forum BR §6.1.5', 'make a new key (RSA 2048+ or ECDSA P-256) and get a new certificate'],
  'rsa-too-small intermediate': ['tls/weak-key', 'subjectPublicKeyInfo', 'CA/B Forum BR §6.1.5', 'use a CA whose keys are RSA 2048+ or ECDSA P-256/P-384'],
  'rsa-too-small leaf': ['tls/weak-key', 'subjectPublicKeyInfo', 'CA/B Forum BR §6.1.5', 'make a new key (RSA 2048+ or ECDSA P-256) and get a new certificate'],
  'san-critical leaf': ['tls/certificate-profile', 'subjectAltName', 'CA/B Forum BR §7.1.2.7.12', 'get a new certificate from a CA that follows the Baseline Requirements'],
  'san-not-critical leaf': ['tls/certificate-profile', 'subjectAltName', 'RFC 5280 §4.2.1.6', 'get a new certificate from a CA that follows the Baseline Requirements'],
  'serial-negative leaf': ['tls/certificate-profile', 'serialNumber', 'RFC 5280 §4.1.2.2', 'get a new certificate from a CA that follows the Baseline Requirements'],
  'serial-too-long leaf': ['tls/certificate-profile', 'serialNumber', 'RFC 5280 §4.1.2.2', 'get a new certificate from a CA that follows the Baseline Requirements'],
  'serial-zero leaf': ['tls/certificate-profile', 'serialNumber', 'RFC 5280 §4.1.2.2', 'get a new certificate from a CA that follows the Baseline Requirements'],
  'signature-algorithm-mismatch leaf': ['tls/certificate-profile', 'signatureAlgorithm', 'RFC 5280 §4.1.1.2', 'get a new certificate from a CA that follows the Baseline Requirements'],
  'too-complex intermediate': ['tls/untrusted-chain', 'chain', 'RFC 4158 §2.4', 'serve only the leaf and the intermediates of one path to your CA\'s root'],
  'too-complex leaf': ['tls/untrusted-chain', 'chain', 'RFC 4158 §2.4', 'serve only the leaf and the intermediates of one path to your CA\'s root'],
  'unknown-critical-extension leaf': ['tls/certificate-profile', '1.2.3.4', 'RFC 5280 §4.2', 'get a new certificate from a CA that follows the Baseline Requirements'],
  'unreadable-key leaf': ['tls/weak-key', 'subjectPublicKeyInfo', 'CA/B Forum BR §6.1.5', 'make a new key (RSA 2048+ or ECDSA P-256) and get a new certificate'],
  'untrusted-root intermediate': ['tls/untrusted-chain', 'issuer', 'RFC 5280 §6.1', 'use a publicly trusted CA, or add this root to network.yaml live.ca_files for a test network'],
  'untrusted-root leaf': ['tls/untrusted-chain', 'issuer', 'RFC 5280 §6.1', 'use a publicly trusted CA, or add this root to network.yaml live.ca_files for a test network'],
  'weak-signature intermediate': ['tls/sha1-signature', 'signatureAlgorithm', 'CA/B Forum BR §7.1.3.2; RFC 9155', 'serve the current intermediate from your CA, signed with SHA-256 or better'],
  'weak-signature leaf': ['tls/sha1-signature', 'signatureAlgorithm', 'CA/B Forum BR §7.1.3.2; RFC 9155', 'get a certificate signed with SHA-256 or better'],
};

test.run();
