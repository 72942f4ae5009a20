// pmnet's chain verdict on certificates made at test time, and the captured server chain.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dnsIdMatches, dnsInSubtree, isPublicSuffix, isValidPresentedDns } from '../../scripts/pki/names.js';
import { buildAnchors, verifyChain } from '../../scripts/pki/verify.js';
import { makeCert, testPki } from '../harness/certs.js';
import { goodLeaf, scenario, serving } from './helpers.js';

test('RFC 9525 matching with the public-suffix refusal (ICANN and private sections)', () => {
  const table: Array<[string, string, boolean]> = [
    ['*.example.co.uk', 'a.example.co.uk', true],
    ['*.co.uk', 'example.co.uk', false],
    ['*.com', 'example.com', false],
    ['*.s3.amazonaws.com', 'bucket.s3.amazonaws.com', false],
    ['*.github.io', 'me.github.io', false],
    ['*.internal', 'node.internal', false],
    ['*', 'com', false],
    ['*.example.test', 'node.example.test', true],
    ['EXAMPLE.com', 'example.COM.', true],
  ];
  for (const [p, r, want] of table) assert.is(dnsIdMatches(p, r), want, `${p} vs ${r}`);
  assert.is(isPublicSuffix('co.uk'), true);
  assert.is(isPublicSuffix('example.co.uk'), false);
  for (const bad of ['foo_bar.example.com', '.example.com', 'ba*.example.com', 'a..b', '*', 'xn--*-1b3c.example.com', 'ü.example.com']) assert.is(isValidPresentedDns(bad), false, bad);
  for (const good of ['*.example.com', 'xn--n3h.com', 'A-1.example.com']) assert.is(isValidPresentedDns(good), true, good);
});

test('name-constraint subtrees: a wildcard lies inside a permitted subtree only if its base does; it reaches an excluded one a label below', () => {
  assert.equal(dnsInSubtree('a.example.com', 'example.com'), { inside: true, touches: true });
  assert.equal(dnsInSubtree('example.com', 'ample.com'), { inside: false, touches: false });
  assert.equal(dnsInSubtree('*.foo.com', 'foo.com'), { inside: true, touches: true });
  assert.equal(dnsInSubtree('*.example.com', 'foo.example.com'), { inside: false, touches: true });
  assert.equal(dnsInSubtree('*.example.com', 'a.b.example.com'), { inside: false, touches: false });
  assert.equal(dnsInSubtree('x.y', ''), { inside: true, touches: true });
});

test('a leaf with 5,000 SAN names is judged (the match is found, nothing crashes)', () => {
  const pki = testPki();
  const names = Array.from({ length: 5000 }, (_, i) => `n${i}.example.test`);
  const leaf = makeCert({ cn: 'n4999.example.test', dns: names, issuer: pki.intermediate });
  const anchors = buildAnchors([], [pki.root.pem]);
  const v = verifyChain({ sent: [leaf.der, pki.intermediate.der], anchors, name: 'n4999.example.test', at: new Date() });
  assert.equal(v.problems, []);
  assert.equal(v.path, ['CN=n4999.example.test', 'CN=pmnet Test Issuing CA', 'CN=pmnet Test Root CA']);
  const miss = verifyChain({ sent: [leaf.der, pki.intermediate.der], anchors, name: 'other.example.test', at: new Date() });
  assert.match(miss.problems[0]!.detail, 'does not cover "other.example.test"');
});

test('the verdict reads the certificates the server sent, in TLS 1.2 and in TLS 1.3 (not OpenSSL\'s verified chain)', async () => {
  // Two extra, unrelated certificates after the chain: a verified chain would drop them.
  const extra = makeCert({ cn: 'Unrelated CA', ca: true }).pem + makeCert({ cn: 'Other CA', ca: true }).pem;
  for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
    const l = goodLeaf('cap');
    const s = await scenario([{ id: 'cap', servers: [serving(l, { cert: l.chain + extra, maxVersion })] }]);
    const a = s.facts.get('cap')!.addresses[0]!;
    assert.is(a.protocol, maxVersion);
    assert.is(a.sentCertificates, 4, maxVersion);
    assert.equal(a.chain.map((c) => c.subject), ['CN=pmnet Test Issuing CA', 'CN=Unrelated CA', 'CN=Other CA']);
    assert.equal(a.verdict!.problems, [], maxVersion);
    assert.equal(a.verdict!.path, ['CN=cap.example.test', 'CN=pmnet Test Issuing CA', 'CN=pmnet Test Root CA']);
  }
});

test('an intermediate sent twice in different versions: the valid one is used (alternate path)', async () => {
  const pki = testPki();
  const now = Date.now();
  const DAY = 86_400_000;
  // Same subject and key as the issuing CA, but expired: sent first, it must not decide.
  const expiredTwin = makeCert({ cn: 'pmnet Test Issuing CA', key: pki.intermediate.key, ca: true, issuer: pki.root, notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - DAY) });
  const l = goodLeaf('alt');
  const s = await scenario([{ id: 'alt', servers: [serving(l, { cert: l.cert.pem + expiredTwin.pem + pki.intermediate.pem })] }]);
  const a = s.facts.get('alt')!.addresses[0]!;
  assert.is(a.sentCertificates, 3);
  assert.equal(a.verdict!.problems, []);
  assert.equal(s.findings.filter((f) => f.rule.startsWith('tls/') && f.severity === 'error'), []);
});

test('a self-signed leaf that is itself a trusted root (a test network\'s --ca) is accepted; untrusted, it is named', () => {
  const self = makeCert({ cn: 'self.example.test', dns: ['self.example.test'] });
  const trusted = verifyChain({ sent: [self.der], anchors: buildAnchors([], [self.pem]), name: 'self.example.test', at: new Date() });
  assert.equal(trusted.problems, []);
  assert.equal(trusted.path, ['CN=self.example.test']);
  const untrusted = verifyChain({ sent: [self.der], anchors: buildAnchors([], [testPki().root.pem]), name: 'self.example.test', at: new Date() });
  assert.equal(untrusted.problems.map((p) => p.code), ['untrusted-root']);
});

test.run();
