import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { needs } from '../harness/needs.js';
import { ZoneValueError } from '../../scripts/zone/canonical.js';
import { generateZone, ZoneFileError } from '../../scripts/zone/generate.js';
import type { RRset } from '../../scripts/zone/records.js';
import { parseRendered, render } from '../../scripts/zone/render.js';
import { exampleMembers, exampleNetwork, member, strictCheck, zoneCases } from './fixtures.js';
import { EXPECTED_RECORDS, ZONE_HEAD } from './expected.js';

const NOW = new Date('2026-11-24T10:00:00Z');
const checkzoneTest = needs(test, 'named-checkzone');

for (const [label, net, ms] of zoneCases()) {
  test(`the exact zone text: ${label}`, () => {
    const z = generateZone(net, ms, undefined, NOW);
    assert.is(z.text, ZONE_HEAD + EXPECTED_RECORDS[label]!);
    assert.is(z.serial, 2026112400);
  });
  checkzoneTest(`named-checkzone strict accepts: ${label}`, () => {
    const z = generateZone(net, ms, undefined, NOW);
    const r = strictCheck('bdbnetwork.io', z.text);
    assert.ok(r.ok, r.output);
    assert.match(r.output, /loaded serial 2026112400/);
  });
}

checkzoneTest("the docs' naive design (several CNAMEs at api.bdbnetwork.io) is rejected by named-checkzone", () => {
  const naive = `$ORIGIN bdbnetwork.io.
$TTL 3600
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300
@ IN NS ns1
ns1 IN A 192.0.2.53
api IN CNAME abc-org73.net.
api IN CNAME api.dynabob8.io.
api IN CNAME figmentdb3.ninja.
`;
  const r = strictCheck('bdbnetwork.io', naive);
  assert.not.ok(r.ok);
  assert.match(r.output, /multiple RRs of singleton type/);
  // Even without the strict flags (as named loads it) the whole zone is refused, not just that name.
  const plain = strictCheck('bdbnetwork.io', naive, false);
  assert.not.ok(plain.ok, plain.output);
  assert.match(plain.output, /multiple RRs of singleton type/);
  assert.match(plain.output, /zone bdbnetwork\.io\/IN: not loaded due to errors/);
  // Our design for the same members (one A/AAAA RRset at the shared name) loads.
  const ours = strictCheck('bdbnetwork.io', generateZone(exampleNetwork(), exampleMembers(), undefined, NOW).text);
  assert.ok(ours.ok, ours.output);
});

test('deterministic: member order does not change the bytes', () => {
  const a = generateZone(exampleNetwork(), exampleMembers(), undefined, NOW).text;
  const b = generateZone(exampleNetwork(), exampleMembers().reverse(), undefined, NOW).text;
  assert.is(a, b);
});

test('unchanged model keeps serial and bytes, even on a later day', () => {
  const first = generateZone(exampleNetwork(), exampleMembers(), undefined, NOW);
  const again = generateZone(exampleNetwork(), exampleMembers(), first.text, new Date('2027-03-01T00:00:00Z'));
  assert.is(again.changed, false);
  assert.is(again.serial, 2026112400);
  assert.is(again.text, first.text);
});

test('a record change bumps the serial: same day +1, next day the new date', () => {
  const first = generateZone(exampleNetwork(), exampleMembers(), undefined, NOW);
  const fewer = exampleMembers().slice(0, 2);
  const sameDay = generateZone(exampleNetwork(), fewer, first.text, NOW);
  assert.is(sameDay.serial, 2026112401);
  assert.ok(sameDay.changed);
  assert.equal(parseRendered(sameDay.text)!.serial, 2026112401);
  const nextDay = generateZone(exampleNetwork(), exampleMembers(), sameDay.text, new Date('2026-11-25T00:00:01Z'));
  assert.is(nextDay.serial, 2026112500);
  // The records the zone held before (read back from its text), serial aside.
  assert.equal(
    nextDay.previous!.map((r) => `${r.name} ${r.type} ${r.values.join(',')}`),
    [
      'bdbnetwork.io. SOA ns1.bdbnetwork.io. hostmaster.bdbnetwork.io. 0 7200 3600 1209600 300',
      'bdbnetwork.io. NS ns.dns-host.example.,ns1.bdbnetwork.io.',
      'api.bdbnetwork.io. A 192.0.2.10,198.51.100.20',
      'api.bdbnetwork.io. AAAA 2001:db8:10::1,2001:db8:20::1',
      'abc-org73.nodes.bdbnetwork.io. CNAME abc-org73.net.',
      'dynabob8.nodes.bdbnetwork.io. CNAME api.dynabob8.io.',
      'ns1.bdbnetwork.io. A 192.0.2.53',
      'ns1.bdbnetwork.io. AAAA 2001:db8::53',
    ],
  );
});

test('serial at 2^32 - 1 rolls over (RFC 1982) and BIND loads it', () => {
  const first = generateZone(exampleNetwork(), exampleMembers(), undefined, NOW);
  const maxed = first.text.replace(' 2026112400 ', ` ${2 ** 32 - 1} `);
  const next = generateZone(exampleNetwork(), exampleMembers().slice(1), maxed, NOW);
  assert.is(next.serial, 2026112400, 'date serial is "greater" than 2^32-1 in serial arithmetic');
});

checkzoneTest('a zone with serial 2^32 - 1 and the one after it both load in named-checkzone', () => {
  const first = generateZone(exampleNetwork(), exampleMembers(), undefined, NOW);
  const maxed = first.text.replace(' 2026112400 ', ` ${2 ** 32 - 1} `);
  const max = strictCheck('bdbnetwork.io', maxed);
  assert.ok(max.ok, max.output);
  assert.match(max.output, /loaded serial 4294967295/);
  const next = strictCheck('bdbnetwork.io', generateZone(exampleNetwork(), exampleMembers().slice(1), maxed, NOW).text);
  assert.ok(next.ok, next.output);
  assert.match(next.output, /loaded serial 2026112400/);
});

test('a hand-edited or foreign zone file is not guessed at', () => {
  const first = generateZone(exampleNetwork(), exampleMembers(), undefined, NOW);
  const edited = first.text + 'evil\t60\tIN\tTXT\t"hi"\n';
  assert.throws(() => generateZone(exampleNetwork(), exampleMembers(), edited, NOW), (e: unknown) => e instanceof ZoneFileError);
  const other = first.text.replace('$ORIGIN bdbnetwork.io.', '$ORIGIN other.example.');
  assert.throws(() => generateZone(exampleNetwork(), exampleMembers(), other, NOW), /for other\.example\., not bdbnetwork\.io\./);
});

const soa: RRset = { name: 'z.example.', type: 'SOA', ttl: 60, values: ['ns.z.example. h.z.example. 1 2 3 4 5'] };
const hostile: Array<[string, RRset]> = [
  ['newline + $INCLUDE in a CNAME target', { name: 'a.z.example.', type: 'CNAME', ttl: 60, values: ['x.example.\n$INCLUDE /etc/passwd'] }],
  ['$INCLUDE as a name', { name: '$INCLUDE.z.example.', type: 'CNAME', ttl: 60, values: ['x.example.'] }],
  ['owner name with a space', { name: 'a b.z.example.', type: 'CNAME', ttl: 60, values: ['x.example.'] }],
  ['semicolon in a target', { name: 'a.z.example.', type: 'CNAME', ttl: 60, values: ['x.example.;'] }],
  ['parenthesis in a target', { name: 'a.z.example.', type: 'CNAME', ttl: 60, values: ['x(.example.'] }],
  ['relative target', { name: 'a.z.example.', type: 'CNAME', ttl: 60, values: ['x.example'] }],
  ['upper case', { name: 'A.z.example.', type: 'CNAME', ttl: 60, values: ['x.example.'] }],
  ['underscore', { name: 'a.z.example.', type: 'CNAME', ttl: 60, values: ['x_y.example.'] }],
  ['64-octet label', { name: 'a.z.example.', type: 'CNAME', ttl: 60, values: [`${'a'.repeat(64)}.example.`] }],
  ['IPv4 with a newline', { name: 'a.z.example.', type: 'A', ttl: 60, values: ['192.0.2.1\nb IN A 192.0.2.2'] }],
  ['IPv4 with leading zeros', { name: 'a.z.example.', type: 'A', ttl: 60, values: ['192.0.2.01'] }],
  ['non-canonical IPv6', { name: 'a.z.example.', type: 'AAAA', ttl: 60, values: ['2001:DB8::1'] }],
  ['IPv6 with a zone id', { name: 'a.z.example.', type: 'AAAA', ttl: 60, values: ['fe80::1%eth0'] }],
  ['IPv4 in an AAAA', { name: 'a.z.example.', type: 'AAAA', ttl: 60, values: ['192.0.2.1'] }],
  ['TTL not an integer', { name: 'a.z.example.', type: 'A', ttl: 1.5, values: ['192.0.2.1'] }],
  ['unknown type', { name: 'a.z.example.', type: 'TXT' as 'A', ttl: 60, values: ['"x"'] }],
];
for (const [label, set] of hostile) {
  test(`render refuses: ${label}`, () => {
    assert.throws(() => render('z.example.', 60, [soa, set]), (e: unknown) => e instanceof ZoneValueError);
  });
}

test('render refuses a hostile SOA and a hostile origin', () => {
  assert.throws(() => render('z.example.', 60, [{ ...soa, values: ['ns.z.example. h.z.example. 1 2 3 4 5\n$INCLUDE /etc/passwd'] }]), (e: unknown) => e instanceof ZoneValueError);
  assert.throws(() => render('z.example.\n$INCLUDE /etc/passwd', 60, [soa]), (e: unknown) => e instanceof ZoneValueError);
  assert.throws(() => render('z.example.', 60, []), /without an SOA/);
});

test('a hostile member value reaching the generator is refused before writing', () => {
  const bad = member('x', 'x.example.\n$INCLUDE /etc/passwd', ['192.0.2.1']);
  assert.throws(() => generateZone(exampleNetwork(), [bad], undefined, NOW), (e: unknown) => e instanceof ZoneValueError && /refusing to write/.test((e as Error).message));
  const badIp = member('y', 'y.example', ['192.0.2.1 ; evil']);
  assert.throws(() => generateZone(exampleNetwork(), [badIp], undefined, NOW), (e: unknown) => e instanceof ZoneValueError);
});

test('no member text other than canonical names and addresses reaches the file', () => {
  const m = member('abc-org73', 'abc-org73.net', ['192.0.2.10']);
  m.organization.name = 'ACME; $INCLUDE /etc/passwd';
  const text = generateZone(exampleNetwork(), [m], undefined, NOW).text;
  assert.not.match(text, /ACME|INCLUDE/);
});

test.run();
