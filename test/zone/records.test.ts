import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertInvariants, buildRecords, memberName, ZoneInternalError, type RRset } from '../../scripts/zone/records.js';
import { exampleMembers, exampleNetwork, member } from './fixtures.js';
import { ZoneValueError } from '../../scripts/zone/canonical.js';

const find = (sets: RRset[], name: string, type: string) => sets.find((s) => s.name === name && s.type === type);

test('example network: SOA, NS, glue, member CNAMEs, shared A/AAAA', () => {
  const sets = buildRecords(exampleNetwork(), exampleMembers(), 7);
  assert.equal(sets[0], { name: 'bdbnetwork.io.', type: 'SOA', ttl: 3600, values: ['ns1.bdbnetwork.io. hostmaster.bdbnetwork.io. 7 7200 3600 1209600 300'] });
  assert.equal(find(sets, 'bdbnetwork.io.', 'NS')!.values, ['ns.dns-host.example.', 'ns1.bdbnetwork.io.']);
  assert.equal(find(sets, 'ns1.bdbnetwork.io.', 'A')!.values, ['192.0.2.53']);
  assert.equal(find(sets, 'ns1.bdbnetwork.io.', 'AAAA')!.values, ['2001:db8::53']);
  assert.not.ok(sets.some((s) => s.name === 'ns.dns-host.example.'), 'no glue for an out-of-zone name server');
  assert.equal(find(sets, 'dynabob8.nodes.bdbnetwork.io.', 'CNAME'), { name: 'dynabob8.nodes.bdbnetwork.io.', type: 'CNAME', ttl: 300, values: ['api.dynabob8.io.'] });
  assert.equal(find(sets, 'api.bdbnetwork.io.', 'A'), { name: 'api.bdbnetwork.io.', type: 'A', ttl: 60, values: ['192.0.2.10', '198.51.100.20', '203.0.113.30', '203.0.113.31'] });
  assert.equal(find(sets, 'api.bdbnetwork.io.', 'AAAA')!.values, ['2001:db8:10::1', '2001:db8:20::1']);
  assert.not.ok(sets.some((s) => s.name === 'api.bdbnetwork.io.' && s.type === 'CNAME'));
  assert.is(sets.length, 9);
});

test('suspended members are left out; shared addresses deduplicated and sorted numerically', () => {
  const ms = [
    member('b', 'b.example', ['198.51.100.9', '192.0.2.10']),
    member('a', 'a.example', ['192.0.2.10', '192.0.2.9']),
    member('s', 's.example', ['203.0.113.1'], ['2001:db8::1'], 'suspended'),
  ];
  const sets = buildRecords(exampleNetwork(), ms);
  assert.equal(find(sets, 'api.bdbnetwork.io.', 'A')!.values, ['192.0.2.9', '192.0.2.10', '198.51.100.9']);
  assert.not.ok(find(sets, 'api.bdbnetwork.io.', 'AAAA'), 'no AAAA: the only IPv6 member is suspended');
  assert.not.ok(find(sets, 's.nodes.bdbnetwork.io.', 'CNAME'));
});

test('IPv6-only members: AAAA RRset only', () => {
  const sets = buildRecords(exampleNetwork(), [member('v6', 'v6.example', [], ['2001:db8:0:0:0:0:0:2', '2001:db8::1'])]);
  assert.not.ok(find(sets, 'api.bdbnetwork.io.', 'A'));
  assert.equal(find(sets, 'api.bdbnetwork.io.', 'AAAA')!.values, ['2001:db8::1', '2001:db8::2']);
});

test('all members suspended: SOA, NS and glue only', () => {
  const sets = buildRecords(exampleNetwork(), exampleMembers().map((m) => ({ ...m, status: 'suspended' as const })));
  assert.equal(sets.map((s) => `${s.name} ${s.type}`), ['bdbnetwork.io. SOA', 'bdbnetwork.io. NS', 'ns1.bdbnetwork.io. A', 'ns1.bdbnetwork.io. AAAA']);
});

test("memberLabel '' puts CNAMEs directly under the domain; IDN domains stay in xn-- form", () => {
  const net = { ...exampleNetwork(), memberLabel: '' };
  assert.is(memberName(net, 'abc'), 'abc.bdbnetwork.io.');
  const sets = buildRecords(net, [member('muenchen', 'xn--mnchen-3ya.example', ['192.0.2.1'])]);
  assert.equal(find(sets, 'muenchen.bdbnetwork.io.', 'CNAME')!.values, ['xn--mnchen-3ya.example.']);
});

test('invariants: two CNAMEs, CNAME beside data, CNAME at apex are internal errors', () => {
  const apex = 'z.example.';
  const c = (name: string, v = 't.example.'): RRset => ({ name, type: 'CNAME', ttl: 1, values: [v] });
  assert.throws(() => assertInvariants([c('a.z.example.'), c('a.z.example.', 'u.example.')], apex), (e: unknown) => e instanceof ZoneInternalError && /more than one CNAME/.test((e as Error).message));
  assert.throws(() => assertInvariants([{ name: 'a.z.example.', type: 'CNAME', ttl: 1, values: ['t.example.', 'u.example.'] }], apex), /more than one CNAME/);
  assert.throws(() => assertInvariants([c('a.z.example.'), { name: 'a.z.example.', type: 'A', ttl: 1, values: ['192.0.2.1'] }], apex), /CNAME beside other data/);
  assert.throws(() => assertInvariants([c('z.example.')], apex), /CNAME at the zone apex/);
  assert.throws(() => assertInvariants([c('a.other.example.')], apex), /outside the zone/);
  assert.not.throws(() => assertInvariants([c('a.z.example.'), c('b.z.example.')], apex));
});

test('buildRecords refuses a model whose member CNAME collides with the shared name (validator bug)', () => {
  // A member id "api" with memberLabel '' would put a CNAME at the shared name.
  const net = { ...exampleNetwork(), memberLabel: '' };
  assert.throws(() => buildRecords(net, [member('api', 'api.example', ['192.0.2.1'])]), (e: unknown) => e instanceof ZoneInternalError && /CNAME beside other data at api\.bdbnetwork\.io\./.test((e as Error).message));
});

test('an in-zone name server without glue is refused (BIND would not load the zone)', () => {
  const net = exampleNetwork({ nameservers: [{ name: 'ns9.bdbnetwork.io', ipv4: [], ipv6: [] }] });
  assert.throws(() => buildRecords(net, exampleMembers()), (e: unknown) => e instanceof ZoneValueError && /ns9\.bdbnetwork\.io\. is inside the zone but has no addresses/.test((e as Error).message));
});

test.run();
