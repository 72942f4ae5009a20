// Node health through a loopback fleet (real BIND as the members' resolver and as the
// consortium zone's server, real HTTPS nodes): flapping, a member down for many runs, a
// resolver outage on the monitor, monitors that disagree, a sharded audit. Scores move as
// docs/health.md says, issues do not flood, and the shared name drops the dead node and takes
// it back after recovery.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as healthRun } from '../../scripts/commands/health.js';
import { run as zoneRun } from '../../scripts/commands/zone.js';
import { readRecord, type HealthRecord } from '../../scripts/health/record.js';
import { parseEndpoint, queryServer } from '../../scripts/zone/dnsquery.js';
import { freePort, startBind } from '../harness/bind.js';
import { startLoopbackFleet, type LoopbackFleet } from '../harness/fleet.js';
import { startGitHubApi, type FakeGitHub } from '../harness/github-api.js';
import { needs } from '../harness/needs.js';
import { audit } from '../github/helpers.js';

interface Ctx {
  fleet?: LoopbackFleet;
  gh?: FakeGitHub;
  dir: string;
  /** The monitor's clock: one hour per run. */
  hour: number;
}
const health = suite<Ctx>('health fleet', { dir: '', hour: 0 });
const fleetTest = needs(health, 'named');

const DOMAIN = 'synthetic-consortium.net';
const SHARED = `api.${DOMAIN}`;
const T0 = Date.UTC(2026, 11, 1, 0, 0);

fleetTest.before(async (ctx) => {
  ctx.fleet = await startLoopbackFleet({ n: 5, live: { timeoutMs: 1500, retries: 0 } });
  appendFileSync(join(ctx.fleet.root, 'network.yaml'), 'health:\n  min_in_rotation: 2\n  max_rotation_leaves: 2\n');
  ctx.gh = await startGitHubApi();
  ctx.dir = mkdtempSync(join(tmpdir(), 'pmnet-health-'));
});
health.after(async (ctx) => {
  await ctx.fleet?.stop();
  await ctx.gh?.close();
  if (ctx.dir) rmSync(ctx.dir, { recursive: true, force: true });
});

const id = (ctx: Ctx, i: number) => ctx.fleet!.members[i]!.id;
const rec = (ctx: Ctx) => join(ctx.dir, 'health.json');
const record = (ctx: Ctx): HealthRecord => readRecord(rec(ctx));
const score = (ctx: Ctx, i: number) => record(ctx).members[id(ctx, i)]!.score;
const openIssues = (ctx: Ctx) => ctx.gh!.issues.filter((i) => i.state === 'open');

/** One scheduled audit run of monitor "gha", folding into the record and keeping issues. */
async function auditRun(ctx: Ctx, extra: string[] = []) {
  ctx.hour++;
  const r = await audit(ctx.gh, ctx.fleet!.root, ['--health', rec(ctx), '--monitor', 'gha', ...extra], new Date(T0 + ctx.hour * 3_600_000));
  assert.ok(r.code === 0 || r.code === 1, `${r.code}: ${r.err}`);
  return r;
}

/** Writes the zone with the record and serves it from a fresh named: the shared name's A set. */
async function servedShared(ctx: Ctx): Promise<{ shared: string[]; cname: (i: number) => Promise<string[]>; out: string; stop: () => Promise<void> }> {
  let out = '';
  let err = '';
  const code = await zoneRun(['--root', ctx.fleet!.root, '--health', rec(ctx)], { stdout: (s) => (out += s), stderr: (s) => (err += s), now: () => new Date(T0 + ctx.hour * 3_600_000) });
  assert.is(code, 0, err);
  const text = readFileSync(join(ctx.fleet!.root, 'zone', `${DOMAIN}.zone`), 'utf8');
  const srv = await startBind([{ origin: DOMAIN, text }], { port: await freePort() });
  const ep = parseEndpoint(srv.address)!;
  const ask = async (name: string, type: 'A' | 'CNAME') => {
    for (let tries = 0; ; tries++) {
      try {
        return (await queryServer(ep, name, type, 500)).answers.filter((a) => a.type === type).map((a) => String((a as { data?: unknown }).data).replace(/\.$/, ''));
      } catch (e) {
        if (tries > 40) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  const shared = (await ask(SHARED, 'A')).sort();
  return { shared, cname: (i) => ask(`${id(ctx, i)}.nodes.${DOMAIN}`, 'CNAME'), out, stop: () => srv.stop() };
}

const addr = (ctx: Ctx, i: number) => ctx.fleet!.members[i]!.address;
const all = (ctx: Ctx) => ctx.fleet!.members.map((m) => m.address).sort();

fleetTest('healthy runs raise every score towards 20; all in the shared name; no issue', async (ctx) => {
  for (let i = 0; i < 3; i++) {
    const r = await auditRun(ctx);
    assert.is(r.code, 0, r.out + r.err);
  }
  const rcd = record(ctx);
  for (const m of ctx.fleet!.members) {
    const x = rcd.members[m.id]!;
    assert.ok(Math.abs(x.score - 11.4263) < 0.001, `${m.id}: ${x.score}`); // 10 → 10.5 → 10.975 → 11.426
    assert.ok(x.inRotation);
    assert.equal(Object.keys(x.monitors), ['gha']);
  }
  assert.is(ctx.gh!.issues.length, 0);
  const z = await servedShared(ctx);
  assert.equal(z.shared, all(ctx));
  await z.stop();
});

fleetTest('a resolver outage on the monitor: the run is inconclusive, no score moves, no issue opens, the zone stays', async (ctx) => {
  const before = record(ctx);
  const zoneBefore = readFileSync(join(ctx.fleet!.root, 'zone', `${DOMAIN}.zone`), 'utf8');
  const dead = `127.0.0.1:${await freePort()}`;
  const r = await auditRun(ctx, ['--resolver', dead]);
  assert.match(r.out, /inconclusive run of monitor gha: no resolver of this monitor was usable/);
  const after = record(ctx);
  assert.equal(after.members, before.members, 'no score, check or rotation moved');
  assert.is(after.runs.length, before.runs.length + 1);
  assert.match(after.runs.at(-1)!.inconclusive!, /no resolver/);
  assert.is(ctx.gh!.issues.length, 0, 'no issue flood');
  let out = '';
  assert.is(await zoneRun(['--root', ctx.fleet!.root, '--health', rec(ctx)], { stdout: (s) => (out += s), stderr: () => {}, now: () => new Date(T0 + ctx.hour * 3_600_000) }), 0);
  assert.is(readFileSync(join(ctx.fleet!.root, 'zone', `${DOMAIN}.zone`), 'utf8'), zoneBefore, 'the zone file is unchanged (same serial)');
  assert.match(out, /unchanged|up to date/);
});

fleetTest('a member down for many runs: leaves the rotation at once, one issue at −15 (not before), one thread', async (ctx) => {
  const dead = 1;
  await ctx.fleet!.setDown(id(ctx, dead), true);
  const scores: number[] = [];
  let firstIssueRun = -1;
  for (let run = 1; run <= 9; run++) {
    const r = await auditRun(ctx);
    scores.push(score(ctx, dead));
    if (run === 1) {
      assert.match(r.out, new RegExp(`${id(ctx, dead)} leaves the shared name's rotation: left: score 5\\.9 below 10`));
      const z = await servedShared(ctx);
      assert.equal(z.shared, all(ctx).filter((a) => a !== addr(ctx, dead)), 'the dead node is out of the shared name');
      assert.equal(await z.cname(dead), [ctx.fleet!.members[dead]!.domain], 'and keeps its own CNAME');
      assert.match(z.out, new RegExp(`health: ${id(ctx, dead)} left the rotation of ${SHARED.replace(/\./g, '\\.')}\\. \\(left: score 5\\.9 below 10, failing since .*tls/connect-failed`));
      await z.stop();
    }
    if (firstIssueRun < 0 && ctx.gh!.issues.length) firstIssueRun = run;
  }
  // Each run: score = −5 + 0.95 × previous, from 11.43.
  let s = 11.4263;
  for (const got of scores) {
    s = -5 + 0.95 * s;
    assert.ok(Math.abs(got - s) < 0.01, `${got} vs ${s}`);
  }
  assert.is(firstIssueRun, 6, `the issue opens when the score first reaches −15 (${scores.map((x) => x.toFixed(1)).join(', ')})`);
  assert.is(ctx.gh!.issues.length, 1, 'one issue, updated afterwards');
  const issue = ctx.gh!.issues[0]!;
  assert.match(issue.body, new RegExp(`<!-- pmnet:audit:${id(ctx, dead)} -->`));
  assert.match(issue.body, /\*\*Health score -2\d\.\d\*\*/);
  assert.match(issue.body, new RegExp(`Member contacts: @`));
  assert.match(issue.body, /Out of the shared name’s rotation/);
  assert.match(issue.body, /tls\/connect-failed/);
  const rcd = record(ctx).members[id(ctx, dead)]!;
  assert.ok(rcd.failingSince && rcd.lastFailure && !rcd.inRotation);
  // The others stay healthy.
  for (const i of [0, 2, 3, 4]) assert.ok(score(ctx, i) > 14, `${i}: ${score(ctx, i)}`);
});

fleetTest('recovery: the score climbs back; the issue closes and the node rejoins at 10', async (ctx) => {
  const dead = 1;
  await ctx.fleet!.setDown(id(ctx, dead), false);
  let runs = 0;
  let rejoined = -1;
  let closed = -1;
  while (runs < 40 && (rejoined < 0 || closed < 0)) {
    const r = await auditRun(ctx);
    runs++;
    if (rejoined < 0 && new RegExp(`${id(ctx, dead)} rejoins`).test(r.out)) rejoined = runs;
    if (closed < 0 && ctx.gh!.issues[0]!.state === 'closed') closed = runs;
    if (rejoined < 0) assert.ok(!record(ctx).members[id(ctx, dead)]!.inRotation, `still out at ${score(ctx, dead)}`);
  }
  assert.ok(rejoined > 20, `rejoined after ${rejoined} good runs: the way back from below −25 is long`);
  assert.is(closed, rejoined, 'both at 10');
  assert.ok(score(ctx, dead) >= 10);
  assert.is(ctx.gh!.issues.length, 1, 'no new issue');
  const comments = ctx.gh!.comments.get(ctx.gh!.issues[0]!.number) ?? [];
  assert.match(comments.at(-1)!.body, /Recovered: member `[a-z0-9-]+` is back to a health score of 1\d\.\d \(at or above 10\)/);
  assert.is(record(ctx).members[id(ctx, dead)]!.failingSince, undefined);
  const z = await servedShared(ctx);
  assert.equal(z.shared, all(ctx), 'back in the shared name');
  assert.match(z.out, new RegExp(`health: ${id(ctx, dead)} is in the rotation of ${SHARED.replace(/\./g, '\\.')}\\. again`));
  await z.stop();
});

fleetTest('flapping: down, up, down, up…: the score trends down, one departure, no issue churn', async (ctx) => {
  const flap = 3;
  const issuesBefore = ctx.gh!.issues.length;
  const scores: number[] = [];
  let lefts = 0;
  for (let run = 0; run < 8; run++) {
    await ctx.fleet!.setDown(id(ctx, flap), run % 2 === 0);
    const r = await auditRun(ctx);
    if (new RegExp(`${id(ctx, flap)} (leaves|rejoins)`).test(r.out)) lefts++;
    scores.push(score(ctx, flap));
  }
  await ctx.fleet!.setDown(id(ctx, flap), false);
  assert.ok(scores.at(-1)! < scores[0]!, scores.join(' '));
  assert.ok(scores.every((x) => x > -15), 'never low enough for an issue');
  assert.is(lefts, 1, 'it left the rotation once and stayed out while flapping');
  assert.ok(!record(ctx).members[id(ctx, flap)]!.inRotation);
  assert.is(ctx.gh!.issues.length, issuesBefore, 'no issue opened or closed by flapping');
});

fleetTest('two monitors disagreeing, three monitors and a sharded one: the median decides, shards merge', async (ctx) => {
  const disputed = 0;
  const rec2 = join(ctx.dir, 'health2.json');
  const part = (name: string) => join(ctx.dir, `${name}-${ctx.hour}.json`);
  const monitorRun = async (monitor: string, extra: string[] = []) => {
    const file = part(`${monitor}${extra.length ? extra.join('').replace(/\W/g, '') : ''}`);
    const r = await audit(undefined, ctx.fleet!.root, ['--monitor', monitor, '--observations', file, ...extra], new Date(T0 + ctx.hour * 3_600_000));
    assert.ok(r.code === 0 || r.code === 1, r.err);
    return file;
  };
  let out = '';
  for (let round = 0; round < 6; round++) {
    ctx.hour++;
    // Monitor "far" cannot reach the disputed node (its network), "near" and the shards can.
    await ctx.fleet!.setDown(id(ctx, disputed), true);
    const far = await monitorRun('far');
    await ctx.fleet!.setDown(id(ctx, disputed), false);
    const near = await monitorRun('near');
    const s1 = await monitorRun('matrix', ['--shard', '1/2']);
    const s2 = await monitorRun('matrix', ['--shard', '2/2']);
    const shard1 = JSON.parse(readFileSync(s1, 'utf8')) as { members: Record<string, unknown> };
    const shard2 = JSON.parse(readFileSync(s2, 'utf8')) as { members: Record<string, unknown> };
    assert.is(Object.keys(shard1.members).length + Object.keys(shard2.members).length, 5, 'the shards split the members');
    assert.equal(Object.keys(shard1.members).filter((k) => k in shard2.members), []);
    out = '';
    const code = await healthRun(['update', '--record', rec2, '--root', ctx.fleet!.root, far, near, s1, s2], { stdout: (s) => (out += s), stderr: (s) => (out += s) }, { env: {}, now: new Date(T0 + ctx.hour * 3_600_000) });
    assert.is(code, 0, out);
  }
  const x = readRecord(rec2).members[id(ctx, disputed)]!;
  assert.equal(Object.keys(x.monitors).sort(), ['far', 'matrix', 'near']);
  assert.ok(x.monitors.far! < -10, JSON.stringify(x.monitors));
  assert.ok(x.score > 10, `median ${x.score} of ${JSON.stringify(x.monitors)}`);
  assert.is(x.score, x.monitors.near);
  assert.ok(x.inRotation && x.failingSince === undefined);
  let table = '';
  assert.is(await healthRun(['--record', rec2, '--format', 'json'], { stdout: (s) => (table += s), stderr: () => {} }), 0);
  const rows = JSON.parse(table).members as { member: string; inRotation: boolean }[];
  assert.is(rows.length, 5);
  assert.ok(rows.every((r) => r.inRotation));
});

health.run();
