// The score model, the merge of monitors and shards, the rotation and the issue hysteresis,
// without a network (test/health/fleet.test.ts drives the same code through a real fleet).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Finding } from '../../scripts/findings.js';
import { healthIssuePolicy } from '../../scripts/health/issues.js';
import { classify, observe, type Observations } from '../../scripts/health/observe.js';
import { emptyRecord, HealthFileError, parseObservations, parseRecord } from '../../scripts/health/record.js';
import { DEFAULT_HEALTH, median, nextScore, START, wantIssue } from '../../scripts/health/score.js';
import { inShard, parseShard } from '../../scripts/health/shard.js';
import { healthMarkdown, healthText, siteHealth } from '../../scripts/health/table.js';
import { outOfRotation, updateRecord } from '../../scripts/health/update.js';

const err = (rule: string, file: string, messageId?: string): Finding => ({ rule, severity: 'error', file, line: 1, column: 1, message: `${rule} happened`, ...(messageId ? { messageId } : {}) });
const IDS = ['a', 'b', 'c', 'd', 'e'];
const MEMBERS = { all: IDS, active: IDS };
const at = (i: number) => new Date(Date.UTC(2026, 11, 1, 0, i));

function part(monitor: string, i: number, bad: string[] = [], extra: Partial<Observations> = {}): Observations {
  const members: Observations['members'] = {};
  for (const id of IDS) members[id] = bad.includes(id) ? { outcome: 'bad', findings: [err('tls/connect-failed', `members/${id}.yaml`)] } : { outcome: 'good', findings: [] };
  return { version: 1, monitor, at: at(i).toISOString(), members, ...extra };
}

test('score = step + 0.95 × previous: +1 settles at 20, −5 falls, inconclusive does not move it', () => {
  let s = START;
  for (let i = 0; i < 300; i++) s = nextScore(s, 'good');
  assert.ok(Math.abs(s - 20) < 0.1, String(s));
  assert.is(nextScore(20, 'bad'), 14);
  assert.is(nextScore(14, 'bad'), 8.3);
  assert.is(nextScore(8.3, 'inconclusive'), 8.3);
  assert.is(nextScore(undefined, 'good'), 10.5);
  let low = 20;
  for (let i = 0; i < 500; i++) low = nextScore(low, 'bad');
  assert.ok(low >= -100 && low < -99, String(low));
});

test('median of monitors; issue hysteresis opens at −15 and closes at 10', () => {
  assert.is(median([20, -30, 18]), 18);
  assert.is(median([10, 20]), 15);
  assert.is(median([]), undefined);
  const s = DEFAULT_HEALTH;
  assert.ok(!wantIssue(-14.9, false, s));
  assert.ok(wantIssue(-15, false, s));
  assert.ok(wantIssue(9.9, true, s), 'stays open below the close threshold');
  assert.ok(!wantIssue(10, true, s));
});

test('classify: a real failure is bad, only-inconclusive errors are inconclusive, warnings are good', () => {
  assert.is(classify([err('tls/expired', 'members/a.yaml')]).outcome, 'bad');
  assert.is(classify([err('dns/inconclusive', 'members/a.yaml', 'inconclusive')]).outcome, 'inconclusive');
  assert.is(classify([err('dns/inconclusive', 'members/a.yaml', 'inconclusive'), err('tls/expired', 'members/a.yaml')]).outcome, 'bad');
  assert.is(classify([{ ...err('tls/expiring-soon', 'members/a.yaml'), severity: 'warning' }]).outcome, 'good');
});

test('observe: no usable resolver, or every member failing at once, makes the whole run inconclusive', () => {
  const members = IDS.map((id) => ({ id, file: `members/${id}.yaml` }));
  const unusable = { ...err('dns/resolver-unusable', 'network.yaml'), messageId: 'down' };
  assert.match(observe({ monitor: 'm', at: at(0), members, findings: [unusable], live: true }).inconclusive ?? '', /no resolver of this monitor was usable/);
  assert.match(observe({ monitor: 'm', at: at(0), members, findings: IDS.map((id) => err('tls/connect-failed', `members/${id}.yaml`)), live: true }).inconclusive ?? '', /all 5 members failed at once/);
  assert.is(observe({ monitor: 'm', at: at(0), members, findings: [err('tls/connect-failed', 'members/a.yaml')], live: true }).inconclusive, undefined);
  assert.match(observe({ monitor: 'm', at: at(0), members, findings: [], live: false }).inconclusive ?? '', /offline/);
});

test('an inconclusive part moves no score and changes no rotation', () => {
  let r = updateRecord(emptyRecord(), [part('m', 0, ['a'])], MEMBERS, DEFAULT_HEALTH, at(1)).record;
  const before = structuredClone(r.members);
  const out = updateRecord(r, [part('m', 2, IDS, { inconclusive: 'no resolver' })], MEMBERS, DEFAULT_HEALTH, at(3));
  r = out.record;
  assert.equal(r.members, before);
  assert.equal(out.changes, []);
  assert.equal(out.inconclusive, [{ monitor: 'm', why: 'no resolver' }]);
  assert.is(r.runs.length, 2);
});

test('two monitors disagreeing: the median of three keeps a member one monitor cannot reach', () => {
  let r = emptyRecord();
  for (let i = 0; i < 6; i++) r = updateRecord(r, [part('x', i, ['a']), part('y', i), part('z', i)], MEMBERS, DEFAULT_HEALTH, at(i)).record;
  const a = r.members.a!;
  assert.ok(a.monitors.x! < -5, JSON.stringify(a.monitors));
  assert.is(a.score, a.monitors.y);
  assert.ok(a.inRotation);
  assert.is(a.failingSince, undefined, 'the majority says it passes');
  // Two monitors of two: the median is their mean.
  let two = emptyRecord();
  for (let i = 0; i < 3; i++) two = updateRecord(two, [part('x', i, ['a']), part('y', i)], MEMBERS, DEFAULT_HEALTH, at(i)).record;
  assert.is(two.members.a!.score, median([two.members.a!.monitors.x!, two.members.a!.monitors.y!]));
});

test('rotation: leaves below 10 (worst first, at most max_rotation_leaves per update), never below min_in_rotation, rejoins at 10', () => {
  const s = { ...DEFAULT_HEALTH, maxRotationLeaves: 1, minInRotation: 3 };
  let r = updateRecord(emptyRecord(), [part('m', 0, ['a', 'b', 'c'])], MEMBERS, s, at(0));
  assert.equal(r.changes.map((c) => [c.id, c.change]), [['a', 'left']], 'one leave per update');
  assert.match(r.changes[0]!.why, /left: score 4\.5 below 10, failing since .* \(tls\/connect-failed\)/);
  r = updateRecord(r.record, [part('m', 1, ['a', 'b', 'c'])], MEMBERS, s, at(1));
  assert.equal(r.changes.map((c) => c.id), ['b']);
  r = updateRecord(r.record, [part('m', 2, ['a', 'b', 'c'])], MEMBERS, s, at(2));
  assert.equal(r.changes, [], 'c stays: three members must remain');
  assert.equal(IDS.filter((id) => r.record.members[id]!.inRotation), ['c', 'd', 'e']);
  // The zone enforces the minimum again, whatever the record says.
  const forced = structuredClone(r.record);
  for (const id of IDS) forced.members[id]!.inRotation = false;
  assert.equal([...outOfRotation(forced, IDS, s).keys()].sort(), ['b', 'c'], 'the three best-scoring stay (ties by id)');
  // Recovery: back at 10 or above, a member rejoins.
  let rec = r.record;
  let joined: string[] = [];
  for (let i = 3; i < 60 && !joined.includes('a'); i++) {
    const u = updateRecord(rec, [part('m', i)], MEMBERS, s, at(i));
    rec = u.record;
    joined = joined.concat(u.changes.filter((c) => c.change === 'rejoined').map((c) => c.id));
    if (joined.includes('a')) assert.ok(rec.members.a!.score >= 10);
  }
  assert.ok(joined.includes('a') && joined.includes('b'));
});

test('members no longer in members/ are dropped; a new member starts at 10, in the rotation', () => {
  const r = updateRecord(emptyRecord(), [part('m', 0)], MEMBERS, DEFAULT_HEALTH, at(0)).record;
  const next = updateRecord(r, [], { all: ['a', 'b', 'z'], active: ['a', 'b', 'z'] }, DEFAULT_HEALTH, at(1)).record;
  assert.equal(Object.keys(next.members).sort(), ['a', 'b', 'z']);
  assert.is(next.members.z!.score, START);
  assert.ok(next.members.z!.inRotation);
});

test('shards: disjoint, together every member, stable under reordering; bad --shard values', () => {
  const items = Array.from({ length: 1003 }, (_, i) => ({ id: `m${String(i).padStart(4, '0')}` }));
  const parts = [1, 2, 3, 4].map((i) => inShard(items, { index: i, count: 4 }));
  assert.is(parts.reduce((n, p) => n + p.length, 0), 1003);
  assert.is(new Set(parts.flat().map((x) => x.id)).size, 1003);
  assert.ok(parts.every((p) => p.length >= 250 && p.length <= 251));
  assert.equal(inShard([...items].reverse(), { index: 2, count: 4 }).map((x) => x.id).sort(), parts[1]!.map((x) => x.id).sort());
  assert.equal(parseShard('2/4'), { index: 2, count: 4 });
  assert.type(parseShard('5/4'), 'string');
  assert.type(parseShard('0/4'), 'string');
  assert.type(parseShard('x'), 'string');
});

test('the record and observations files are checked: malformed ones are refused with what is wrong', () => {
  const good = updateRecord(emptyRecord(), [part('m', 0, ['a'])], MEMBERS, DEFAULT_HEALTH, at(0)).record;
  assert.equal(parseRecord(JSON.parse(JSON.stringify(good)), 'h.json'), good);
  const bad = JSON.parse(JSON.stringify(good));
  bad.members.a.score = 'high';
  assert.throws(() => parseRecord(bad, 'h.json'), (e: unknown) => e instanceof HealthFileError && /h\.json: members\.a needs "score"/.test((e as Error).message));
  const evil = JSON.parse(JSON.stringify(good));
  evil.members['../x'] = evil.members.a;
  assert.throws(() => parseRecord(evil, 'h.json'), /is not a member id/);
  assert.throws(() => parseObservations({ version: 1, monitor: 'a b', at: at(0).toISOString(), members: {} }, 'o.json'), /o\.json: "monitor" must be a name/);
  assert.throws(() => parseObservations({ version: 1, monitor: 'm', at: at(0).toISOString(), members: { a: { outcome: 'fine' } } }, 'o.json'), /members\.a\.outcome must be good, bad or inconclusive/);
  assert.throws(() => parseRecord({ version: 2 }, 'h.json'), /not a pmnet health record of version 1/);
});

test('the table as text, Markdown, and the status site input (0 to 100)', () => {
  let r = emptyRecord();
  for (let i = 0; i < 3; i++) r = updateRecord(r, [part('m', i, ['a'])], MEMBERS, DEFAULT_HEALTH, at(i)).record;
  const text = healthText(r);
  assert.match(text, /^member +score +trend +rotation +last failure\n/);
  assert.match(text, /\na +-5\.7 +↓ +out +2026-12-01T00:02:00\.000Z tls\/connect-failed\n/);
  assert.match(text, /\nb +11\.4 +↑ +in +—\n/);
  const md = healthMarkdown(r, 'Net | x');
  assert.match(md, /## pmnet health: Net \\\| x/);
  assert.match(md, /\| `a` \| -5\.7 \| ↓ \| ⛔ out: left\\: score 4\\\.5 below 10/);
  const site = siteHealth(r);
  assert.equal(site.members.a!.map((p) => p.score), [23, 0, 0]);
  assert.ok(site.members.b!.every((p) => p.score > 50 && p.score <= 100));
});


test('issue policy: hysteresis on the median score, logins mentioned, a comment only when the rotation changed', () => {
  const u = updateRecord(emptyRecord(), [part('m', 0, ['a'])], MEMBERS, DEFAULT_HEALTH, at(0));
  u.record.members.a!.score = -20;
  const p = healthIssuePolicy(u.record, new Map([['a', ['alice', 'Bad Login']]]), DEFAULT_HEALTH, u.changes);
  const audit = (id: string) => ({ id, file: `members/${id}.yaml`, status: 'active' as const, findings: [], errors: 0 });
  assert.ok(p.want(audit('a'), false));
  assert.ok(!p.want(audit('b'), false));
  assert.ok(!p.want(audit('b'), true), 'b is at 10.5: an open issue closes');
  assert.match(p.note(audit('a')), /Member contacts: @alice\n/);
  assert.not.match(p.note(audit('a')), /Bad Login/);
  assert.match(p.comment!(audit('a'))!, /^Health: left\\: score 4\\\.5 below 10/);
  assert.is(p.comment!(audit('b')), undefined);
});


test('the same observations folded in twice count once', () => {
  const p = part('m', 0, ['a']);
  const once = updateRecord(emptyRecord(), [p], MEMBERS, DEFAULT_HEALTH, at(1));
  const twice = updateRecord(once.record, [p], MEMBERS, DEFAULT_HEALTH, at(2));
  assert.equal(twice.duplicates, [`m  ${p.at}`]);
  assert.is(twice.record.members.a!.score, once.record.members.a!.score);
  assert.is(twice.record.members.a!.checks.length, 1);
  assert.is(updateRecord(emptyRecord(), [p, p], MEMBERS, DEFAULT_HEALTH, at(1)).record.members.a!.checks.length, 1);
});


test('a monitor that stopped checking (over 7 days) leaves the median', () => {
  let r = emptyRecord();
  for (let i = 0; i < 8; i++) r = updateRecord(r, [part('gone', i, ['a']), part('x', i), part('y', i)], MEMBERS, DEFAULT_HEALTH, at(i)).record;
  const later = (d: number) => new Date(at(0).getTime() + d * 86_400_000);
  // Now only x and y report; "gone" (a low score for a) last checked eight days before.
  r = updateRecord(r, [{ ...part('x', 0, ['a']), at: later(8).toISOString() }, { ...part('y', 0), at: later(8).toISOString() }], MEMBERS, DEFAULT_HEALTH, later(8)).record;
  const a = r.members.a!;
  assert.ok(a.monitors.gone! < -20, JSON.stringify(a.monitors));
  assert.is(a.score, median([a.monitors.x!, a.monitors.y!]));
});

test.run();
