// The deploy plan and the UPDATE it becomes, offline: serial rules, operation order, the
// committed-file check.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type * as packet from 'dns-packet';
import { DeployError, planDeploy, readCommitted, servedZone } from '../../scripts/deploy/diff.js';
import { toNsupdate, updateOps } from '../../scripts/deploy/update.js';
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
