import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildRecords, type RRset } from '../../scripts/zone/records.js';
import { mdText as escapeMarkdown } from '../../scripts/report/escape.js';
import { isEmpty, planChanges, planToJson, planToMarkdown, planToText } from '../../scripts/zone/plan.js';
import { exampleMembers, exampleNetwork, member } from './fixtures.js';
import type { Member } from '../../scripts/model/types.js';

// One out-of-zone name server and 9 single-address members: 1 SOA + 1 NS + 9 A + 9 CNAME = 20 records.
const net = exampleNetwork({ nameservers: [{ name: 'ns.dns-host.example', ipv4: [], ipv6: [] }] });
const nine = (): Member[] => Array.from({ length: 9 }, (_, i) => member(`m${i}`, `m${i}.example`, [`192.0.2.${i + 1}`]));
const plan = (a: Member[], b: Member[], force = false) => planChanges('bdbnetwork.io.', buildRecords(net, a), buildRecords(net, b), net.zone.guard, force);

test('no change: empty plan, guard ok', () => {
  const p = plan(nine(), nine());
  assert.ok(isEmpty(p));
  assert.is(p.existingRecords, 20);
  assert.is(p.guard.status, 'ok');
  assert.match(planToText(p), /no changes/);
});

test('guard: removing 3 of 9 members touches exactly 30% (not more): allowed', () => {
  const p = plan(nine(), nine().slice(3));
  assert.is(p.affectedRecords, 6);
  assert.is(p.affectedPercent, 30);
  assert.is(p.guard.status, 'ok');
  assert.is(p.removed.length, 3);
  assert.is(p.changed.length, 1, 'the shared A RRset');
  assert.equal(p.changed[0]!.name, 'api.bdbnetwork.io.');
});

test('guard: one more updated record (35%) blocks; --force turns it into forced', () => {
  const after = nine().slice(3);
  after[0] = member('m3', 'm3.example', ['198.51.100.3']);
  const p = plan(nine(), after);
  assert.is(p.affectedRecords, 7);
  assert.is(p.guard.status, 'blocked');
  const text = planToText(p);
  assert.match(text, /ERROR mass-change guard: this change deletes or updates 7 of 20 records \(35%\), more than the 30% allowed/);
  assert.match(text, /--force/);
  assert.is(plan(nine(), after, true).guard.status, 'forced');
});

test('guard: a zone below minRecords is never blocked', () => {
  const p = plan(nine().slice(0, 3), []); // 1 + 1 + 3 + 3 = 8 records, all members go
  assert.is(p.existingRecords, 8);
  assert.is(p.affectedRecords, 6);
  assert.is(p.guard.status, 'ok');
});

test('guard: a TTL change updates every record of the RRset', () => {
  const base = buildRecords(net, nine());
  const next = buildRecords({ ...net, zone: { ...net.zone, sharedTtl: 30 } }, nine());
  const p = planChanges('bdbnetwork.io.', base, next, net.zone.guard);
  assert.is(p.affectedRecords, 9);
  assert.is(p.guard.status, 'blocked');
});

test('additions never count against the guard', () => {
  const more = [...nine(), ...Array.from({ length: 50 }, (_, i) => member(`n${i}`, `n${i}.example`, [`198.51.100.${i + 1}`]))];
  const p = plan(nine(), more);
  assert.is(p.affectedRecords, 0);
  assert.is(p.added.length, 50);
  assert.is(p.guard.status, 'ok');
});

test('SOA and NS changes are always called out', () => {
  const other = exampleNetwork({ nameservers: [{ name: 'ns.new-host.example', ipv4: [], ipv6: [] }] });
  other.zone.soa = { ...other.zone.soa, refresh: 1800 };
  const p = planChanges('bdbnetwork.io.', buildRecords(exampleNetwork(), exampleMembers()), buildRecords(other, exampleMembers()), other.zone.guard);
  assert.equal(p.apexChanges, ['NS', 'SOA']);
  assert.match(planToText(p), /NOTE: the zone's NS and SOA records change/);
  assert.match(planToMarkdown(p), /\[!IMPORTANT\]/);
  // Glue of ns1 disappears too.
  assert.ok(p.removed.some((s) => s.name === 'ns1.bdbnetwork.io.' && s.type === 'A'));
});

test('text renderer lists +, - and ~ lines', () => {
  const p = plan(nine(), [...nine().slice(1), member('x', 'x.example', ['192.0.2.99'])]);
  const t = planToText(p);
  assert.match(t, /^\+ x\.nodes\.bdbnetwork\.io\. 300 CNAME x\.example\.$/m);
  assert.match(t, /^- m0\.nodes\.bdbnetwork\.io\. 300 CNAME m0\.example\.$/m);
  assert.match(t, /^~ api\.bdbnetwork\.io\. A$/m);
  assert.match(t, /^ {2}\+ api\.bdbnetwork\.io\. 60 A 192\.0\.2\.99$/m);
  assert.match(t, /^ {2}- api\.bdbnetwork\.io\. 60 A 192\.0\.2\.1$/m);
  assert.not.match(t, /^ {2}[-+] api\.bdbnetwork\.io\. 60 A 192\.0\.2\.2$/m, 'unchanged values are not listed');
  const md = planToMarkdown(p);
  assert.match(md, /^\| ~ \| api\\\.bdbnetwork\\\.io\\\. \| A \| 60 \| − 192\\\.0\\\.2\\\.1<br>\\\+ 192\\\.0\\\.2\\\.99 \|$/m);
});

test('json renderer: stable documented shape', () => {
  const p = plan(nine(), nine().slice(1));
  const j = JSON.parse(planToJson(p));
  assert.equal(Object.keys(j), ['version', 'zone', 'summary', 'guard', 'apexChanges', 'changes']);
  assert.is(j.version, 1);
  assert.equal(j.summary, { added: 0, removed: 1, changed: 1, existingRecords: 20, affectedRecords: 2, affectedPercent: 10 });
  assert.equal(j.guard, { maxChangePercent: 30, minRecords: 10, status: 'ok' });
  assert.equal(j.changes[0], { action: 'remove', name: 'm0.nodes.bdbnetwork.io.', type: 'CNAME', before: { ttl: 300, values: ['m0.example.'] }, after: null });
  assert.equal(j.changes[1].action, 'change');
  assert.equal(planToJson(p), planToJson(plan(nine(), nine().slice(1))), 'byte-stable');
});

test('markdown escapes Markdown, HTML and @mentions even in values', () => {
  const evil: RRset = { name: '@team.<img src=x>.bdbnetwork.io.', type: 'CNAME', ttl: 1, values: ['[x](http://e)|*b*_`c`\n# h'] };
  const p = planChanges('bdbnetwork.io.', [], [evil], net.zone.guard);
  const md = planToMarkdown(p);
  assert.not.match(md, /@team/);
  assert.not.match(md, /<img/);
  assert.not.match(md, /\[x\]\(/);
  assert.not.match(md, /[^\\]\|\*b/);
  assert.match(md, /@\u200bteam/, 'a zero-width space after @ defuses the mention');
  assert.is(escapeMarkdown('a|b'), 'a\\|b');
  assert.is(escapeMarkdown('line\nbreak'), 'line break');
});

test('markdown shows the guard block', () => {
  const after = nine().slice(4);
  const md = planToMarkdown(plan(nine(), after));
  assert.match(md, /\[!CAUTION\]/);
  assert.match(md, /mass\\-change guard/);
});

test.run();
