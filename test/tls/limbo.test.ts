// pmnet's chain verdict on x509-limbo cases (C2SP, Apache-2.0; test/fixtures/x509-limbo):
// a mutated leaf never crashes the verdict, and a few cases over real TLS through the CLI (the
// offline verdicts with exact causes: test/pki/limbo-cases.test.ts).
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildAnchors, verifyChain } from '../../scripts/pki/verify.js';
import { runCase, type LimboCase } from '../limbo/limbo.js';

const FIXTURES = new URL('../../../test/fixtures/x509-limbo/cases.json', import.meta.url);
const cases = (JSON.parse(readFileSync(FIXTURES, 'utf8')) as { testcases: LimboCase[] }).testcases;
const der = (pem: string) => Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
const byId = (id: string) => cases.find((c) => c.id === id)!;

function judge(c: LimboCase, sent = [c.peer_certificate, ...c.untrusted_intermediates].map(der)) {
  const at = c.validation_time ? new Date(c.validation_time) : new Date();
  return verifyChain({ sent, anchors: buildAnchors([], c.trusted_certs), name: c.expected_peer_name!.value, at });
}

test('no certificate crashes the verdict: truncated, bit-flipped, empty and huge inputs become problems', () => {
  const c = byId('webpki::san::exact-dns-san');
  const leaf = der(c.peer_certificate);
  const rest = c.untrusted_intermediates.map(der);
  let judged = 0;
  for (let i = 0; i < leaf.length; i += 7) {
    for (const bad of [leaf.subarray(0, i), Buffer.from(leaf).fill(0xff, i, i + 1), Buffer.from(leaf).fill(0x00, i, i + 2)]) {
      const v = judge(c, [bad, ...rest]);
      assert.ok(!v.problems.some((p) => p.code === 'internal'), `offset ${i}: ${JSON.stringify(v.problems)}`);
      judged++;
    }
  }
  assert.ok(judged > 150, `${judged} variants`);
  assert.equal(judge(c, []).problems.map((p) => p.code), ['no-certificate']);
  assert.equal(judge(c, [Buffer.from('not a certificate')]).problems.map((p) => p.code), ['malformed']);
  // Garbage after a good leaf is an unusable intermediate, not a crash.
  assert.equal(judge(c, [leaf, Buffer.alloc(5000, 0x30), ...rest]).ok, true);
});

test('over real TLS through the CLI: alternate paths, public-suffix wildcards and --at boundaries', async () => {
  const ids = [
    'rfc5280::nc::nc-forbids-alternate-chain-ica',
    'pathological::multiple-chains-expired-intermediate',
    'webpki::san::public-suffix-multi-label-wildcard-san',
    'rfc5280::validity::notafter-exact',
    'rfc5280::validity::expired-1-second',
    'rfc5280::ee-empty-issuer',
    'webpki::forbidden-weak-rsa-key-in-root',
  ];
  const got = await Promise.all(ids.map((id) => runCase(byId(id))));
  const summary = got.map((r, i) => `${ids[i]} ${r.got} ${[...new Set(r.errors.map((e) => e.split(':')[0]))].join(',')}`);
  assert.equal(summary, [
    'rfc5280::nc::nc-forbids-alternate-chain-ica SUCCESS ',
    'pathological::multiple-chains-expired-intermediate SUCCESS ',
    'webpki::san::public-suffix-multi-label-wildcard-san FAILURE tls/certificate-profile,tls/name-mismatch',
    'rfc5280::validity::notafter-exact SUCCESS ',
    'rfc5280::validity::expired-1-second FAILURE tls/expired,tls/untrusted-chain',
    'rfc5280::ee-empty-issuer FAILURE tls/certificate-profile,tls/untrusted-chain',
    'webpki::forbidden-weak-rsa-key-in-root FAILURE tls/weak-key',
  ]);
  assert.match(got[2]!.errors.find((e) => e.startsWith('tls/name-mismatch'))!, 'its wildcard "*.co.uk" spans a public suffix');
});

test.run();
