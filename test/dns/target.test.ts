// The DNS answer interpretation that needs no server: whether a member's CNAME target dangles
// (targetFacts), the proof name and value, and the resolver list. The queries themselves are
// tested against real BIND and Unbound in bind.test.ts and recursive.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DnsAnswer, DnsStatus } from '../../scripts/live/dns/client.js';
import { DEFAULT_PROOF_LABEL, parseResolvers, proofName, proofValue, ResolverConfigError, targetFacts } from '../../scripts/live/dns/gather.js';
import { network } from './fixtures.js';

const ans = (resolver: string, type: 'A' | 'AAAA', status: DnsStatus, chain: string[] = []): DnsAnswer => ({
  resolver,
  name: 'node.example',
  type,
  status,
  values: status === 'NOERROR' ? [type === 'A' ? '192.0.2.1' : '2001:db8::1'] : [],
  chain,
  tcp: false,
  ms: 1,
});
const r = (resolver: string, a: DnsStatus, aaaa: DnsStatus, chains: [string[], string[]] = [[], []]) => ({
  resolver,
  a: ans(resolver, 'A', a, chains[0]),
  aaaa: ans(resolver, 'AAAA', aaaa, chains[1]),
  proof: ans(resolver, 'A', 'NODATA'),
});
const NX = 'NXDOMAIN (the name does not exist)';

test('targetFacts: NXDOMAIN and no address anywhere is dangling, with each resolver\'s reason', () => {
  assert.equal(targetFacts('node.example', [r('r1', 'NXDOMAIN', 'NXDOMAIN')]), { name: 'node.example', dangling: 'yes', reasons: [{ resolver: 'r1', reason: NX }] });
  assert.equal(targetFacts('node.example', [r('r1', 'NXDOMAIN', 'SERVFAIL'), r('r2', 'TIMEOUT', 'NXDOMAIN')]), {
    name: 'node.example',
    dangling: 'yes',
    reasons: [
      { resolver: 'r1', reason: NX },
      { resolver: 'r2', reason: NX },
    ],
  });
  assert.equal(targetFacts('t', [r('r1', 'SERVFAIL', 'TIMEOUT'), r('r2', 'NXDOMAIN', 'NXDOMAIN')]).reasons, [{ resolver: 'r2', reason: NX }], 'a failing resolver gives no reason');
});

test('targetFacts: the reason names where a CNAME chain ended', () => {
  assert.equal(targetFacts('t', [r('r1', 'NXDOMAIN', 'NXDOMAIN', [['x.example', 'y.example'], ['z.example']])]).reasons, [{ resolver: 'r1', reason: `${NX} at y.example via CNAME` }], 'the A answer first');
  assert.equal(targetFacts('t', [r('r1', 'SERVFAIL', 'NXDOMAIN', [['x.example'], ['z.example']])]).reasons, [{ resolver: 'r1', reason: `${NX} at z.example via CNAME` }], 'else the AAAA answer');
  assert.equal(targetFacts('t', [r('r1', 'NXDOMAIN', 'SERVFAIL', [['x.example'], ['z.example']])]).reasons, [{ resolver: 'r1', reason: `${NX} at x.example via CNAME` }]);
});

test('targetFacts: any address or NODATA from any resolver means the name exists', () => {
  for (const [a, aaaa] of [
    ['NOERROR', 'NXDOMAIN'],
    ['NXDOMAIN', 'NOERROR'],
    ['NODATA', 'NXDOMAIN'],
    ['NXDOMAIN', 'NODATA'],
  ] as Array<[DnsStatus, DnsStatus]>) {
    assert.equal(targetFacts('t', [r('r1', 'NXDOMAIN', 'NXDOMAIN'), r('r2', a, aaaa)]), { name: 't', dangling: 'no', reasons: [] }, `${a}/${aaaa}`);
    assert.equal(targetFacts('t', [r('r2', a, aaaa), r('r1', 'NXDOMAIN', 'NXDOMAIN')]).dangling, 'no', `${a}/${aaaa} first`);
  }
});

test('targetFacts: only failures, or nobody asked, is unknown, never dangling', () => {
  assert.equal(targetFacts('t', []), { name: 't', dangling: 'unknown', reasons: [] });
  for (const s of ['SERVFAIL', 'TIMEOUT', 'NETWORK', 'DNSSEC', 'REFUSED', 'RCODE', 'MALFORMED', 'CNAME_LOOP', 'CNAME_DEPTH', 'BAD_NAME', 'NOT_RECURSIVE'] as DnsStatus[])
    assert.equal(targetFacts('t', [r('r1', s, s)]), { name: 't', dangling: 'unknown', reasons: [] }, s);
});

test('proof name and value', () => {
  assert.is(DEFAULT_PROOF_LABEL, '_planetmint');
  assert.is(proofValue('abc-org73'), 'pmnet-member=abc-org73');
  assert.is(proofName(network(), 'node.example'), '_planetmint.node.example');
  assert.is(proofName(network({ proofLabel: '_proof' }), 'node.example'), '_proof.node.example');
  assert.is(proofName(network({ proofLabel: '' }), 'node.example'), '_planetmint.node.example');
});

test('parseResolvers: canonical labels, duplicates dropped, a usage error for a bad list', () => {
  assert.equal(
    parseResolvers(['127.0.0.1', '127.0.0.1:53', '[::1]:5353', '127.0.0.2:5300']).map((x) => x.label),
    ['127.0.0.1:53', '[::1]:5353', '127.0.0.2:5300'],
  );
  const thrown = (list: string[]) => {
    try {
      parseResolvers(list);
    } catch (e) {
      assert.instance(e, ResolverConfigError);
      assert.is((e as Error).name, 'ResolverConfigError');
      return (e as Error).message;
    }
    return 'no error';
  };
  assert.is(thrown([]), 'no DNS resolvers configured (network.yaml live.resolvers or --resolver)');
  assert.is(thrown(['127.0.0.1', 'resolver.example']), 'bad resolver "resolver.example" is not an IP address (an IPv4 address has exactly four dot-separated decimal numbers); give servers by address');
});

test.run();
