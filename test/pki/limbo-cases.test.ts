// pmnet's chain verdict on the x509-limbo fixture cases (C2SP, Apache-2.0; test/fixtures/x509-limbo),
// offline, with the exact problem codes. The same cases over real TLS: test/tls/limbo.test.ts.
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildAnchors, verifyChain } from '../../scripts/pki/verify.js';
import type { LimboCase } from '../limbo/limbo.js';
import { assertNoHang } from '../harness/no-hang.js';

const FIXTURES = new URL('../../../test/fixtures/x509-limbo/cases.json', import.meta.url);
const cases = (JSON.parse(readFileSync(FIXTURES, 'utf8')) as { testcases: LimboCase[] }).testcases;
const der = (pem: string) => Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
const byId = (id: string) => cases.find((c) => c.id === id)!;

function judge(c: LimboCase, sent = [c.peer_certificate, ...c.untrusted_intermediates].map(der)) {
  const at = c.validation_time ? new Date(c.validation_time) : new Date();
  return verifyChain({ sent, anchors: buildAnchors([], c.trusted_certs), name: c.expected_peer_name!.value, at });
}

/** What pmnet finds per case, written out: the cause, not only the verdict. */
const EXPECTED: Record<string, string[]> = {
  'cve::cve-2024-0567': [],
  'cve::cve-2025-61727': ['name-constraints'],
  'invalid::invalid-issuer-key': ['bad-signature'],
  'pathlen::intermediate-violates-pathlen-0': ['path-length'],
  'pathlen::self-issued-certs-pathlen': [],
  'pathological::multiple-chains-expired-intermediate': [],
  'pathological::intermediate-cycle-distinct-cas': ['no-trusted-root'],
  'rfc5280::aki::leaf-missing-aki': ['missing-aki'],
  'rfc5280::eku::ee-wrong-eku': ['no-server-auth'],
  'rfc5280::nc::excluded-dns-match': ['name-constraints'],
  'rfc5280::nc::permitted-dns-match-more': [],
  'rfc5280::nc::permitted-dn-match-subject-san-mismatch': ['name-constraints', 'name-not-listed'],
  'rfc5280::nc::invalid-dnsname-leading-period': ['bad-dns-constraint', 'name-constraints'],
  'rfc5280::nc::nc-forbids-alternate-chain-ica': [],
  'rfc5280::nc::nc-forbids-same-chain-ica': [],
  'rfc5280::nc::nc-forbids-othername': ['name-constraints'],
  'rfc5280::pc::ica-noncritical-pc': ['noncritical-policy-constraints'],
  'rfc5280::san::malformed': ['bad-san', 'malformed-extension'],
  'rfc5280::san::noncritical-with-empty-subject': ['san-not-critical'],
  'rfc5280::serial::too-long': ['serial-too-long'],
  'rfc5280::serial::zero': ['serial-zero'],
  'rfc5280::ski::root-missing-ski': ['missing-ski'],
  'rfc5280::validity::expired-root': ['issuer-expired'],
  'rfc5280::validity::expired-intermediate': ['issuer-expired'],
  'rfc5280::validity::notbefore-exact': [],
  'rfc5280::validity::notbefore-fractional': ['issuer-not-yet-valid', 'not-yet-valid'],
  'rfc5280::validity::notafter-exact': [],
  'rfc5280::validity::notafter-fractional': [],
  'rfc5280::validity::expired-1-second': ['expired', 'issuer-expired'],
  'rfc5280::ee-empty-issuer': ['empty-issuer', 'missing-intermediate'],
  'rfc5280::ca-empty-subject': ['ca-empty-subject', 'empty-issuer'],
  'rfc5280::unknown-critical-extension-ee': ['unknown-critical-extension'],
  'rfc5280::unknown-critical-extension-unrelated-intermediate': [],
  'rfc5280::chain-untrusted-root': ['untrusted-root'],
  'rfc5280::intermediate-ca-without-ca-bit': ['issuer-not-ca'],
  'rfc5280::root-non-critical-basic-constraints': ['bc-not-critical'],
  'rfc5280::ica-ku-keycertsign': ['missing-intermediate'],
  'rfc5280::duplicate-extensions': ['duplicate-extension'],
  'rfc5280::root-and-intermediate-swapped': [],
  'webpki::aki::root-with-aki-ski-mismatch': ['root-aki-ski-mismatch'],
  'webpki::cn::not-in-san': ['cn-not-in-san'],
  'webpki::cn::case-mismatch': ['cn-not-in-san'],
  'webpki::eku::ee-anyeku': ['any-eku'],
  'webpki::eku::ee-critical-eku': ['critical-eku'],
  'webpki::eku::ee-without-eku': ['no-eku'],
  'webpki::eku::root-has-eku': ['root-eku'],
  'webpki::nc::permitted-dns-match-noncritical': [],
  'webpki::nc::intermediate-permitted-excluded-subtrees-both-empty-sequences': ['empty-name-constraints'],
  'webpki::nc::nc-permits-dns-san-pattern': [],
  'webpki::san::exact-dns-san': [],
  'webpki::san::public-suffix-wildcard-san': ['cn-not-in-san', 'name-not-listed'],
  'webpki::san::public-suffix-multi-label-wildcard-san': ['cn-not-in-san', 'name-not-listed'],
  'webpki::san::public-suffix-private-namespace-wildcard-san': ['cn-not-in-san', 'name-not-listed'],
  'webpki::san::leftmost-wildcard-san': [],
  'webpki::san::wildcard-embedded-leftmost-san': ['bad-dns-name', 'name-mismatch'],
  'webpki::san::wildcard-match-across-labels-san': ['name-mismatch'],
  'webpki::san::no-san': ['no-san'],
  'webpki::san::san-critical-with-nonempty-subject': ['san-critical'],
  'webpki::san::san-wildcard-only': ['bad-dns-name', 'cn-not-in-san', 'name-mismatch'],
  'webpki::explicit-curve': ['explicit-curve'],
  'webpki::malformed-aia': ['malformed-extension'],
  'webpki::forbidden-p192-root': ['bad-curve'],
  'webpki::forbidden-dsa-root': ['dsa-key', 'weak-signature'],
  'webpki::forbidden-weak-rsa-key-in-root': ['rsa-too-small'],
  'webpki::forbidden-rsa-key-not-divisible-by-8-in-leaf': ['rsa-not-multiple-of-8'],
  'webpki::v1-cert': ['missing-aki', 'no-eku', 'no-san', 'not-v3'],
  'webpki::ee-basicconstraints-ca': ['leaf-is-ca'],
  'webpki::ca-as-leaf': ['leaf-is-ca', 'no-eku'],
};

test('every fixture case: the verdict the suite expects, with exactly these causes', () => {
  assert.is(cases.length, Object.keys(EXPECTED).length);
  for (const c of cases) {
    const v = judge(c);
    assert.is(v.ok ? 'SUCCESS' : 'FAILURE', c.expected_result, c.id);
    assert.equal([...new Set(v.problems.map((p) => p.code))].sort(), EXPECTED[c.id], c.id);
  }
});

test('every problem names its certificate, field, citation and fix, in parts short enough to print whole', () => {
  for (const c of cases) {
    for (const p of judge(c).problems) {
      assert.match(p.cert, /^the (certificate|intermediate ".+"|root ".+"|server)$/, c.id);
      assert.ok(p.field.length > 0 && /RFC|CA\/B Forum/.test(p.citation), `${c.id}: ${JSON.stringify(p)}`);
      for (const part of [p.cert, p.detail, p.fix, p.citation]) assert.ok(part.length <= 120, `${c.id}: "${part}" is ${part.length} characters`);
      assert.not.match(p.detail, /OpenSSL|UNSPECIFIED/);
    }
  }
});

test('a pathological graph stays bounded when judged again (cached signatures still count against the budget)', () => {
  const c = byId('pathological::intermediate-cycle-distinct-cas');
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    assert.equal(judge(c).problems.map((p) => p.code), ['no-trusted-root']);
    assertNoHang(performance.now() - started, 'judging a cyclic graph');
  }
});

test('the missing intermediate is named, and the verdict is exact at notAfter and one second later', () => {
  const c = byId('rfc5280::validity::notafter-exact');
  const v = judge(c, [der(c.peer_certificate)]);
  assert.equal(v.problems.map((p) => p.code), ['missing-intermediate']);
  assert.match(v.problems[0]!.fix, /^add the intermediate "OU=.*" to the certificate file/);
  const at = new Date(c.validation_time!);
  const sent = [c.peer_certificate, ...c.untrusted_intermediates].map(der);
  const anchors = buildAnchors([], c.trusted_certs);
  assert.is(verifyChain({ sent, anchors, name: 'example.com', at }).ok, true);
  assert.is(verifyChain({ sent, anchors, name: 'example.com', at: new Date(at.getTime() + 999) }).ok, true, 'still the same second');
  const later = verifyChain({ sent, anchors, name: 'example.com', at: new Date(at.getTime() + 1000) });
  assert.equal(later.problems.map((p) => `${p.code} ${p.cert.split(' ')[1]}`), ['expired certificate', 'issuer-expired intermediate', 'issuer-expired root']);
});

test.run();
