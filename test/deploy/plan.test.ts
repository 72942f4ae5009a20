// The deploy plan and the UPDATE it becomes, offline: serial rules, operation order, the
// committed-file check.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type * as packet from 'dns-packet';
import { DeployError, planDeploy, readCommitted, servedZone } from '../../scripts/deploy/diff.js';
import { encodeUpdate, toNsupdate, updateOps } from '../../scripts/deploy/update.js';
import { sendUpdate } from '../../scripts/live/dns/update.js';
import { render, parseRendered, type ParsedZone } from '../../scripts/zone/render.js';
import type { RRset } from '../../scripts/zone/records.js';

const Z = 'example.test.';
const SOA = (serial: number) => `ns1.example.test. hostmaster.example.test. ${serial} 7200 3600 1209600 300`;
const GUARD = { maxChangePercent: 30, minRecords: 10 };

function zone(serial: number, extra: RRset[]): ParsedZone {
  const sets: RRset[] = [
    { name: Z, type: 'SOA', ttl: 3600, values: [SOA(serial)] },
    { name: Z, type: 'NS', ttl: 3600, values: ['ns1.example.test.'] },
    { name: 'ns1.example.test.', type: 'A', ttl: 3600, values: ['192.0.2.53'] },
    ...extra,
  ];
  return parseRendered(render(Z, 3600, sets))!;
}

/** What an AXFR of `z` returns, as dns-packet records. */
function transfer(z: ParsedZone): { soa: packet.SoaAnswer; records: packet.Answer[] } {
  const records: packet.Answer[] = [];
  let soa: packet.SoaAnswer | undefined;
  for (const s of z.sets) {
    for (const v of s.values) {
      const name = s.name.replace(/\.$/, '');
      if (s.type === 'SOA') {
        const f = v.split(' ');
        soa = { name, type: 'SOA', ttl: s.ttl, data: { mname: f[0]!, rname: f[1]!, serial: +f[2]!, refresh: +f[3]!, retry: +f[4]!, expire: +f[5]!, minimum: +f[6]! } };
        records.unshift(soa);
      } else records.push({ name, type: s.type, ttl: s.ttl, data: v.replace(/\.$/, '') } as packet.Answer);
    }
  }
  return { soa: soa!, records };
}

function plan(served: ParsedZone, committed: ParsedZone, force = false) {
  const t = transfer(served);
  return planDeploy(servedZone('example.test', t.soa, t.records), committed, GUARD, force);
}

const cname = (id: string, target: string): RRset => ({ name: `${id}.nodes.example.test.`, type: 'CNAME', ttl: 3600, values: [target] });
const shared = (...ips: string[]): RRset => ({ name: 'api.example.test.', type: 'A', ttl: 300, values: ips });

const t = suite('deploy plan');

t('a join: adds first-time RRsets and values; the committed SOA comes last', () => {
  const p = plan(zone(5, [cname('a', 'a.net.'), shared('192.0.2.1')]), zone(6, [cname('a', 'a.net.'), cname('b', 'b.net.'), shared('192.0.2.1', '192.0.2.2')]));
  assert.not.ok(p.upToDate);
  assert.equal(updateOps(p), [
    { op: 'add', name: 'api.example.test.', type: 'A', ttl: 300, value: '192.0.2.2' },
    { op: 'add', name: 'b.nodes.example.test.', type: 'CNAME', ttl: 3600, value: 'b.net.' },
    { op: 'add', name: Z, type: 'SOA', ttl: 3600, value: SOA(6) },
  ]);
});

t('a leave: deletions come before additions; a whole RRset goes with class ANY, one value with NONE', () => {
  const p = plan(zone(5, [cname('a', 'a.net.'), cname('b', 'b.net.'), shared('192.0.2.1', '192.0.2.2')]), zone(6, [cname('a', 'a.net.'), shared('192.0.2.1')]));
  const text = toNsupdate(p, updateOps(p));
  assert.is(
    text,
    [
      'zone example.test.',
      `prereq yxrrset example.test. IN SOA ${SOA(5)}`,
      'update delete b.nodes.example.test. IN CNAME',
      'update delete api.example.test. IN A 192.0.2.2',
      `update add example.test. 3600 IN SOA ${SOA(6)}`,
      'send',
      '',
    ].join('\n'),
  );
});

t('a TTL change rewrites the RRset; an apex NS change only swaps values (the apex NS set cannot be deleted)', () => {
  const before = zone(5, [shared('192.0.2.1', '192.0.2.2')]);
  const after = zone(6, [{ ...shared('192.0.2.1', '192.0.2.2'), ttl: 60 }]);
  after.sets = after.sets.map((s) => (s.type === 'NS' ? { ...s, values: ['ns2.example.test.'] } : s));
  const ops = updateOps(plan(before, after, true));
  assert.equal(ops.slice(0, 2), [
    { op: 'delete', name: Z, type: 'NS', value: 'ns1.example.test.' },
    { op: 'delete-rrset', name: 'api.example.test.', type: 'A' },
  ]);
  assert.ok(ops.some((o) => o.op === 'add' && o.type === 'NS' && o.value === 'ns2.example.test.'));
  assert.equal(ops.filter((o) => o.op === 'add' && o.type === 'A').map((o) => (o as { ttl: number }).ttl), [60, 60]);
  assert.not.ok(ops.some((o) => o.op === 'delete-rrset' && o.type === 'NS'));
});

t('served records of other types are left alone and listed', () => {
  const z = zone(5, []);
  const tr = transfer(z);
  tr.records.push({ name: 'example.test', type: 'TXT', ttl: 300, data: ['v=spf1 -all'] }, { name: 'example.test', type: 'RRSIG', ttl: 300, data: {} } as unknown as packet.Answer);
  const p = planDeploy(servedZone('example.test', tr.soa, tr.records), zone(6, []), GUARD, false);
  assert.equal(p.foreign, ['example.test. TXT']);
  assert.equal(updateOps(p).map((o) => o.type), ['SOA']);
});

t('a CNAME to add where the primary serves an unmanaged type: refused before sending', () => {
  const z = zone(5, []);
  const tr = transfer(z);
  tr.records.push({ name: 'b.nodes.example.test', type: 'TXT', ttl: 300, data: ['hello'] });
  try {
    planDeploy(servedZone('example.test', tr.soa, tr.records), zone(6, [cname('b', 'b.net.')]), GUARD, false);
    assert.unreachable();
  } catch (err) {
    assert.instance(err, DeployError);
    assert.is((err as DeployError).code, 'CNAME_CONFLICT');
    assert.match((err as Error).message, /CNAME at b\.nodes\.example\.test\., where the primary also serves records pmnet does not manage \(b\.nodes\.example\.test\. TXT\)/);
  }
});

t('the same serial with the same records is up to date; newer, equal-but-different and unordered serials are refused', () => {
  assert.ok(plan(zone(6, [cname('a', 'a.net.')]), zone(6, [cname('a', 'a.net.')])).upToDate);
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (err) {
      return err instanceof DeployError ? err.code : String(err);
    }
    return 'no error';
  };
  assert.is(code(() => plan(zone(7, [cname('a', 'a.net.')]), zone(6, [cname('a', 'a.net.')]))), 'SERIAL_NEWER');
  assert.is(code(() => plan(zone(6, [cname('a', 'a.net.')]), zone(6, [cname('b', 'b.net.')]))), 'SERIAL_SAME');
  assert.is(code(() => plan(zone(10, []), zone(10 + 2 ** 31, []))), 'SERIAL_UNORDERED');
  // RFC 1982: a serial that wrapped past 2^32 is newer.
  assert.not.ok(plan(zone(4294967290, []), zone(3, [cname('a', 'a.net.')])).upToDate);
});

t('the mass-change guard: most of a zone of at least 10 records going away is blocked unless forced', () => {
  const many = Array.from({ length: 12 }, (_, i) => cname(`m${i}`, `m${i}.net.`));
  const p = plan(zone(5, many), zone(6, many.slice(0, 2)));
  assert.is(p.plan.guard.status, 'blocked');
  assert.is(plan(zone(5, many), zone(6, many.slice(0, 2)), true).plan.guard.status, 'forced');
  assert.is(plan(zone(5, many), zone(6, many.slice(0, 10))).plan.guard.status, 'ok');
});

t('an update larger than one DNS message is refused before anything is sent', async () => {
  const many = Array.from({ length: 3000 }, (_, i) => cname(`member-${i}`, `node-${i}.operator-${i}.example.net.`));
  const p = plan(zone(5, []), zone(6, many), true);
  const wire = encodeUpdate(p, updateOps(p));
  assert.ok(wire.length > 65535, String(wire.length));
  // Port 1 refuses connections: reaching it would be a NETWORK result.
  const r = await sendUpdate({ host: '127.0.0.1', port: 1, family: 4, label: '127.0.0.1:1' }, wire, undefined, 1000);
  assert.is(r.status, 'MALFORMED');
  assert.match(r.detail, /more than one DNS message can carry \(65535\); nothing was sent\. For a first deploy of a large zone, load the committed file/);
});

t('readCommitted takes only the bytes pmnet writes', () => {
  const text = render(Z, 3600, zone(6, [cname('a', 'a.net.')]).sets);
  assert.is(readCommitted(text, 'example.test').serial, 6);
  const bad: Array<[string, RegExp]> = [
    [text.replace('a.net.', 'a.net. ; hi'), /not in the form|never write|differs/],
    [text.replace('a.nodes', '$INCLUDE /etc/passwd\na.nodes'), /not in the form/],
    [text.replace('\tCNAME\ta.net.', '\tCNAME\tA.NET.'), /never write|differs/],
    [text + '\n', /not in the form|differs/],
  ];
  for (const [t2, why] of bad) {
    try {
      readCommitted(t2, 'example.test');
      assert.unreachable(t2);
    } catch (err) {
      assert.instance(err, DeployError);
      assert.match((err as Error).message, why);
    }
  }
  assert.throws(() => readCommitted(text, 'other.test'), /for example\.test\., network\.yaml names other\.test\./);
});

t.run();

// ---------------------------------------------------------------- the command, without servers

import { run as deployCmd } from '../../scripts/commands/deploy.js';
import { makeConsortium } from '../helpers/consortium.js';
import { run as zoneCmd } from '../../scripts/commands/zone.js';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const c = suite('pmnet deploy: usage and refusals before any network traffic');

async function call(cmd: typeof deployCmd, args: string[], env: Record<string, string | undefined> = {}) {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(env)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  let out = '';
  let err = '';
  try {
    const code = await cmd(args, { stdout: (x) => (out += x), stderr: (x) => (err += x) });
    return { code, out, err };
  } finally {
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  }
}

const KEY = 'k:hmac-sha256:JT72nK2pUCr5A/OLBoJcife8658Ma7Tkc9XzAYIpWQU=';

c('no key, a bad key, a bad address: exit 2 with one line; the secret never printed', async () => {
  const repo = makeConsortium();
  const noKey = await call(deployCmd, ['--root', repo.dir], { PMNET_TSIG_KEY: undefined });
  assert.is(noKey.code, 2);
  assert.match(noKey.err, /no TSIG key: pass --key-file FILE or set PMNET_TSIG_KEY/);
  const badKey = await call(deployCmd, ['--root', repo.dir], { PMNET_TSIG_KEY: 'k:hmac-sha256:c2hvcnQ=' });
  assert.is(badKey.code, 2);
  assert.match(badKey.err, /TSIG key in \$PMNET_TSIG_KEY: the secret is 5 bytes/);
  const missing = await call(deployCmd, ['--root', repo.dir, '--key-file', join(repo.dir, 'nope.key')]);
  assert.is(missing.code, 2);
  assert.match(missing.err, /cannot read the TSIG key file .*nope\.key: ENOENT/);
  const addr = await call(deployCmd, ['--root', repo.dir, '--primary', 'ns1.example'], { PMNET_TSIG_KEY: KEY });
  assert.is(addr.code, 2);
  assert.match(addr.err, /--primary: "ns1\.example" is not an IP address/);
  const both = await call(deployCmd, ['--root', repo.dir, '--family', '4', '--server', '127.0.0.1'], { PMNET_TSIG_KEY: KEY });
  assert.is(both.code, 2);
  assert.match(both.err, /--family picks from network\.yaml's name servers/);
  for (const r of [noKey, badKey, missing, addr, both]) assert.not.match(r.err, /JT72nK2p/);
  repo.cleanup();
});

c('no committed zone, or a hand-edited one: exit 1, nothing contacted', async () => {
  const repo = makeConsortium();
  // The primary is a closed port: reaching it would be a different error.
  const args = ['--root', repo.dir, '--primary', '127.0.0.1:1', '--server', '127.0.0.1:1'];
  const none = await call(deployCmd, args, { PMNET_TSIG_KEY: KEY });
  assert.is(none.code, 1);
  assert.match(none.err, /bdbnetwork\.io\.zone does not exist; run "pmnet zone" and commit it/);
  assert.is((await call(zoneCmd, ['--root', repo.dir])).code, 0);
  const file = join(repo.dir, 'zone', 'bdbnetwork.io.zone');
  const good = readFileSync(file, 'utf8');
  writeFileSync(file, good.replace('abc-org73.net.', 'ABC-org73.net.'));
  const edited = await call(deployCmd, args, { PMNET_TSIG_KEY: KEY });
  assert.is(edited.code, 1);
  assert.match(edited.err, /holds a value pmnet would never write/);
  writeFileSync(file, good.replace('\tCNAME\tabc-org73.net.', '\tCNAME\tabc-org73.net.\nabc-org73.nodes.bdbnetwork.io.\t3600\tIN\tCNAME\tother.example.'));
  assert.match((await call(deployCmd, args, { PMNET_TSIG_KEY: KEY })).err, /never write: .*more than one CNAME|differs|not in the form/);
  writeFileSync(file, good + '$INCLUDE /etc/passwd\n');
  assert.match((await call(deployCmd, args, { PMNET_TSIG_KEY: KEY })).err, /not in the form "pmnet zone" writes/);
  repo.cleanup();
});

c('an unreachable primary: exit 1, says so, nothing sent', async () => {
  const repo = makeConsortium();
  await call(zoneCmd, ['--root', repo.dir]);
  const r = await call(deployCmd, ['--root', repo.dir, '--primary', '127.0.0.1:1', '--timeout', '1000'], { PMNET_TSIG_KEY: KEY });
  assert.is(r.code, 1);
  assert.match(r.err, /AXFR bdbnetwork\.io from 127\.0\.0\.1:1: connection refused.*nothing was sent/);
  assert.not.match(r.err, /warning/);
  // The default primary is zone.soa.mname's first address of the family asked for.
  const v6 = await call(deployCmd, ['--root', repo.dir, '--family', '6', '--dry-run', '--timeout', '300'], { PMNET_TSIG_KEY: KEY });
  assert.match(v6.err, /AXFR bdbnetwork\.io from \[2001:db8:53::1\]:53:/);
  // A key file others can read: a warning, then the same run.
  const f = join(repo.dir, 'open.key');
  writeFileSync(f, KEY, { mode: 0o644 });
  chmodSync(f, 0o644);
  const w = await call(deployCmd, ['--root', repo.dir, '--key-file', f, '--primary', '127.0.0.1:1', '--timeout', '1000']);
  assert.match(w.err, /warning: the key file .*open\.key can be read by other users \(mode 644\); chmod 600 it/);
  assert.is(w.code, 1);
  repo.cleanup();
});

c.run();
