// pmnet health and the --health / --shard flags: bad input gets one clear line and the right
// exit code; a hand-made record drives the zone's shared name (every member keeps its CNAME).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../scripts/cli.js';
import { run as healthRun } from '../../scripts/commands/health.js';
import { run as zoneRun } from '../../scripts/commands/zone.js';
import { emptyRecord, readRecord, type HealthRecord } from '../../scripts/health/record.js';
import { START } from '../../scripts/health/score.js';
import { parseHealth } from '../../scripts/site/inputs.js';
import { makeConsortium } from '../helpers/consortium.js';

async function call(fn: typeof healthRun, args: string[], now = new Date('2026-12-01T06:00:00Z')) {
  let out = '';
  let err = '';
  const code = await fn(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), now: () => now }, { env: {} });
  return { code, out, err };
}

function record(scores: Record<string, { score: number; inRotation: boolean }>): HealthRecord {
  const r = emptyRecord();
  for (const [id, x] of Object.entries(scores)) r.members[id] = { ...x, monitors: { m: x.score }, checks: [], history: [], ...(x.inRotation ? {} : { rotationReason: `left: score ${x.score} below 10` }) };
  return r;
}

test('usage mistakes: exit 2 with one line', async () => {
  const c = makeConsortium();
  const cli = async (args: string[]) => {
    let err = '';
    const code = await main(args, { stdout: () => {}, stderr: (s) => (err += s) });
    return { code, err };
  };
  for (const [args, re] of [
    [['--shard', '5/4'], /--shard 5\/4: i must be between 1 and n/],
    [['--shard', 'half'], /--shard must be i\/n/],
    [['--shard', '1/2', '--health', 'h.json'], /--shard checks part of the members: write --observations/],
    [['--monitor', 'a b'], /--monitor must be/],
  ] as const) {
    const r = await cli(['audit', '--root', c.dir, '--offline', ...args]);
    assert.is(r.code, 2, r.err);
    assert.match(r.err, re);
    assert.is(r.err.trim().split('\n').length, 1, r.err);
  }
  const u = await cli(['health', 'update', '--record', join(c.dir, 'h.json')]);
  assert.is(u.code, 2);
  assert.match(u.err, /give the observations files/);
  const b = await cli(['health', 'bogus']);
  assert.is(b.code, 2);
  assert.match(b.err, /unknown subcommand "bogus"/);
});

test('a malformed record or observations file: exit 1 naming the file and what is wrong; nothing written', async () => {
  const c = makeConsortium();
  const bad = join(c.dir, 'health.json');
  writeFileSync(bad, '{"version": 1, "updated": "2026-12-01T00:00:00Z", "members": {"abc-org73": {"score": "high"}}}');
  const r = await call(healthRun, ['--record', bad]);
  assert.is(r.code, 1);
  assert.match(r.err, /health\.json: members\.abc-org73 needs "score" \(-100 to 100\), "inRotation" and "monitors"/);
  const obs = join(c.dir, 'o.json');
  writeFileSync(obs, '{"version": 1, "monitor": "m", "at": "2026-12-01T00:00:00Z", "members": {"abc-org73": {"outcome": "fine"}}}');
  const u = await call(healthRun, ['update', '--record', join(c.dir, 'new.json'), '--root', c.dir, obs]);
  assert.is(u.code, 1);
  assert.match(u.err, /o\.json: members\.abc-org73\.outcome must be good, bad or inconclusive/);
  let err = '';
  const z = await zoneRun(['--root', c.dir, '--health', bad, '--out', '-'], { stdout: () => {}, stderr: (s) => (err += s) });
  assert.is(z, 2);
  assert.match(err, /health\.json: members\.abc-org73 needs "score"/);
});

test('zone --health: a member out of the rotation leaves the shared name, keeps its CNAME; the minimum holds', async () => {
  const c = makeConsortium();
  const h = join(c.dir, 'health.json');
  writeFileSync(h, JSON.stringify(record({ 'abc-org73': { score: -20, inRotation: false }, dynabob8: { score: 20, inRotation: true }, figmentdb3: { score: 19, inRotation: true } })));
  let text = '';
  assert.is(await zoneRun(['--root', c.dir, '--health', h, '--out', '-'], { stdout: (s) => (text += s), stderr: () => {}, now: () => new Date('2026-12-01T06:00:00Z') }), 0);
  let plain = '';
  assert.is(await zoneRun(['--root', c.dir, '--out', '-'], { stdout: (s) => (plain += s), stderr: () => {}, now: () => new Date('2026-12-01T06:00:00Z') }), 0);
  const shared = (z: string) => z.split('\n').filter((l) => /^api\.bdbnetwork\.io\.\s/.test(l) && /\sA\s/.test(l)).map((l) => l.split(/\s+/).at(-1));
  const abc = readFileSync(join(c.dir, 'members', 'abc-org73.yaml'), 'utf8').match(/ipv4:\s*\[?\s*-?\s*"?([0-9.]+)/)![1]!;
  assert.ok(shared(plain).includes(abc), `${abc} in ${shared(plain)}`);
  assert.ok(!shared(text).includes(abc), 'out of the shared name');
  assert.is(shared(text).length, shared(plain).length - 1);
  assert.match(text, /^abc-org73\.nodes\.bdbnetwork\.io\.\s.*CNAME/m, 'keeps its own name');
  // Everyone out in the record: the two best-scoring stay (health.min_in_rotation, default 2).
  writeFileSync(h, JSON.stringify(record({ 'abc-org73': { score: -20, inRotation: false }, dynabob8: { score: 5, inRotation: false }, figmentdb3: { score: 3, inRotation: false } })));
  let min = '';
  assert.is(await zoneRun(['--root', c.dir, '--health', h, '--out', '-'], { stdout: (s) => (min += s), stderr: () => {}, now: () => new Date('2026-12-01T06:00:00Z') }), 0);
  assert.is(shared(min).length, shared(plain).length - 1);
  assert.ok(!shared(min).includes(abc));
});

test('pmnet health site: the status site shape, scores 0 to 100', async () => {
  const c = makeConsortium();
  const h = join(c.dir, 'health.json');
  const r = record({ dynabob8: { score: 15, inRotation: true } });
  r.members.dynabob8!.history = [{ at: '2026-11-30T06:00:00.000Z', score: -3 }, { at: '2026-12-01T06:00:00.000Z', score: 15 }];
  writeFileSync(h, JSON.stringify(r));
  const out = await call(healthRun, ['site', '--record', h]);
  assert.is(out.code, 0, out.err);
  assert.equal(JSON.parse(out.out), { members: { dynabob8: [{ at: '2026-11-30T06:00:00.000Z', score: 0 }, { at: '2026-12-01T06:00:00.000Z', score: 75 }] } });
  // What pmnet site --health reads (scripts/site/inputs.ts) accepts it as it is.
  assert.equal(parseHealth(JSON.parse(out.out), 'site-health.json').get('dynabob8'), [{ at: '2026-11-30T06:00:00.000Z', score: 0 }, { at: '2026-12-01T06:00:00.000Z', score: 75 }]);
});


test('audit --health: --dry-run writes no record; an offline run is listed but moves no score', async () => {
  const c = makeConsortium();
  const h = join(c.dir, 'health.json');
  let out = '';
  const io = { stdout: (s: string) => (out += s), stderr: (s: string) => (out += s) };
  assert.is(await main(['audit', '--root', c.dir, '--offline', '--health', h, '--dry-run'], io), 0, out);
  assert.not.ok(existsSync(h));
  assert.is(await main(['audit', '--root', c.dir, '--offline', '--health', h], io), 0, out);
  const r = readRecord(h);
  assert.equal(Object.keys(r.members).sort(), ['abc-org73', 'dynabob8', 'figmentdb3']);
  assert.ok(Object.values(r.members).every((m) => m.score === START && m.checks.length === 0 && m.inRotation));
  assert.match(r.runs[0]!.inconclusive!, /offline run/);
  assert.match(out, /inconclusive run of monitor default: offline run/);
});

test.run();
