// Real named: every generated zone is served and every record read back (dig and verifyZone).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSocket } from 'node:dgram';
import * as packet from 'dns-packet';
import { startBind, type BindServer } from '../harness/bind.js';
import { startFaultServer } from '../harness/dns-faults.js';
import { needs, runTool } from '../harness/needs.js';
import { generateZone } from '../../scripts/zone/generate.js';
import { buildRecords, type RRset } from '../../scripts/zone/records.js';
import { formatEndpoint, parseEndpoint, queryServer } from '../../scripts/zone/dnsquery.js';
import { absentProbes, verifyToJson, verifyToText, verifyZone, type VerifyOptions } from '../../scripts/zone/verify.js';
import { exampleMembers, exampleNetwork, manyMembers, member, zoneCases } from './fixtures.js';
import { EXPECTED_RECORDS } from './expected.js';
import type { Member, Network } from '../../scripts/model/types.js';
import { assertNoHang } from '../harness/no-hang.js';

const NOW = new Date('2026-11-24T10:00:00Z');
const OPTS: VerifyOptions = { timeoutMs: 2000, retries: 1, concurrency: 16 };
const bindTest = needs(test, 'named', 'dig');

async function serve(net: Network, ms: Member[]): Promise<BindServer> {
  return ready(await startBind([{ origin: net.domain, text: generateZone(net, ms, undefined, NOW).text }]), net.domain);
}

/** named 9.18 prints "running" a moment before its UDP listener answers: poll the SOA (≤ 2 s). */
async function ready(srv: BindServer, origin: string): Promise<BindServer> {
  const until = Date.now() + 2000;
  for (;;) {
    try {
      await queryServer(parseEndpoint(srv.address)!, origin, 'SOA', 200);
      return srv;
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

function dig(srv: BindServer, name: string, type: string): { ttl: number; value: string }[] {
  const out = runTool('dig', ['+norec', '+noall', '+answer', '+time=2', '+tries=1', '-p', String(srv.port), '@127.0.0.1', name, type]);
  return out
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => l.split(/\s+/))
    .filter((f) => f[0] === name && f[3] === type)
    .map((f) => ({ ttl: Number(f[1]), value: f.slice(4).join(' ') }));
}

/** The written-out records of a case (expected.ts), grouped by name and type. */
function expectedSets(label: string): Array<{ name: string; type: string; ttl: number; values: string[] }> {
  const sets = new Map<string, { name: string; type: string; ttl: number; values: string[] }>();
  for (const line of EXPECTED_RECORDS[label]!.trim().split('\n')) {
    const [name, ttl, , type, value] = line.split('\t') as [string, string, string, string, string];
    const key = `${name} ${type}`;
    if (!sets.has(key)) sets.set(key, { name, type, ttl: Number(ttl), values: [] });
    sets.get(key)!.values.push(value);
  }
  return [...sets.values()];
}

for (const [label, net, ms] of zoneCases()) {
  bindTest(`named serves every record: ${label}`, async () => {
    const srv = await serve(net, ms);
    try {
      for (const s of expectedSets(label)) {
        const got = dig(srv, s.name, s.type);
        assert.equal(got.map((g) => g.value).sort(), [...s.values].sort(), `${s.name} ${s.type}`);
        assert.equal(got.map((g) => g.ttl), s.values.map(() => s.ttl), `${s.name} ${s.type} TTL`);
      }
      const report = await verifyZone(`${net.domain}.`, buildRecords(net, ms), [parseEndpoint(srv.address)!], { ...OPTS, absent: absentProbes(net, ms, buildRecords(net, ms)) });
      assert.equal(report.problems, [], verifyToText(report));
      assert.ok(report.ok);
      assert.equal(report.servers, [{ server: srv.address, answering: true, serial: 2026112400, coverage: 'partial' }]);
    } finally {
      await srv.stop();
    }
  });
}

bindTest('verify-zone against a stale zone reports the exact missing, different and extra records', async () => {
  const net = exampleNetwork();
  const srv = await serve(net, exampleMembers()); // what the server still holds
  try {
    // Now: figmentdb3 suspended, abc-org73 moved to a new IPv4, newbie joined (IPv6 only).
    const now = [
      member('abc-org73', 'abc-org73.net', ['192.0.2.11'], ['2001:db8:10::1']),
      member('dynabob8', 'api.dynabob8.io', ['198.51.100.20'], ['2001:db8:20::1']),
      member('figmentdb3', 'figmentdb3.ninja', ['203.0.113.30', '203.0.113.31'], [], 'suspended'),
      member('newbie', 'newbie.example', [], ['2001:db8:30::1']),
    ];
    const intended = buildRecords(net, now);
    const report = await verifyZone('bdbnetwork.io.', intended, [parseEndpoint(srv.address)!], { ...OPTS, absent: absentProbes(net, now, intended) });
    const brief = report.problems.map((p) => ({ kind: p.kind, name: p.name, type: p.type, missing: p.missing, extra: p.extra }));
    assert.equal(brief, [
      { kind: 'different', name: 'api.bdbnetwork.io.', type: 'A', missing: ['192.0.2.11'], extra: ['192.0.2.10', '203.0.113.30', '203.0.113.31'] },
      { kind: 'different', name: 'api.bdbnetwork.io.', type: 'AAAA', missing: ['2001:db8:30::1'], extra: [] },
      { kind: 'extra', name: 'figmentdb3.nodes.bdbnetwork.io.', type: 'CNAME', missing: [], extra: ['figmentdb3.ninja.'] },
      { kind: 'missing', name: 'newbie.nodes.bdbnetwork.io.', type: 'CNAME', missing: ['newbie.example.'], extra: [] },
    ]);
    assert.not.ok(report.ok);
    const text = verifyToText(report);
    assert.match(text, new RegExp(`^${srv.address} missing newbie\\.nodes\\.bdbnetwork\\.io\\. CNAME: NXDOMAIN; expected newbie\\.example\\.$`, 'm'));
    assert.match(text, /api\.bdbnetwork\.io\. A: missing 192\.0\.2\.11; extra 192\.0\.2\.10, 203\.0\.113\.30, 203\.0\.113\.31/);
    assert.match(text, /4 problem\(s\) on 1 server\(s\)/);
    assert.is(JSON.parse(verifyToJson(report)).problems.length, 4);
  } finally {
    await srv.stop();
  }
});

bindTest('verify-zone: TTL and SOA differences; a fresh zone is clean', async () => {
  const net = exampleNetwork();
  const srv = await serve(net, exampleMembers());
  try {
    const changed = exampleNetwork({ sharedTtl: 30 });
    changed.zone.soa = { ...changed.zone.soa, minimum: 600 };
    const r = await verifyZone('bdbnetwork.io.', buildRecords(changed, exampleMembers()), [parseEndpoint(srv.address)!], OPTS);
    assert.equal(r.problems.map((p) => `${p.kind} ${p.name} ${p.type} ${p.detail}`), [
      'different api.bdbnetwork.io. A TTL 60, expected 30',
      'different api.bdbnetwork.io. AAAA TTL 60, expected 30',
      'different bdbnetwork.io. SOA missing ns1.bdbnetwork.io. hostmaster.bdbnetwork.io. 0 7200 3600 1209600 600; extra ns1.bdbnetwork.io. hostmaster.bdbnetwork.io. 0 7200 3600 1209600 300',
    ]);
    const clean = await verifyZone('bdbnetwork.io.', buildRecords(net, exampleMembers()), [parseEndpoint(srv.address)!], OPTS);
    assert.ok(clean.ok, verifyToText(clean));
    assert.is(clean.checked, 9);
  } finally {
    await srv.stop();
  }
});

bindTest('verify-zone: a server that does not serve the zone (REFUSED) is one problem, not one per record', async () => {
  const other = { ...exampleNetwork(), domain: 'other.example', sharedName: 'api.other.example' };
  other.zone = { ...other.zone, nameservers: [{ name: 'ns.dns-host.example', ipv4: [], ipv6: [] }] };
  const srv = await ready(await startBind([{ origin: 'other.example', text: generateZone(other, [], undefined, NOW).text }]), 'other.example');
  try {
    const r = await verifyZone('bdbnetwork.io.', buildRecords(exampleNetwork(), exampleMembers()), [parseEndpoint(srv.address)!], OPTS);
    assert.equal(r.problems.map((p) => [p.kind, p.name, p.type]), [['refused', 'bdbnetwork.io.', 'SOA']]);
    assert.equal(r.servers, [{ server: srv.address, answering: false }]);
  } finally {
    await srv.stop();
  }
});

/** A UDP server on 127.0.0.1 that answers every query with `reply(query)`, or stays silent. */
async function fakeServer(reply?: (q: packet.DecodedPacket) => Buffer | undefined) {
  const sock = createSocket('udp4');
  sock.on('message', (msg, rinfo) => {
    if (!reply) return;
    let q: packet.DecodedPacket;
    try {
      q = packet.decode(msg);
    } catch {
      return;
    }
    const out = reply(q);
    if (out) sock.send(out, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  return { address: `127.0.0.1:${sock.address().port}`, close: () => new Promise<void>((r) => sock.close(() => r())) };
}

test('verify-zone: AA bit clear is reported as not authoritative', async () => {
  const fake = await fakeServer((q) =>
    packet.encode({ type: 'response', id: q.id, flags: 0, questions: q.questions, answers: [{ type: 'SOA', name: 'bdbnetwork.io', ttl: 3600, data: { mname: 'ns1.bdbnetwork.io', rname: 'hostmaster.bdbnetwork.io', serial: 1, refresh: 7200, retry: 3600, expire: 1209600, minimum: 300 } }] }),
  );
  try {
    const r = await verifyZone('bdbnetwork.io.', buildRecords(exampleNetwork(), exampleMembers()), [parseEndpoint(fake.address)!], OPTS);
    assert.equal(r.problems.map((p) => p.kind), ['not-authoritative']);
    assert.match(r.problems[0]!.detail, /AA bit clear/);
  } finally {
    await fake.close();
  }
});

test('verify-zone: a silent server and a wrong-id server time out (retries counted); garbage is named', async () => {
  const silent = await fakeServer();
  const garbage = await fakeServer(() => Buffer.from('not dns at all'));
  const wrongId = await fakeServer((q) => packet.encode({ type: 'response', id: (q.id! + 1) & 0xffff, flags: packet.AUTHORITATIVE_ANSWER, questions: q.questions, answers: [] }));
  try {
    const t0 = Date.now();
    const r = await verifyZone('bdbnetwork.io.', buildRecords(exampleNetwork(), exampleMembers()), [silent, garbage, wrongId].map((s) => parseEndpoint(s.address)!), { timeoutMs: 150, retries: 1, concurrency: 4 });
    const ms = Date.now() - t0;
    const kindOf = (srv: { address: string }) => r.problems.find((p) => p.server === formatEndpoint(parseEndpoint(srv.address)!))?.kind;
    assert.is(kindOf(silent), 'timeout');
    assert.is(kindOf(wrongId), 'timeout', 'an answer with another id is never taken');
    // Only unparseable bytes came back: say so rather than report a plain timeout.
    assert.is(kindOf(garbage), 'error');
    assert.match(r.problems.find((p) => p.kind === 'error')!.detail, /malformed/);
    assert.ok(ms >= 300, `gave up after ${ms} ms: before two 150 ms attempts`);
    assertNoHang(ms, 'three bad servers');
  } finally {
    await Promise.all([silent.close(), garbage.close(), wrongId.close()]);
  }
});

bindTest('a truncated UDP answer is retried over TCP (90 members at the shared name, shared_max_addresses 100)', async () => {
  const base = exampleNetwork();
  const net = { ...base, zone: { ...base.zone, sharedMaxAddresses: 100 } };
  const ms = manyMembers(90);
  const srv = await serve(net, ms);
  try {
    const r = await queryServer(parseEndpoint(srv.address)!, 'api.bdbnetwork.io.', 'A', 2000);
    assert.is(r.via, 'tcp');
    assert.ok(r.aa);
    // 198.51.100.0-89 and the one 203.0.113.0 that members 0-89 share: 91 addresses.
    const a = r.answers.flatMap((x) => (x.type === 'A' ? [x.data] : []));
    assert.is(a.length, 91);
    assert.equal(new Set(a), new Set([...Array.from({ length: 90 }, (_, i) => `198.51.100.${i}`), '203.0.113.0']));
    const small = await queryServer(parseEndpoint(srv.address)!, 'abc.nodes.bdbnetwork.io.', 'CNAME', 2000);
    assert.is(small.via, 'udp');
    assert.is(small.rcode, 'NXDOMAIN');
    const report = await verifyZone('bdbnetwork.io.', buildRecords(net, ms), [parseEndpoint(srv.address)!], OPTS);
    assert.ok(report.ok, verifyToText(report));
  } finally {
    await srv.stop();
  }
});

test('more than 100 records in one RRset: render refuses unless told', () => {
  // Only a hand-made model gets here: the schema caps shared_max_addresses at 100.
  const base = exampleNetwork();
  const net = { ...base, zone: { ...base.zone, sharedMaxAddresses: 1000 } };
  assert.throws(() => generateZone(net, manyMembers(101), undefined, NOW), /the A RRset at api\.bdbnetwork\.io\. would hold 102 records, more than 100: BIND/);
  assert.not.throws(() => generateZone(net, manyMembers(99), undefined, NOW)); // 100 A records: allowed
});

bindTest('more than 100 records in one RRset: named refuses to load the zone (why render refuses)', async () => {
  const base = exampleNetwork();
  const net = { ...base, zone: { ...base.zone, sharedMaxAddresses: 1000 } };
  const text = generateZone(net, manyMembers(101), undefined, NOW, { maxRecordsPerRRset: 0 }).text;
  // A second, valid zone on the same server proves it is up and answering.
  const control = generateZone({ ...net, domain: 'other.example', sharedName: 'api.other.example' }, [], undefined, NOW).text;
  const srv = await ready(await startBind([{ origin: net.domain, text }, { origin: 'other.example', text: control }]), 'other.example');
  try {
    const r = await queryServer(parseEndpoint(srv.address)!, 'bdbnetwork.io.', 'SOA', 2000);
    assert.is(r.rcode, 'SERVFAIL', 'named answers, but has no zone to answer from');
    assert.match(srv.log(), /zone bdbnetwork\.io\/IN: not loaded due to errors/);
    assert.match(srv.log(), /too many records/);
  } finally {
    await srv.stop();
  }
});

test('truncated UDP answer, then garbage or a reset over TCP: an error result, not a crash', async () => {
  for (const mode of ['garbage', 'reset', 'short'] as const) {
    const srv = await startFaultServer('truncate', mode);
    try {
      const r = await verifyZone('bdbnetwork.io.', buildRecords(exampleNetwork(), exampleMembers()), [parseEndpoint(srv.address)!], { timeoutMs: 500, retries: 0, concurrency: 2 });
      assert.is(r.problems.length, 1, mode);
      assert.is(r.problems[0]!.kind, 'error', mode);
      assert.match(r.problems[0]!.detail, mode === 'garbage' ? /malformed TCP answer/ : mode === 'short' ? /incomplete message/ : /connection reset by the server|closed/, mode);
      assert.ok(srv.udpQueries > 0, mode);
    } finally {
      await srv.stop();
    }
  }
});

test('parseEndpoint: ADDR, ADDR:PORT, [V6]:PORT; names and junk refused', () => {
  assert.equal(parseEndpoint('127.0.0.1'), { host: '127.0.0.1', port: 53 });
  assert.equal(parseEndpoint('127.0.0.1:5353'), { host: '127.0.0.1', port: 5353 });
  assert.equal(parseEndpoint('::1'), { host: '::1', port: 53 });
  assert.equal(parseEndpoint('[::1]:5300'), { host: '::1', port: 5300 });
  for (const bad of ['ns1.example', '127.0.0.1:0', '127.0.0.1:70000', '[::1]:x', 'fe80::1%eth0', '', '1.2.3.4:53:53']) assert.is(parseEndpoint(bad), undefined, bad);
});

test.run();
