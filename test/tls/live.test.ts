// Live TLS + API checks against real TLS servers on 127.77.0.0/16, with certificates made at
// run time for a test CA. Each case asserts the exact findings; run time only as a no-hang deadline.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeCert, makeKey, testPki } from '../harness/certs.js';
import { planetmintInfo, testNetwork } from '../harness/tls-fleet.js';
import { goodLeaf, idsOf, scenario, serving } from './helpers.js';
import { assertNoHang } from '../harness/no-hang.js';

const DAY = 86_400_000;
const SECLEVEL0 = { ciphers: 'DEFAULT@SECLEVEL=0' };

test('valid RSA-2048 certificate: no findings', async () => {
  const s = await scenario([{ id: 'rsa', servers: [serving(goodLeaf('rsa', undefined, { keySpec: 'rsa2048' }))] }]);
  assert.equal(idsOf(s, 'rsa'), []);
  const a = s.facts.get('rsa')!.addresses[0]!;
  assert.is(a.leaf!.keyType, 'rsa');
  assert.is(a.leaf!.keyBits, 2048);
  assert.is(a.verdict?.ok, true, 'pmnet\'s own chain verdict');
  assert.is(a.chain[0]!.subject, 'CN=pmnet Test Issuing CA');
  assert.equal((a.api as { json: { software: string } }).json.software, 'Planetmint');
  assertNoHang(s.elapsedMs, 'the scenario');
});

test('valid ECDSA P-256 and P-384 certificates: no findings', async () => {
  const s = await scenario([
    { id: 'p256', servers: [serving(goodLeaf('p256', undefined, { keySpec: 'p256' }))] },
    { id: 'p384', servers: [serving(goodLeaf('p384', undefined, { keySpec: 'p384' }))] },
  ]);
  assert.equal(idsOf(s, 'p256'), []);
  assert.equal(idsOf(s, 'p384'), []);
  assert.is(s.facts.get('p384')!.addresses[0]!.leaf!.curve, 'secp384r1');
  assertNoHang(s.elapsedMs, 'the scenario');
});

test('Ed25519 certificate parses and passes', async () => {
  const s = await scenario([{ id: 'ed', servers: [serving(goodLeaf('ed', undefined, { keySpec: 'ed25519' }))] }]);
  assert.equal(idsOf(s, 'ed'), []);
  assert.is(s.facts.get('ed')!.addresses[0]!.leaf!.keyType, 'ed25519');
  assertNoHang(s.elapsedMs, 'the scenario');
});

test('wildcard covers one left-most label only', async () => {
  const wild = testPki().leaf({ cn: '*.wild.test', dns: ['*.wild.test', 'api.consortium.test', '*.nodes.consortium.test'] });
  const s = await scenario([
    { id: 'one', domain: 'node.wild.test', servers: [serving(wild)] },
    { id: 'two', domain: 'a.node.wild.test', servers: [serving(wild)] },
  ]);
  assert.equal(idsOf(s, 'one'), ['tls/shared-certificate:sameCertificate']);
  assert.equal(idsOf(s, 'two'), ['tls/name-mismatch:mismatch', 'tls/shared-certificate:sameCertificate']);
  const f = s.findings.find((x) => x.rule === 'tls/name-mismatch')!;
  assert.match(f.message, 'does not cover "a.node.wild.test"');
  assert.equal(f.path, ['node', 'ipv4', 0]);
});

test('expired certificate: tls/expired only', async () => {
  const now = Date.now();
  const l = goodLeaf('exp', undefined, { notBefore: new Date(now - 40 * DAY), notAfter: new Date(now - 2 * DAY) });
  const s = await scenario([{ id: 'exp', servers: [serving(l)] }]);
  assert.equal(idsOf(s, 'exp'), ['tls/expired:expired']);
  assert.equal(s.facts.get('exp')!.addresses[0]!.verdict?.problems.map((p) => p.rule), ['tls/expired']);
});

test('not yet valid certificate: tls/not-yet-valid only', async () => {
  const now = Date.now();
  const l = goodLeaf('nyv', undefined, { notBefore: new Date(now + 2 * DAY), notAfter: new Date(now + 40 * DAY) });
  const s = await scenario([{ id: 'nyv', servers: [serving(l)] }]);
  assert.equal(idsOf(s, 'nyv'), ['tls/not-yet-valid:notYetValid']);
});

test('expiring within the window: warning with the date', async () => {
  const now = Date.now();
  const l = goodLeaf('soon', undefined, { notBefore: new Date(now - 30 * DAY), notAfter: new Date(now + 10 * DAY + 3600_000) });
  const s = await scenario([{ id: 'soon', servers: [serving(l)] }]);
  assert.equal(idsOf(s, 'soon'), ['tls/expiring-soon:expiringSoon']);
  const f = s.findings[0]!;
  assert.is(f.severity, 'warning');
  assert.match(f.message, new Date(now + 10 * DAY + 3600_000).toISOString().slice(0, 10));
  assert.match(f.message, 'in 10 day(s)');
  // A shorter window from network.yaml silences it.
  const quiet = await scenario([{ id: 'soon', servers: [serving(l)] }], { network: testNetwork({ certificateWarningDays: 7 }) });
  assert.equal(idsOf(quiet, 'soon'), []);
});

test('wrong host: tls/name-mismatch', async () => {
  const l = testPki().leaf({ cn: 'other.test', dns: ['other.test', 'api.consortium.test', 'host.nodes.consortium.test'] });
  const s = await scenario([{ id: 'host', servers: [serving(l)] }]);
  assert.equal(idsOf(s, 'host'), ['tls/name-mismatch:mismatch']);
  assert.match(s.findings[0]!.message, '"other.test"');
});

test('wrong host with twelve SAN names: the message shows ten, then counts the rest', async () => {
  const many = Array.from({ length: 12 }, (_, i) => `o${i}.test`);
  const l = testPki().leaf({ cn: 'o0.test', dns: many });
  const s = await scenario([{ id: 'wide', servers: [serving(l)] }]);
  const f = s.findings.find((x) => x.rule === 'tls/name-mismatch')!;
  assert.match(f.message, '"o8.test", "o9.test", 2 more');
  assert.not.match(f.message, 'o10.test');
});

test('no SAN (CN only): tls/name-mismatch noSan, no CN fallback', async () => {
  const l = testPki().leaf({ cn: 'nosan.example.test' });
  const s = await scenario([{ id: 'nosan', servers: [serving(l)] }]);
  const ids = idsOf(s, 'nosan');
  assert.ok(ids.includes('tls/name-mismatch:problem'), ids.join());
  assert.match(s.findings.find((f) => f.rule === 'tls/name-mismatch')!.message, 'has no subjectAltName (subject "CN=nosan.example.test"); clients do not fall back to the Common Name');
});

test('self-signed: tls/untrusted-chain in pmnet\'s own words', async () => {
  const c = makeCert({ cn: 'self.example.test', dns: ['self.example.test', 'api.consortium.test', 'self.nodes.consortium.test'] });
  const s = await scenario([{ id: 'self', servers: [{ cert: c.pem, key: c.keyPem }] }]);
  assert.equal(idsOf(s, 'self'), ['tls/untrusted-chain:untrusted']);
  assert.match(s.findings[0]!.message, 'the certificate ends the chain as a self-signed certificate that is not a trusted root');
  assert.not.match(s.findings[0]!.message, 'OpenSSL');
});

test('missing intermediate: tls/untrusted-chain names it', async () => {
  const l = goodLeaf('noint');
  const s = await scenario([{ id: 'noint', servers: [{ cert: l.cert.pem, key: l.cert.keyPem }] }]);
  assert.equal(idsOf(s, 'noint'), ['tls/untrusted-chain:untrusted']);
  assert.match(s.findings[0]!.message, 'names the issuer "CN=pmnet Test Issuing CA", which the server does not send and no trusted root is (issuer: RFC 8446 §4.4.2; RFC 5280 §6.1). Fix: add the intermediate "CN=pmnet Test Issuing CA" to the certificate file');
  assert.is(s.facts.get('noint')!.addresses[0]!.sentCertificates, 1);
});

test('SHA-1 signature: tls/sha1-signature', async () => {
  const l = goodLeaf('sha1', undefined, { keySpec: 'rsa2048', hash: 'sha1' });
  const s = await scenario([{ id: 'sha1', servers: [serving(l, SECLEVEL0)] }]);
  assert.equal(idsOf(s, 'sha1'), ['tls/sha1-signature:weakSignature']);
  assert.match(s.findings[0]!.message, 'ecdsa-with-SHA1');
});

test('RSA-1024: tls/weak-key', async () => {
  const l = goodLeaf('r1024', undefined, { keySpec: 'rsa1024' });
  const s = await scenario([{ id: 'r1024', servers: [serving(l, SECLEVEL0)] }]);
  assert.equal(idsOf(s, 'r1024'), ['tls/weak-key:weakKey']);
  assert.match(s.findings[0]!.message, 'has an RSA key of 1024 bits; at least 2048 are required');
});

test('SC-081 validity limits judged at a pinned time (--at): 200 days from 2026-03-15, 398 before', async () => {
  // The rule reads notBefore; the checking time only decides that these certificates are
  // current. Both are pinned, so the result does not depend on the day the suite runs.
  const at = new Date('2026-06-02T00:00:00Z');
  const nb = new Date('2026-06-01T00:00:00Z');
  const long = goodLeaf('long', undefined, { notBefore: nb, notAfter: new Date(nb.getTime() + 300 * DAY - 1000) });
  const oldNb = new Date('2026-01-10T00:00:00Z');
  const old = goodLeaf('old', undefined, { notBefore: oldNb, notAfter: new Date(oldNb.getTime() + 398 * DAY - 1000) });
  const s = await scenario(
    [
      { id: 'long', servers: [serving(long)] },
      { id: 'old', servers: [serving(old)] },
    ],
    { now: at },
  );
  assert.equal(idsOf(s, 'long'), ['tls/validity-too-long:tooLong']);
  assert.is(s.findings.find((f) => f.member === 'long')!.data.max, 200);
  assert.is(s.findings.find((f) => f.member === 'long')!.data.lifetime, 300);
  assert.equal(idsOf(s, 'old'), []);
  assert.is(s.facts.get('long')!.checkedAt, at.toISOString());
});

test('SC-081 later phases over real TLS: 100 days from 2027-03-15, 47 days from 2029-03-15', async () => {
  for (const [from, max] of [['2027-03-15T00:00:00Z', 100], ['2029-03-15T00:00:00Z', 47]] as const) {
    const nb = new Date(from);
    const over = goodLeaf('over', undefined, { notBefore: nb, notAfter: new Date(nb.getTime() + max * DAY) });
    const exact = goodLeaf('exact', undefined, { notBefore: nb, notAfter: new Date(nb.getTime() + max * DAY - 1000) });
    const s = await scenario(
      [
        { id: 'over', servers: [serving(over)] },
        { id: 'exact', servers: [serving(exact)] },
      ],
      { now: new Date(nb.getTime() + DAY) },
    );
    assert.equal(idsOf(s, 'over'), ['tls/validity-too-long:tooLong'], from);
    assert.is(s.findings.find((f) => f.member === 'over')!.data.max, max);
    assert.equal(idsOf(s, 'exact'), [], from);
  }
});

test('EKU without serverAuth: tls/no-server-auth', async () => {
  const l = goodLeaf('eku', undefined, { eku: ['1.3.6.1.5.5.7.3.2'] });
  const s = await scenario([{ id: 'eku', servers: [serving(l)] }]);
  const ids = idsOf(s, 'eku');
  assert.ok(ids.includes('tls/no-server-auth:noServerAuth'), ids.join());
  assert.match(s.findings.find((f) => f.rule === 'tls/no-server-auth')!.message, 'clientAuth');
});

test('same certificate on two members: tls/shared-certificate on both, naming the other', async () => {
  const l = testPki().leaf({ cn: 'a.example.test', dns: ['a.example.test', 'b.example.test', 'api.consortium.test', 'a.nodes.consortium.test', 'b.nodes.consortium.test'] });
  const s = await scenario([
    { id: 'a', servers: [serving(l)] },
    { id: 'b', servers: [serving(l)] },
  ]);
  assert.equal(idsOf(s, 'a'), ['tls/shared-certificate:sameCertificate']);
  assert.equal(idsOf(s, 'b'), ['tls/shared-certificate:sameCertificate']);
  assert.match(s.findings.find((f) => f.member === 'a')!.message, 'member "b" (b.example.test)');
  assert.match(s.findings.find((f) => f.member === 'b')!.message, 'member "a" (a.example.test)');
});

test('same key in two certificates: tls/shared-certificate sameKey', async () => {
  const key = makeKey('p256');
  const s = await scenario([
    { id: 'k1', servers: [serving(goodLeaf('k1', undefined, { key }))] },
    { id: 'k2', servers: [serving(goodLeaf('k2', undefined, { key }))] },
    { id: 'k3', servers: [serving(goodLeaf('k3'))] },
  ]);
  assert.equal(idsOf(s, 'k1'), ['tls/shared-certificate:sameKey']);
  assert.equal(idsOf(s, 'k2'), ['tls/shared-certificate:sameKey']);
  assert.equal(idsOf(s, 'k3'), []);
  assert.match(s.findings.find((f) => f.member === 'k1')!.message, 'member "k2"');
});

test('different certificates on one member\'s two IPs: tls/inconsistent-certificates', async () => {
  const s = await scenario([{ id: 'two', servers: [serving(goodLeaf('two')), serving(goodLeaf('two'))] }]);
  assert.equal(idsOf(s, 'two'), ['tls/inconsistent-certificates:different']);
  assert.equal(s.findings[0]!.path, ['node', 'ipv4', 1]);
  // The same certificate on both: fine.
  const l = goodLeaf('same');
  const ok = await scenario([{ id: 'same', servers: [serving(l), serving(l)] }]);
  assert.equal(idsOf(ok, 'same'), []);
});

test('shared name not covered: notice by default, warning per network.yaml', async () => {
  const l = testPki().leaf({ cn: 'cov.example.test', dns: ['cov.example.test'] });
  const s = await scenario([{ id: 'cov', servers: [serving(l)] }]);
  assert.equal(idsOf(s, 'cov'), ['tls/shared-name-not-covered:notCovered']);
  assert.is(s.findings[0]!.severity, 'notice');
  assert.match(s.findings[0]!.message, '"api.consortium.test", "cov.nodes.consortium.test"');
  assert.match(s.findings[0]!.message, 'fails');
  const w = await scenario([{ id: 'cov', servers: [serving(l)] }], { network: testNetwork({ sharedNameCoverage: 'warning' }) });
  assert.is(w.findings[0]!.severity, 'warning');
});

test('certificate pins: matching pin passes, other pin fails', async () => {
  const l = goodLeaf('pin');
  const first = await scenario([{ id: 'pin', servers: [serving(l)] }]);
  const spki = first.facts.get('pin')!.addresses[0]!.leaf!.spkiSha256;
  const good = await scenario([{ id: 'pin', servers: [serving(l)], pins: [`sha256/${spki}`] }]);
  assert.equal(idsOf(good, 'pin'), []);
  const bad = await scenario([{ id: 'pin', servers: [serving(l)], pins: ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='] }]);
  assert.equal(idsOf(bad, 'pin'), ['tls/pin-mismatch:notPinned']);
  assert.equal(bad.findings[0]!.path, ['node', 'certificate_pins']);
});

test('silent server (TCP accepted, no TLS): connect-failed at the deadline', async () => {
  const s = await scenario([{ id: 'silent', servers: [{ behaviour: 'silent' }] }], { timeoutMs: 400 });
  assert.equal(idsOf(s, 'silent'), ['tls/connect-failed:timeoutTls']);
  assert.ok(s.elapsedMs >= 390, `gave up after ${s.elapsedMs} ms, before the 400 ms deadline`);
  assertNoHang(s.elapsedMs, 'a silent TLS server');
});

test('resetting server and refused port: connect-failed naming the address', async () => {
  const s = await scenario([
    { id: 'rst', servers: [{ behaviour: 'reset' }] },
    { id: 'ref', servers: ['refused'] },
  ]);
  assert.equal(idsOf(s, 'rst'), ['tls/connect-failed:reset']);
  assert.equal(idsOf(s, 'ref'), ['tls/connect-failed:refused']);
  const ref = s.findings.find((f) => f.member === 'ref')!;
  assert.match(ref.message, s.members[1]!.node.ipv4[0]!);
  assertNoHang(s.elapsedMs, 'the scenario');
});

test('plain HTTP on the TLS port: connect-failed tlsError', async () => {
  // An https server with no certificate for us is hard to fake; a plain-text banner is common.
  const { createServer } = await import('node:net');
  const { loopback } = await import('../harness/tls-fleet.js');
  const address = loopback();
  const srv = createServer((sock) => sock.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
  await new Promise<void>((r) => srv.listen(0, address, () => r()));
  const port = (srv.address() as { port: number }).port;
  try {
    const { gatherTls } = await import('../../scripts/live/tls/gather.js');
    const { createLimiter } = await import('../../scripts/live/pool.js');
    const { testMember } = await import('../harness/tls-fleet.js');
    const m = testMember('plain', 'plain.example.test', port, [address]);
    const facts = await gatherTls(testNetwork(), [m], { timeoutMs: 1000, limiter: createLimiter(4), extraCa: [] });
    const c = facts.get('plain')!.addresses[0]!.connect;
    assert.ok(c.kind === 'tls-error' || c.kind === 'reset', JSON.stringify(c));
  } finally {
    srv.close();
  }
});

test('API answering 500: api/http-error with the status', async () => {
  const s = await scenario([{ id: 'e500', servers: [serving(goodLeaf('e500'), { api: { status: 500, body: 'Internal Server Error' } })] }]);
  assert.equal(idsOf(s, 'e500'), ['api/http-error:serverError']);
  assert.match(s.findings[0]!.message, 'HTTP 500');
});

test('API answering invalid JSON: api/http-error notJson', async () => {
  const s = await scenario([{ id: 'html', servers: [serving(goodLeaf('html'), { api: { body: '<html>Welcome to nginx!</html>' } })] }]);
  assert.equal(idsOf(s, 'html'), ['api/http-error:notJson']);
  assert.match(s.findings[0]!.message, 'text/html');
});

test('API body above the cap is cut off, not buffered', async () => {
  const big = JSON.stringify({ pad: 'x'.repeat(400 * 1024) });
  const s = await scenario([{ id: 'big', servers: [serving(goodLeaf('big'), { api: { body: big, contentType: 'application/json' } })] }]);
  assert.equal(idsOf(s, 'big'), ['api/http-error:notJson']);
  const api = s.facts.get('big')!.addresses[0]!.api;
  assert.ok(api.kind === 'answered' && api.truncated && api.bytes === 256 * 1024);
});

test('BigchainDB node: api/not-planetmint naming it', async () => {
  const body = { ...planetmintInfo('bdb.example.test'), software: 'BigchainDB', version: '2.2.2' };
  const s = await scenario([{ id: 'bdb', servers: [serving(goodLeaf('bdb'), { api: { body } })] }]);
  assert.equal(idsOf(s, 'bdb'), ['api/not-planetmint:bigchaindb']);
  assert.match(s.findings[0]!.message, 'BigchainDB');
  assert.match(s.findings[0]!.message, '2.2.2');
});

test('ws://localhost streams: api/bad-streams-url', async () => {
  const info = planetmintInfo('ws.example.test') as { api: { v1: Record<string, string> } };
  info.api.v1.streams = 'ws://localhost:9985/api/v1/streams/valid_transactions';
  const s = await scenario([{ id: 'ws', servers: [serving(goodLeaf('ws'), { api: { body: info } })] }]);
  assert.equal(idsOf(s, 'ws'), ['api/bad-streams-url:badStreams']);
  assert.match(s.findings[0]!.message, 'ws://localhost:9985');
  assert.match(s.findings[0]!.message, 'wss://ws.example.test:443/');
});

test('API without version or links: api/not-planetmint', async () => {
  const s = await scenario([{ id: 'bare', servers: [serving(goodLeaf('bare'), { api: { body: { software: 'Planetmint' } } })] }]);
  assert.equal(idsOf(s, 'bare'), ['api/not-planetmint:noLinks', 'api/not-planetmint:noVersion']);
});

test('unreadable extra CA: TrustStoreError before any connection', async () => {
  const { gatherTls, TrustStoreError } = await import('../../scripts/live/tls/gather.js');
  const { createLimiter } = await import('../../scripts/live/pool.js');
  const { testMember } = await import('../harness/tls-fleet.js');
  const m = testMember('ca', 'ca.example.test', 9, ['127.77.250.1']);
  const err = await gatherTls(testNetwork(), [m], { timeoutMs: 500, limiter: createLimiter(1), extraCa: ['-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n'] }).catch((e: unknown) => e);
  assert.instance(err, TrustStoreError);
});

test.run();
