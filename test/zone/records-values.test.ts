// buildRecords() and its helpers value by value: the exact RRsets for name servers at, inside and
// outside the apex, members taken out of the rotation, the RRset merge and its TTL check, the
// DNSSEC canonical order, and the exact message of every internal error. Expected values are
// written out here, never derived from the code.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ZoneValueError } from '../../scripts/zone/canonical.js';
import { assertInvariants, buildRecords, cmp, countRecords, fqdn, inZone, sortRRsets, sortValues, ZoneInternalError, type RRset } from '../../scripts/zone/records.js';
import { exampleNetwork, member } from './fixtures.js';

/** The message of the error `fn` throws, checking its class (fails on any other outcome). */
function thrown(fn: () => unknown, cls: typeof ZoneInternalError | typeof ZoneValueError): string {
  try {
    fn();
  } catch (e) {
    assert.instance(e, cls);
    return (e as Error).message;
  }
  assert.unreachable(`expected a ${cls.name}`);
  return '';
}

const rr = (name: string, type: RRset['type'], values: string[], ttl = 60): RRset => ({ name, type, ttl, values });
const brief = (sets: RRset[]) => sets.map((s) => `${s.name} ${s.ttl} ${s.type} ${s.values.join(' ')}`);

const SOA = 'bdbnetwork.io. 3600 SOA ns1.bdbnetwork.io. hostmaster.bdbnetwork.io. 0 7200 3600 1209600 300';

test('fqdn: lower case, one trailing dot', () => {
  assert.is(fqdn('Api.BDBnetwork.IO'), 'api.bdbnetwork.io.');
  assert.is(fqdn('api.bdbnetwork.io.'), 'api.bdbnetwork.io.');
  assert.is(fqdn('X.Example.'), 'x.example.');
});

test('inZone: the apex and names below it, not a name that only ends in the same letters', () => {
  assert.ok(inZone('z.example.', 'z.example.'));
  assert.ok(inZone('a.b.z.example.', 'z.example.'));
  assert.not.ok(inZone('xz.example.', 'z.example.'));
  assert.not.ok(inZone('example.', 'z.example.'));
});

test('name servers: glue for an in-zone one (one family or both), none at the apex or outside', () => {
  const net = exampleNetwork({
    nameservers: [
      { name: 'NS4.bdbnetwork.io', ipv4: ['192.0.2.4'], ipv6: [] },
      { name: 'ns6.bdbnetwork.io.', ipv4: [], ipv6: ['2001:DB8::6'] },
      { name: 'bdbnetwork.io', ipv4: ['192.0.2.1'], ipv6: ['2001:db8::1'] },
      { name: 'ns.dns-host.example', ipv4: ['198.51.100.53'], ipv6: [] },
    ],
  });
  assert.equal(brief(buildRecords(net, [])), [
    SOA,
    'bdbnetwork.io. 3600 NS bdbnetwork.io. ns.dns-host.example. ns4.bdbnetwork.io. ns6.bdbnetwork.io.',
    'ns4.bdbnetwork.io. 3600 A 192.0.2.4',
    'ns6.bdbnetwork.io. 3600 AAAA 2001:db8::6',
  ]);
});

test('name servers: the same server twice gives one NS value and its glue merged', () => {
  const net = exampleNetwork({
    nameservers: [
      { name: 'ns1.bdbnetwork.io', ipv4: ['192.0.2.54'], ipv6: [] },
      { name: 'NS1.bdbnetwork.io.', ipv4: ['192.0.2.53', '192.0.2.54'], ipv6: [] },
    ],
  });
  assert.equal(brief(buildRecords(net, [])), [SOA, 'bdbnetwork.io. 3600 NS ns1.bdbnetwork.io.', 'ns1.bdbnetwork.io. 3600 A 192.0.2.53 192.0.2.54']);
});

test('one RRset with two TTLs is an internal error naming both', () => {
  // A name server at the shared name: its glue has the zone TTL, the shared A RRset sharedTtl.
  const net = exampleNetwork({ nameservers: [{ name: 'api.bdbnetwork.io', ipv4: ['192.0.2.53'], ipv6: [] }] });
  const e = thrown(() => buildRecords(net, [member('m', 'm.example', ['198.51.100.1'])]), ZoneInternalError);
  assert.is(e, 'internal error: two TTLs (3600, 60) for the A RRset at api.bdbnetwork.io.');
  // With equal TTLs the two are one RRset.
  const same = exampleNetwork({ sharedTtl: 3600, nameservers: [{ name: 'api.bdbnetwork.io', ipv4: ['192.0.2.53'], ipv6: [] }] });
  assert.equal(brief(buildRecords(same, [member('m', 'm.example', ['198.51.100.1'])])).slice(2), [
    'api.bdbnetwork.io. 3600 A 192.0.2.53 198.51.100.1',
    'm.nodes.bdbnetwork.io. 300 CNAME m.example.',
  ]);
});

test('members out of the rotation keep their CNAME but leave the shared name', () => {
  const net = exampleNetwork({ nameservers: [{ name: 'ns.dns-host.example', ipv4: [], ipv6: [] }] });
  const ms = [member('a', 'a.example', ['198.51.100.1'], ['2001:db8::a']), member('b', 'B.Example', ['198.51.100.2'], ['2001:db8::b']), member('c', 'c.example', ['198.51.100.3'])];
  assert.equal(brief(buildRecords(net, ms, 5, 5, new Set(['b']))), [
    'bdbnetwork.io. 3600 SOA ns1.bdbnetwork.io. hostmaster.bdbnetwork.io. 5 7200 3600 1209600 300',
    'bdbnetwork.io. 3600 NS ns.dns-host.example.',
    'api.bdbnetwork.io. 60 A 198.51.100.1 198.51.100.3',
    'api.bdbnetwork.io. 60 AAAA 2001:db8::a',
    'a.nodes.bdbnetwork.io. 300 CNAME a.example.',
    'b.nodes.bdbnetwork.io. 300 CNAME b.example.',
    'c.nodes.bdbnetwork.io. 300 CNAME c.example.',
  ]);
  assert.equal(brief(buildRecords(net, ms, 5, 5, new Set(['a', 'b', 'c']))).slice(2), ['a.nodes.bdbnetwork.io. 300 CNAME a.example.', 'b.nodes.bdbnetwork.io. 300 CNAME b.example.', 'c.nodes.bdbnetwork.io. 300 CNAME c.example.']);
});

test('assertInvariants: the exact messages', () => {
  const apex = 'z.example.';
  const cname = rr('a.z.example.', 'CNAME', ['t.example.']);
  assert.is(thrown(() => assertInvariants([cname, rr('a.z.example.', 'A', ['192.0.2.1']), rr('a.z.example.', 'AAAA', ['2001:db8::1'])], apex), ZoneInternalError), 'internal error: CNAME beside other data at a.z.example. (CNAME, A, AAAA)');
  assert.is(thrown(() => assertInvariants([rr('b.z.example.', 'A', ['192.0.2.1']), rr('b.z.example.', 'A', ['192.0.2.2'])], apex), ZoneInternalError), 'internal error: two A RRsets at b.z.example.');
  assert.is(thrown(() => assertInvariants([rr('z.example.', 'CNAME', ['t.example.'])], apex), ZoneInternalError), 'internal error: CNAME at the zone apex z.example.');
  assert.is(thrown(() => assertInvariants([rr('z.example.', 'NS', ['n.example.']), rr('x.example.', 'A', ['192.0.2.1'])], apex), ZoneInternalError), 'internal error: x.example. is outside the zone z.example.');
  assert.not.throws(() => assertInvariants([rr('b.z.example.', 'A', ['192.0.2.1']), rr('b.z.example.', 'AAAA', ['2001:db8::1']), rr('z.example.', 'NS', ['n.example.'])], apex));
  const e = new ZoneInternalError('x');
  assert.is(e.name, 'ZoneInternalError');
  assert.is(e.message, 'internal error: x');
});

test('sortRRsets: SOA first, then names in DNSSEC canonical order (labels from the right), then type', () => {
  const sorted = [
    rr('z.example.', 'SOA', ['n.z.example. h.z.example. 1 2 3 4 5']),
    rr('z.example.', 'NS', ['n.z.example.']),
    rr('a.z.example.', 'A', ['192.0.2.1']),
    rr('a.z.example.', 'AAAA', ['2001:db8::1']),
    rr('x.a.z.example.', 'CNAME', ['t.example.']),
    rr('a-b.z.example.', 'CNAME', ['t.example.']),
    rr('b.a-b.z.example.', 'A', ['192.0.2.2']),
    rr('ab.z.example.', 'A', ['192.0.2.4']),
    rr('ba.z.example.', 'A', ['192.0.2.5']),
    rr('a.c.z.example.', 'A', ['192.0.2.3']),
  ];
  const shuffled = [sorted[6]!, sorted[9]!, sorted[3]!, sorted[8]!, sorted[5]!, sorted[1]!, sorted[7]!, sorted[2]!, sorted[0]!, sorted[4]!];
  assert.equal(brief(sortRRsets(shuffled)), brief(sorted));
  assert.equal(brief(sortRRsets([...sorted].reverse())), brief(sorted));
  // Across top-level domains too: "io" before "io-x", and the SOA first even where its name is not.
  const tlds = [rr('b.io-x.', 'A', ['192.0.2.1']), rr('b.io.', 'A', ['192.0.2.2']), rr('z.io.', 'SOA', ['n.z.io. h.z.io. 1 2 3 4 5']), rr('a.io.', 'NS', ['n.example.'])];
  assert.equal(sortRRsets(tlds).map((s) => s.name), ['z.io.', 'a.io.', 'b.io.', 'b.io-x.']);
});

test('sortValues: names sorted and deduplicated; addresses by their bytes, one per address however spelled', () => {
  assert.equal(sortValues('NS', ['b.example.', 'a.example.', 'b.example.', 'a-b.example.']), ['a-b.example.', 'a.example.', 'b.example.']);
  assert.equal(sortValues('A', ['192.0.2.10', '192.0.2.9', '10.0.0.1', '192.0.2.9']), ['10.0.0.1', '192.0.2.9', '192.0.2.10']);
  assert.equal(sortValues('AAAA', ['2001:DB8::1', '2001:db8:0:0:0:0:0:1', '2001:db8::', 'fe80::1', '2001:db8::1:0']), ['2001:db8::', '2001:db8::1', '2001:db8::1:0', 'fe80::1']);
});

test('sortValues strict: a non-canonical address is refused, with the canonical text', () => {
  assert.is(thrown(() => sortValues('AAAA', ['2001:DB8::1'], true), ZoneValueError), 'refusing to write "2001:DB8::1": not canonical (expected 2001:db8::1)');
  assert.equal(sortValues('AAAA', ['2001:db8::2', '2001:db8::1'], true), ['2001:db8::1', '2001:db8::2']);
  assert.equal(sortValues('A', ['192.0.2.1', '192.0.2.1'], true), ['192.0.2.1']);
});

test('cmp and countRecords', () => {
  assert.is(cmp('a', 'b'), -1);
  assert.is(cmp('b', 'a'), 1);
  assert.is(cmp('a', 'a'), 0);
  assert.is(countRecords([]), 0);
  assert.is(countRecords([rr('a.z.', 'A', ['192.0.2.1', '192.0.2.2']), rr('b.z.', 'CNAME', ['t.example.']), rr('c.z.', 'AAAA', ['2001:db8::1', '2001:db8::2', '2001:db8::3'])]), 6);
});

test.run();
