// generateZone() without BIND: the exact text of a new zone, the same bytes back for an unchanged
// model, the next serial (a new day, the same day) for a changed one, the shared name's rotation
// at the old and the new serial, the render options and the members out of rotation passed
// through, and the refusals of a foreign or hand-edited file. Expected texts are written out.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ZoneValueError } from '../../scripts/zone/canonical.js';
import { generateZone, ZoneFileError } from '../../scripts/zone/generate.js';
import type { RRset } from '../../scripts/zone/records.js';
import { HEADER } from '../../scripts/zone/render.js';
import { exampleNetwork, member } from './fixtures.js';

const NOW = new Date('2026-11-24T10:00:00Z');
const NEXT_DAY = new Date('2026-11-25T10:00:00Z');
const LATER = new Date('2026-11-24T23:00:00Z');

// Two shared addresses of three members: which two depends on the serial (zone/shared.ts).
const net = exampleNetwork({ sharedMaxAddresses: 2, nameservers: [{ name: 'ns.dns-host.example', ipv4: [], ipv6: [] }] });
const ms = [member('a', 'a.example', ['192.0.2.1']), member('b', 'b.example', ['192.0.2.2']), member('c', 'c.example', ['192.0.2.3'])];
const moved = [ms[0]!, ms[1]!, member('c', 'c2.example', ['192.0.2.3'])];

const zone = (serial: number, shared: string[], c = 'c.example.') =>
  [
    HEADER,
    '$ORIGIN bdbnetwork.io.',
    '$TTL 3600',
    `bdbnetwork.io.\t3600\tIN\tSOA\tns1.bdbnetwork.io. hostmaster.bdbnetwork.io. ${serial} 7200 3600 1209600 300`,
    'bdbnetwork.io.\t3600\tIN\tNS\tns.dns-host.example.',
    ...shared.map((a) => `api.bdbnetwork.io.\t60\tIN\tA\t${a}`),
    'a.nodes.bdbnetwork.io.\t300\tIN\tCNAME\ta.example.',
    'b.nodes.bdbnetwork.io.\t300\tIN\tCNAME\tb.example.',
    `c.nodes.bdbnetwork.io.\t300\tIN\tCNAME\t${c}`,
    '',
  ].join('\n');

/** RRsets as "name ttl type values" lines, the SOA serial as given. */
const sets = (serial: number, shared: string[], c = 'c.example.') => [
  `bdbnetwork.io. 3600 SOA ns1.bdbnetwork.io. hostmaster.bdbnetwork.io. ${serial} 7200 3600 1209600 300`,
  'bdbnetwork.io. 3600 NS ns.dns-host.example.',
  `api.bdbnetwork.io. 60 A ${shared.join(' ')}`,
  'a.nodes.bdbnetwork.io. 300 CNAME a.example.',
  'b.nodes.bdbnetwork.io. 300 CNAME b.example.',
  `c.nodes.bdbnetwork.io. 300 CNAME ${c}`,
];
const brief = (s: RRset[] | undefined) => s?.map((x) => `${x.name} ${x.ttl} ${x.type} ${x.values.join(' ')}`);

test('no zone file yet: the date serial, the text, the RRsets with serial 0, nothing previous', () => {
  const z = generateZone(net, ms, undefined, NOW);
  // 2026112400 mod 3 = 0: the window of two starts at a.
  assert.is(z.text, zone(2026112400, ['192.0.2.1', '192.0.2.2']));
  assert.is(z.serial, 2026112400);
  assert.is(z.origin, 'bdbnetwork.io.');
  assert.is(z.changed, true);
  assert.equal(brief(z.sets), sets(0, ['192.0.2.1', '192.0.2.2']));
  assert.is(z.previous, undefined);
  assert.is(z.sameRotation, undefined);
});

test('an unchanged model gives back the same bytes and serial, on any later day', () => {
  const first = zone(2026112400, ['192.0.2.1', '192.0.2.2']);
  const z = generateZone(net, ms, first, NEXT_DAY);
  assert.is(z.text, first);
  assert.is(z.serial, 2026112400);
  assert.is(z.changed, false);
  assert.equal(brief(z.sets), sets(0, ['192.0.2.1', '192.0.2.2']));
  assert.equal(brief(z.previous), sets(0, ['192.0.2.1', '192.0.2.2']));
  assert.equal(brief(z.sameRotation), sets(0, ['192.0.2.1', '192.0.2.2']));
});

test('a changed model on a new day: the date serial, its rotation; the guard sees the old rotation', () => {
  const first = zone(2026112400, ['192.0.2.1', '192.0.2.2']);
  const z = generateZone(net, moved, first, NEXT_DAY);
  // 2026112500 mod 3 = 1: the window starts at b.
  assert.is(z.text, zone(2026112500, ['192.0.2.2', '192.0.2.3'], 'c2.example.'));
  assert.is(z.serial, 2026112500);
  assert.is(z.changed, true);
  assert.equal(brief(z.sets), sets(0, ['192.0.2.2', '192.0.2.3'], 'c2.example.'));
  assert.equal(brief(z.previous), sets(0, ['192.0.2.1', '192.0.2.2']));
  assert.equal(brief(z.sameRotation), sets(0, ['192.0.2.1', '192.0.2.2'], 'c2.example.'));
});

test('a changed model on the same day: the old serial + 1', () => {
  const z = generateZone(net, moved, zone(2026112400, ['192.0.2.1', '192.0.2.2']), LATER);
  assert.is(z.serial, 2026112401);
  assert.is(z.text, zone(2026112401, ['192.0.2.2', '192.0.2.3'], 'c2.example.'));
  assert.is(z.changed, true);
});

test('a file in the right shape whose records differ (edited by hand) is rewritten with the next serial', () => {
  const edited = zone(2026112400, ['192.0.2.1', '192.0.2.9']);
  const z = generateZone(net, ms, edited, NEXT_DAY);
  assert.is(z.changed, true);
  assert.is(z.serial, 2026112500);
  assert.is(z.text, zone(2026112500, ['192.0.2.2', '192.0.2.3']));
  assert.equal(brief(z.previous), sets(0, ['192.0.2.1', '192.0.2.9']));
});

test('members out of rotation leave the shared name, in a new and in an existing zone', () => {
  const out = new Set(['a']);
  const z = generateZone(net, ms, undefined, NOW, {}, out);
  assert.is(z.text, zone(2026112400, ['192.0.2.2', '192.0.2.3']));
  const again = generateZone(net, ms, z.text, NEXT_DAY, {}, out);
  assert.is(again.changed, false);
  assert.equal(brief(again.sameRotation), sets(0, ['192.0.2.2', '192.0.2.3']));
});

test('the render options reach render(): a smaller RRset limit refuses, in a new and in an existing zone', () => {
  const wide = exampleNetwork({ nameservers: [{ name: 'ns.dns-host.example', ipv4: [], ipv6: [] }] });
  const limit = { maxRecordsPerRRset: 2 };
  const refusal = /^the A RRset at api\.bdbnetwork\.io\. would hold 3 records, more than 2: /;
  assert.throws(() => generateZone(wide, ms, undefined, NOW, limit), (e: unknown) => e instanceof ZoneValueError && refusal.test((e as Error).message));
  const text = generateZone(wide, ms, undefined, NOW).text;
  assert.throws(() => generateZone(wide, ms, text, NEXT_DAY, limit), (e: unknown) => e instanceof ZoneValueError && refusal.test((e as Error).message));
});

test('a zone file of another origin, or not written by pmnet, is refused with what to do', () => {
  const other = { ...net, domain: 'Other.Example', sharedName: 'api.other.example' };
  const foreign = generateZone(other, [], undefined, NOW).text;
  const refusal = (existing: string) => {
    try {
      generateZone(net, ms, existing, NOW);
    } catch (e) {
      assert.instance(e, ZoneFileError);
      assert.is((e as Error).name, 'ZoneFileError');
      return (e as Error).message;
    }
    assert.unreachable('expected a ZoneFileError');
    return '';
  };
  assert.is(refusal(foreign), 'the existing zone file is for other.example., not bdbnetwork.io.; move it away or pass --out');
  const message = 'the existing zone file was not written by pmnet or was edited by hand, so its SOA serial cannot be read; restore it from git (or delete it to start a new serial)';
  assert.is(refusal('hello\n'), message);
  assert.is(refusal(''), message);
});

test.run();
