// Past 100 nodes: the shared name is bounded (zone.shared_max_addresses, default: one UDP
// answer), chosen fairly and deterministically, rotating with the serial; every member keeps
// its CNAME. A 10,000-member zone passes named-checkzone, and real named serves it with the
// shared name's answer inside 1,232 bytes of UDP.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { warnLargeRRsets } from '../../scripts/commands/zone.js';
import { exchange } from '../../scripts/live/dns/client.js';
import type { Member } from '../../scripts/model/types.js';
import { generateZone } from '../../scripts/zone/generate.js';
import { buildRecords } from '../../scripts/zone/records.js';
import { chooseShared, udpFit, wireLength } from '../../scripts/zone/shared.js';
import { checkZoneStrict, startBind } from '../harness/bind.js';
import { needs, runTool } from '../harness/needs.js';
import { assertNoHang } from '../harness/no-hang.js';
import { exampleNetwork, member, tempDir } from './fixtures.js';

/** n members with distinct addresses (one IPv4, one IPv6 each), as the validator demands. */
function distinct(n: number): Member[] {
  return Array.from({ length: n }, (_, i) => {
    const id = `m${String(i).padStart(5, '0')}`;
    return member(id, `${id}.example`, [`198.18.${i >> 8}.${i & 0xff}`], [`2001:db8:${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}::1`]);
  });
}

const NOW = new Date('2026-11-24T10:00:00Z');
const sharedOf = (sets: ReturnType<typeof buildRecords>, type: 'A' | 'AAAA') => sets.find((s) => s.name === 'api.bdbnetwork.io.' && s.type === type)?.values ?? [];

test('udpFit: what one 1,232-byte answer holds for this zone (question, NS + glue, OPT with cookie)', () => {
  const net = exampleNetwork();
  assert.is(wireLength('api.bdbnetwork.io'), 19);
  assert.is(wireLength('.'), 1);
  // 1232 - 12 header - 23 question - 55 OPT+cookie - 75 (NS ns1 + glue A, AAAA) - 33 (NS ns.dns-host.example) = 1034: 64 A (16 B), 36 AAAA (28 B).
  assert.is(udpFit(net, 'A'), 64);
  assert.is(udpFit(net, 'AAAA'), 36);
});

test('at or under the limit every address is published; over it, one per member from a window of the limit', () => {
  const few = distinct(10);
  assert.equal(chooseShared(few, 4, 63, 7).addresses.length, 10);
  const many = distinct(200);
  const c = chooseShared(many, 4, 63, 0);
  assert.is(c.addresses.length, 63);
  assert.is(c.candidates, 200);
  assert.equal(c.chosen, many.slice(0, 63).map((m) => m.id), 'serial 0: the first 63 by id');
  // A member with many addresses gets no bigger share when the name is full.
  const greedy = member('a-greedy', 'g.example', Array.from({ length: 50 }, (_, i) => `198.19.0.${i + 1}`));
  const g = chooseShared([greedy, ...many], 4, 63, 0);
  assert.is(g.addresses.filter((a) => a.startsWith('198.19.')).length, 1);
});

test('rotation: deterministic, one member in and one out per serial step, every member its exact share over N serials', () => {
  const ms = distinct(150);
  const limit = 40;
  assert.equal(chooseShared(ms, 4, limit, 12345).chosen, chooseShared([...ms].reverse(), 4, limit, 12345).chosen, 'order of the input does not matter');
  const a = new Set(chooseShared(ms, 4, limit, 1000).chosen);
  const b = new Set(chooseShared(ms, 4, limit, 1001).chosen);
  assert.is([...a].filter((x) => !b.has(x)).length, 1);
  const count = new Map<string, number>();
  for (let serial = 2026112400; serial < 2026112400 + ms.length; serial++) for (const id of chooseShared(ms, 4, limit, serial).chosen) count.set(id, (count.get(id) ?? 0) + 1);
  assert.equal(new Set(count.values()), new Set([limit]), 'each of the 150 members published exactly 40 times in 150 serials');
  assert.is(count.size, 150);
});

test('the zone: shared RRsets bounded, every active member keeps its CNAME, an explicit setting wins', () => {
  const net = exampleNetwork();
  const ms = distinct(500);
  const sets = buildRecords(net, ms, 0, 42);
  assert.is(sharedOf(sets, 'A').length, 64);
  assert.is(sharedOf(sets, 'AAAA').length, 36);
  assert.is(sets.filter((s) => s.type === 'CNAME').length, 500);
  const small = buildRecords({ ...net, zone: { ...net.zone, sharedMaxAddresses: 5 } }, ms, 0, 42);
  assert.is(sharedOf(small, 'A').length, 5);
  assert.is(sharedOf(small, 'AAAA').length, 5);
});

test('generateZone: the choice follows the serial; unchanged model, same bytes; the guard compares at the old rotation', () => {
  const net = exampleNetwork();
  const ms = distinct(300);
  const first = generateZone(net, ms, undefined, NOW);
  assert.equal(sharedOf(first.sets, 'A'), sharedOf(buildRecords(net, ms, 0, first.serial), 'A'));
  const again = generateZone(net, ms, first.text, new Date('2026-11-25T10:00:00Z'));
  assert.is(again.changed, false);
  assert.is(again.text, first.text);
  const more = [...ms, member('zz-new', 'zz.example', ['198.51.100.77'])];
  const next = generateZone(net, more, first.text, new Date('2026-11-25T10:00:00Z'));
  assert.ok(next.changed);
  assert.equal(sharedOf(next.sets, 'A'), sharedOf(buildRecords(net, more, 0, next.serial), 'A'));
  assert.equal(sharedOf(next.sameRotation!, 'A'), sharedOf(buildRecords(net, more, 0, first.serial), 'A'));
});

test('--max-rrset 0 never writes a zone BIND will not load without saying so', () => {
  const base = exampleNetwork();
  const net = { ...base, zone: { ...base.zone, sharedMaxAddresses: 1000 } };
  const z = generateZone(net, distinct(150), undefined, NOW, { maxRecordsPerRRset: 0 });
  let err = '';
  warnLargeRRsets(z.sets, { stdout: () => {}, stderr: (s) => (err += s) });
  assert.match(err, /^pmnet zone: warning: the A RRset at api\.bdbnetwork\.io\. holds 150 records; BIND 9\.18\.28 and later refuse to load this zone unless every server sets max-records-per-type 150 or more/m);
  let quiet = '';
  warnLargeRRsets(generateZone(base, distinct(150), undefined, NOW, { maxRecordsPerRRset: 0 }).sets, { stdout: () => {}, stderr: (s) => (quiet += s) });
  assert.is(quiet, '', 'the bounded shared name never needs the warning');
});

const bindTest = needs(test, 'named', 'named-checkzone', 'dig');

test('10,000 members: generated within a no-hang bound, every member keeps its CNAME, shared RRsets bounded', () => {
  const net = exampleNetwork();
  const t0 = performance.now();
  const z = generateZone(net, distinct(10_000), undefined, NOW);
  const ms = performance.now() - t0;
  assertNoHang(ms, '10,000-member zone generation');
  assert.is(z.sets.filter((s) => s.type === 'CNAME').length, 10_000);
  assert.is(sharedOf(z.sets, 'A').length, 64);
});

bindTest('10,000 members: named-checkzone (strict) accepts the zone; real named serves it; the shared name fits UDP', async () => {
  const net = exampleNetwork();
  const z = generateZone(net, distinct(10_000), undefined, NOW);
  const file = join(tempDir(), 'big.zone');
  writeFileSync(file, z.text);
  const check = checkZoneStrict(net.domain, file);
  assert.ok(check.ok, check.output);
  const srv = await startBind([{ origin: net.domain, text: z.text }]);
  try {
    const ep = { host: srv.host, port: srv.port, family: 4 as const, label: srv.address };
    for (const type of ['A', 'AAAA'] as const) {
      // As a recursor asks (RD=0): the authority and glue sections are included.
      let x = await exchange(ep, 'api.bdbnetwork.io', type, { timeoutMs: 2000, retries: 1, limiter: (t) => t(), recursion: false });
      for (let i = 0; i < 20 && x.kind === 'error'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        x = await exchange(ep, 'api.bdbnetwork.io', type, { timeoutMs: 2000, retries: 1, limiter: (t) => t(), recursion: false });
      }
      assert.is(x.kind, 'answer');
      if (x.kind !== 'answer') return;
      assert.is(x.tcp, false, `${type}: answered over UDP without truncation`);
      assert.is(x.msg.answers!.filter((a) => a.type === type).length, udpFit(net, type));
    }
    // dig with its DNS cookie and the 1,232-byte buffer: no TC flag either.
    const out = runTool('dig', ['+norecurse', '+bufsize=1232', '+ignore', '+tries=3', '-p', String(srv.port), '@127.0.0.1', 'api.bdbnetwork.io', 'A']);
    assert.match(out, /flags: qr aa;/, out);
    assert.match(out, /MSG SIZE {2}rcvd: (\d+)/);
    assert.ok(Number(/MSG SIZE {2}rcvd: (\d+)/.exec(out)![1]) <= 1232, out);
    const cname = await exchange(ep, 'm09999.nodes.bdbnetwork.io', 'CNAME', { timeoutMs: 2000, retries: 1, limiter: (t) => t(), recursion: false });
    assert.ok(cname.kind === 'answer' && cname.msg.answers!.some((a) => a.type === 'CNAME' && a.data === 'm09999.example'));
  } finally {
    await srv.stop();
  }
});

test.run();
