// Rule logic on hand-made facts (no sockets): boundaries, messages, metadata.
import { X509Certificate } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { summarizeCertificate } from '../../scripts/live/tls/cert.js';
import { buildAnchors, verifyChain } from '../../scripts/pki/verify.js';
import type { AddressTlsFacts, CertSummary, TlsFacts } from '../../scripts/live/tls/facts.js';
import { dnsIdMatches } from '../../scripts/rules/tls/common.js';
import { tlsRules } from '../../scripts/rules/tls/index.js';
import { maxValidity } from '../../scripts/rules/tls/validity-too-long.js';
import { EKU, makeCert, makeKey, testPki } from '../harness/certs.js';
import { testMember, testNetwork } from '../harness/tls-fleet.js';
import { runRules } from './helpers.js';

const DAY = 86_400_000;
const NOW = new Date('2026-11-24T12:00:00Z');

function leaf(o: Parameters<typeof makeCert>[0]): CertSummary {
  return summarizeCertificate(makeCert({ issuer: testPki().intermediate, ...o }).der);
}

function good(id: string, extra: Partial<Parameters<typeof makeCert>[0]> = {}): CertSummary {
  const d = `${id}.example.test`;
  return leaf({ cn: d, dns: [d, 'api.consortium.test', `${id}.nodes.consortium.test`], notBefore: new Date(NOW.getTime() - DAY), ...extra });
}

function addr(over: Partial<AddressTlsFacts>, i = 0): AddressTlsFacts {
  return {
    address: `192.0.2.${i + 1}`,
    list: 'ipv4',
    index: i,
    port: 443,
    servername: 'x',
    apiPath: '/',
    connect: { kind: 'ok' },
    chain: [],
    api: { kind: 'answered', status: 200, bytes: 10, truncated: false, json: { software: 'Planetmint', version: '2.5.1', api: { v1: { transactions: 't', streams: 'wss://ID.example.test/api/v1/streams/valid_transactions' } } } },
    elapsedMs: 1,
    ...over,
  };
}

/** Runs all tls/api rules on one member per entry; returns "member rule:messageId" lines. */
function judge(entries: Array<{ id: string; addresses: AddressTlsFacts[]; pins?: string[] }>, network = testNetwork(), at = NOW): Array<{ key: string; message: string; severity: string }> {
  const members = entries.map((e) => testMember(e.id, `${e.id}.example.test`, 443, e.addresses.map((a) => a.address), { certificatePins: e.pins ?? [] }));
  const facts = new Map<string, TlsFacts>(
    entries.map((e) => [
      e.id,
      {
        checkedAt: at.toISOString(),
        addresses: e.addresses.map((a) => fixStreams(a, `${e.id}.example.test`, at)),
      },
    ]),
  );
  return runRules(network, members, facts).map((f) => ({ key: `${f.member} ${f.rule}:${f.messageId}`, message: f.message, severity: f.severity }));
}

/** Adds the API answer for `domain` and, for a served leaf, pmnet's chain verdict as the probe would. */
function fixStreams(a: AddressTlsFacts, domain: string, at: Date): AddressTlsFacts {
  const s = JSON.stringify(a.api).replaceAll('ID.example.test', domain);
  const out: AddressTlsFacts = { ...a, api: JSON.parse(s) };
  if (a.leaf && !a.verdict) {
    const chain = a.chain.length ? a.chain.map((c) => Buffer.from(c.der, 'base64')) : [testPki().intermediate.der];
    out.verdict = verifyChain({ sent: [Buffer.from(a.leaf.der, 'base64'), ...chain], anchors: buildAnchors([], [testPki().root.pem]), name: domain, at });
  }
  return out;
}

const keys = (r: Array<{ key: string }>) => r.map((x) => x.key).sort();

test('metadata: ids unique, sorted, areas tls/ and api/, citations and messages present', () => {
  const ids = tlsRules.map((r) => r.meta.id);
  assert.equal(ids, [...ids].sort());
  assert.is(new Set(ids).size, ids.length);
  for (const r of tlsRules) {
    assert.match(r.meta.id, /^(tls|api)\/[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.is(r.needs, 'tls');
    assert.ok(r.meta.citation && r.meta.citation.length > 5, r.meta.id);
    assert.ok(r.meta.description.length > 10, r.meta.id);
    assert.ok(Object.keys(r.meta.messages).length > 0, r.meta.id);
  }
  assert.is(ids.length, 18);
});

test('healthy facts: no findings; no facts: rules stay quiet', () => {
  assert.equal(judge([{ id: 'ok', addresses: [addr({ leaf: good('ok') })] }]), []);
  const m = testMember('none', 'none.example.test', 443, ['192.0.2.9']);
  assert.equal(runRules(testNetwork(), [m], new Map()), []);
});

test('RFC 9525 matching agrees with X509Certificate#checkHost(subject: never, partialWildcards: false)', () => {
  const table: Array<[string, string, boolean]> = [
    ['node.example.test', 'node.example.test', true],
    ['NODE.Example.test', 'node.example.test', true],
    ['*.example.test', 'node.example.test', true],
    ['*.example.test', 'a.node.example.test', false],
    ['*.example.test', 'example.test', false],
    ['n*.example.test', 'node.example.test', false],
    ['*node.example.test', 'node.example.test', false],
    ['a.*.example.test', 'a.b.example.test', false],
    ['other.example.test', 'node.example.test', false],
  ];
  for (const [pattern, name, want] of table) {
    assert.is(dnsIdMatches(pattern, name), want, `${pattern} vs ${name}`);
    const x = new X509Certificate(makeCert({ cn: name, dns: [pattern] }).der);
    const node = x.checkHost(name, { subject: 'never', partialWildcards: false }) !== undefined;
    assert.is(node, want, `node checkHost: ${pattern} vs ${name}`);
  }
  // A CN that matches never counts (no CN-ID fallback).
  assert.is(dnsIdMatches('*', 'x'), false);
});

test('validity maximum by issue date, boundaries inclusive of the last second', () => {
  assert.is(maxValidity(new Date('2026-03-14T23:59:59Z')).days, 398);
  assert.is(maxValidity(new Date('2026-03-15T00:00:00Z')).days, 200);
  assert.is(maxValidity(new Date('2027-03-15T00:00:00Z')).days, 100);
  assert.is(maxValidity(new Date('2029-03-15T00:00:00Z')).days, 47);
  const nb = new Date('2026-06-01T00:00:00Z');
  // lifetime = notAfter + 1 s - notBefore: exactly 200 days passes, one second more fails.
  const exact = good('v', { notBefore: nb, notAfter: new Date(nb.getTime() + 200 * DAY - 1000) });
  const over = good('v', { notBefore: nb, notAfter: new Date(nb.getTime() + 200 * DAY) });
  assert.equal(keys(judge([{ id: 'v', addresses: [addr({ leaf: exact })] }])), []);
  assert.equal(keys(judge([{ id: 'v', addresses: [addr({ leaf: over })] }])), ['v tls/validity-too-long:tooLong']);
});

test('SC-081: every phase (398/200/100/47 days), both sides of each boundary, judged at a pinned time', () => {
  const phases: Array<[string, number, number]> = [
    // [first second of the new phase, days before it, days from it]
    ['2026-03-15T00:00:00Z', 398, 200],
    ['2027-03-15T00:00:00Z', 200, 100],
    ['2029-03-15T00:00:00Z', 100, 47],
  ];
  for (const [from, before, after] of phases) {
    const b = Date.parse(from);
    for (const [issued, max] of [[b - 1000, before], [b, after]] as const) {
      const at = new Date(issued + DAY);
      const cert = (ms: number) => good('v', { notBefore: new Date(issued), notAfter: new Date(issued + ms) });
      const run = (ms: number) => judge([{ id: 'v', addresses: [addr({ leaf: cert(ms) })] }], testNetwork(), at);
      assert.equal(keys(run(max * DAY - 1000)), [], `${new Date(issued).toISOString()} ${max} days`);
      const over = run(max * DAY);
      assert.equal(keys(over), ['v tls/validity-too-long:tooLong'], `${new Date(issued).toISOString()} ${max} days + 1 s`);
      assert.is(over[0]!.message.includes(`at most ${max} days`), true);
    }
  }
});

test('expiry window boundaries', () => {
  const at = (ms: number) => good('w', { notBefore: new Date(NOW.getTime() - 30 * DAY), notAfter: new Date(NOW.getTime() + ms) });
  assert.equal(keys(judge([{ id: 'w', addresses: [addr({ leaf: at(21 * DAY + 1000) })] }])), []);
  assert.equal(keys(judge([{ id: 'w', addresses: [addr({ leaf: at(21 * DAY - 1000) })] }])), ['w tls/expiring-soon:expiringSoon']);
  assert.equal(keys(judge([{ id: 'w', addresses: [addr({ leaf: at(-1000) })] }])), ['w tls/expired:expired']);
});

test('weak keys: secp256k1 curve is refused, P-521 and Ed25519 are fine', () => {
  assert.equal(keys(judge([{ id: 'k', addresses: [addr({ leaf: good('k', { keySpec: 'secp256k1' }) })] }])), ['k tls/weak-key:weakKey']);
  assert.match(judge([{ id: 'k', addresses: [addr({ leaf: good('k', { keySpec: 'secp256k1' }) })] }])[0]!.message, 'curve secp256k1');
  assert.equal(keys(judge([{ id: 'k', addresses: [addr({ leaf: good('k', { keySpec: 'ed25519' }) })] }])), []);
});

test('a weak intermediate is named in the message', () => {
  const pki = testPki();
  const weakCa = makeCert({ cn: 'Weak CA', keySpec: 'rsa1024', ca: true, issuer: pki.root, hash: 'sha1', notBefore: new Date(NOW.getTime() - 30 * DAY) });
  const l = summarizeCertificate(makeCert({ cn: 'i.example.test', dns: ['i.example.test', 'api.consortium.test', 'i.nodes.consortium.test'], issuer: weakCa, notBefore: new Date(NOW.getTime() - DAY) }).der);
  const r = judge([{ id: 'i', addresses: [addr({ leaf: l, chain: [summarizeCertificate(weakCa.der)] })] }]);
  assert.equal(keys(r), ['i tls/sha1-signature:weakSignature', 'i tls/weak-key:weakKey']);
  assert.match(r.find((x) => x.key.includes('weak-key'))!.message, 'The intermediate "CN=Weak CA" (sent by 192.0.2.1:443) has an RSA key of 1024 bits');
  assert.match(r.find((x) => x.key.includes('sha1'))!.message, 'The intermediate "CN=Weak CA" (sent by 192.0.2.1:443) is signed with ecdsa-with-SHA1, which clients reject');
});

test('certificate profile and extended key usage: a CA certificate as the leaf, a leaf without EKU', () => {
  const ca = good('p', { ca: true, eku: [EKU.serverAuth] });
  const r = judge([{ id: 'p', addresses: [addr({ leaf: ca })] }]);
  assert.equal(keys(r), ['p tls/certificate-profile:profile']);
  assert.is(
    r[0]!.message,
    'The certificate served at 192.0.2.1:443 is a CA certificate (basicConstraints cA=TRUE) served as a TLS server certificate (basicConstraints: CA/B Forum BR §7.1.2.7.8). Fix: serve a subscriber (end-entity) certificate, not a CA certificate.',
  );
  const noEku = judge([{ id: 'e', addresses: [addr({ leaf: good('e', { eku: null }) })] }]);
  assert.equal(keys(noEku), ['e tls/no-server-auth:noServerAuth']);
  assert.match(noEku[0]!.message, 'has no extended key usage extension; subscriber certificates must list serverAuth');
});

test('connect outcomes each get their message', () => {
  const r = judge([
    {
      id: 'c',
      addresses: [
        addr({ connect: { kind: 'refused', message: 'connect ECONNREFUSED' } }, 0),
        addr({ connect: { kind: 'reset', message: 'read ECONNRESET' } }, 1),
        addr({ connect: { kind: 'timeout', stage: 'tcp', message: 'no TCP connection within 100 ms' } }, 2),
        addr({ connect: { kind: 'timeout', stage: 'tls', message: 'no TLS handshake within 100 ms' } }, 3),
        addr({ connect: { kind: 'tls-error', message: 'wrong version number' } }, 4),
        addr({ connect: { kind: 'unreachable', code: 'ENETUNREACH', message: 'connect ENETUNREACH' } }, 5),
        addr({ parseError: 'malformed certificate' }, 6),
      ],
    },
  ]);
  assert.equal(keys(r), [
    'c tls/connect-failed:refused',
    'c tls/connect-failed:reset',
    'c tls/connect-failed:timeoutTcp',
    'c tls/connect-failed:timeoutTls',
    'c tls/connect-failed:tlsError',
    'c tls/connect-failed:unparsable',
    'c tls/connect-failed:unreachable',
  ]);
  assert.match(r[0]!.message, '192.0.2.1:443');
});

test('IPv6 addresses: bracketed in messages, positioned in node.ipv6', () => {
  const v6 = addr({ address: '2001:db8::1', list: 'ipv6', index: 0, connect: { kind: 'refused', message: 'connect ECONNREFUSED' } });
  const m = testMember('six', 'six.example.test', 443, []);
  m.node.ipv6 = ['2001:db8::1'];
  const got = runRules(testNetwork(), [m], new Map([['six', { checkedAt: NOW.toISOString(), addresses: [v6] }]]));
  assert.equal(got.map((g) => [g.rule, g.path]), [['tls/connect-failed', ['node', 'ipv6', 0]]]);
  assert.match(got[0]!.message, '[2001:db8::1]:443');
});

test('untrusted chain: an expired intermediate is reported even though the leaf is valid', () => {
  const pki = testPki();
  const oldCa = makeCert({ cn: 'Old CA', ca: true, issuer: pki.root, notBefore: new Date(NOW.getTime() - 400 * DAY), notAfter: new Date(NOW.getTime() - DAY) });
  const l = summarizeCertificate(makeCert({ cn: 'u.example.test', dns: ['u.example.test', 'api.consortium.test', 'u.nodes.consortium.test'], issuer: oldCa, notBefore: new Date(NOW.getTime() - 2 * DAY) }).der);
  const r = judge([{ id: 'u', addresses: [addr({ leaf: l, chain: [summarizeCertificate(oldCa.der)] })] }]);
  assert.equal(keys(r), ['u tls/untrusted-chain:untrusted']);
  assert.match(r[0]!.message, 'the intermediate "CN=Old CA" expired at');
  assert.not.match(r[0]!.message, 'OpenSSL');
});

test('three members on one certificate: each names the other two', () => {
  const ids = ['s1', 's2', 's3'];
  const l = leaf({ cn: 's1.example.test', dns: [...ids.flatMap((id) => [`${id}.example.test`, `${id}.nodes.consortium.test`]), 'api.consortium.test'], notBefore: new Date(NOW.getTime() - DAY) });
  const r = judge(ids.map((id) => ({ id, addresses: [addr({ leaf: l })] })));
  assert.equal(keys(r), ['s1 tls/shared-certificate:sameCertificate', 's2 tls/shared-certificate:sameCertificate', 's3 tls/shared-certificate:sameCertificate']);
  assert.match(r.find((x) => x.key.startsWith('s1'))!.message, 'member "s2" (s2.example.test), member "s3" (s3.example.test)');
});

test('API failures without an answer, JSON that is not an object, 404 JSON', () => {
  const la = good('a');
  const r = judge([
    {
      id: 'a',
      addresses: [
        addr({ leaf: la, api: { kind: 'failed', message: 'GET / did not finish within 100 ms' } }, 0),
        addr({ leaf: la, api: { kind: 'answered', status: 200, bytes: 2, truncated: false, json: [] } }, 1),
        addr({ leaf: la, api: { kind: 'answered', status: 404, bytes: 20, truncated: false, json: { error: 'not found' } } }, 2),
        addr({ leaf: la, api: { kind: 'answered', status: 503, bytes: 20, truncated: false, json: { software: 'Planetmint' } } }, 3),
      ],
    },
  ]);
  assert.equal(keys(r), [
    'a api/http-error:noAnswer',
    'a api/http-error:serverError',
    'a api/not-planetmint:wrongSoftware',
    'a api/not-planetmint:wrongSoftware',
  ]);
  assert.ok(r.some((x) => x.message.includes('HTTP 404')));
});

test('streams URL must be wss on the node domain', () => {
  const withStreams = (url: string) =>
    addr({ leaf: good('s'), api: { kind: 'answered', status: 200, bytes: 1, truncated: false, json: { software: 'Planetmint', version: '1', api: { v1: { transactions: 't', streams: url } } } } });
  const ok = ['wss://s.example.test/api/v1/streams/valid_transactions', 'wss://S.example.test.:443/x'];
  const bad = ['ws://s.example.test/api/v1/streams/valid_transactions', 'wss://other.test/x', 'wss://localhost:9985/x', 'not a url'];
  for (const u of ok) assert.equal(keys(judge([{ id: 's', addresses: [withStreams(u)] }])), [], u);
  for (const u of bad) assert.equal(keys(judge([{ id: 's', addresses: [withStreams(u)] }])), ['s api/bad-streams-url:badStreams'], u);
});


test('thirty members on one certificate and two on another with the same key: each message names ten, then counts the rest', () => {
  const key = makeKey('p256');
  const ids = Array.from({ length: 32 }, (_, i) => `s${String(i).padStart(2, '0')}`);
  const shared = leaf({ cn: 's00.example.test', dns: ['s00.example.test', 'api.consortium.test'], key, notBefore: new Date(NOW.getTime() - DAY) });
  const other = leaf({ cn: 's30.example.test', dns: ['s30.example.test', 'api.consortium.test'], key, notBefore: new Date(NOW.getTime() - DAY) });
  const r = judge(ids.map((id, i) => ({ id, addresses: [addr({ leaf: i < 30 ? shared : other })] })));
  const of = (id: string, kind: string) => r.filter((x) => x.key === `${id} tls/shared-certificate:${kind}`).map((x) => x.message);
  const [s05] = of('s05', 'sameCertificate');
  // s05 names the first ten others (itself skipped) and counts the 19 left of 29.
  assert.match(s05!, 'member "s00" (s00.example.test), member "s01" (s01.example.test), member "s02"');
  assert.match(s05!, 'member "s10" (s10.example.test), 19 more (SHA-256');
  assert.not.match(s05!, 'member "s05"');
  assert.match(of('s05', 'sameKey')[0]!, 'the certificate of member "s30" (s30.example.test), member "s31" (s31.example.test) (SPKI');
  assert.match(of('s30', 'sameCertificate')[0]!, 'same certificate as member "s31" (s31.example.test) (SHA-256');
  assert.match(of('s30', 'sameKey')[0]!, 'member "s09" (s09.example.test), 20 more (SPKI');
  assert.equal(r.filter((x) => x.key.includes('sameCertificate')).length, 32);
  assert.equal(r.filter((x) => x.key.includes('sameKey')).length, 32);
});

test.run();
