// Every registered rule is complete (id, description, messages, citation) and has valid and
// invalid cases in the rules table; the registry refuses duplicates and incomplete rules.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { changeRules, internalRules, offlineRules, registerMeta, ruleMeta } from '../../scripts/rules/index.js';
import { Collector } from '../../scripts/validate.js';
import { cases as baseCases } from './rule-cases.js';
import { tendermintCases } from './rule-cases-tendermint.js';

const cases = { ...baseCases, ...tendermintCases };

const ID = /^[a-z][a-z0-9]*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TABLED = /^(yaml|schema|member|network|tendermint)\//;

test('every registered rule: area/kebab id, description, messages', () => {
  assert.ok(ruleMeta.size >= 40, `${ruleMeta.size} rules registered`);
  for (const [id, m] of ruleMeta) {
    assert.is(m.id, id);
    assert.match(id, ID);
    assert.ok(['error', 'warning', 'notice'].includes(m.severity), `${id}: severity ${m.severity}`);
    assert.ok(typeof m.description === 'string' && m.description.length >= 15, `${id}: description`);
    const msgs = Object.entries(m.messages);
    assert.ok(msgs.length >= 1, `${id}: no messages`);
    for (const [k, v] of msgs) assert.ok(/^[a-zA-Z][a-zA-Z0-9]*$/.test(k) && typeof v === 'string' && v.length >= 10, `${id}.${k}`);
  }
});

test('every yaml/, schema/, member/ and network/ rule has valid and invalid cases in the table', () => {
  const missing: string[] = [];
  for (const id of ruleMeta.keys()) {
    if (!TABLED.test(id) || changeRules.some((r) => r.id === id)) continue; // change rules: test/tendermint/changes.test.ts
    const c = cases[id];
    if (!c || c.valid.length === 0 || c.invalid.length === 0) missing.push(id);
  }
  assert.equal(missing, [], `rules without both a valid and an invalid case: ${missing.join(', ')}`);
});

test('the rules outside the table are the framework’s own and the live ones (tested against real servers)', async () => {
  // Registering the live rules here makes this test independent of what ran before it.
  const { liveRules } = await import('../../scripts/live/run.js');
  const untabled = [...ruleMeta.keys()].filter((id) => !TABLED.test(id) || changeRules.some((r) => r.id === id)).sort();
  const expected = [...internalRules.map((r) => r.id), ...changeRules.map((r) => r.id), ...liveRules.map((r) => r.meta.id)].sort();
  assert.equal(untabled, expected);
  for (const r of liveRules) {
    assert.match(r.meta.id, /^(dns|tls|api|p2p)\//);
    assert.ok(r.meta.citation && r.meta.citation.trim().length >= 4, `${r.meta.id}: no citation`);
  }
});

test('the table names only registered rules, and each invalid case expects its own rule', () => {
  for (const [id, c] of Object.entries(cases)) {
    assert.ok(ruleMeta.has(id), `table entry for unregistered rule ${id}`);
    for (const inv of c.invalid) {
      assert.ok(inv.expect?.some((e) => e.rule === id), `${id} invalid "${inv.name}" does not expect ${id}`);
      for (const e of inv.expect ?? []) {
        assert.ok(ruleMeta.has(e.rule), `${id} "${inv.name}" expects unknown rule ${e.rule}`);
        assert.ok(e.line >= 1 && e.column >= 1, `${id} "${inv.name}" expects a position`);
      }
    }
  }
});

test('every member/, network/ and tendermint/ rule cites its source', () => {
  for (const [id, m] of ruleMeta) {
    if (!/^(member|network|tendermint)\//.test(id)) continue;
    assert.ok(m.citation && m.citation.trim().length >= 4, `${id}: no citation`);
  }
});

test('every rule module under rules/member and rules/network is registered, sorted per area', () => {
  for (const area of ['member', 'network']) {
    const dir = new URL(`../../scripts/rules/${area}/`, import.meta.url);
    const helpers = ['fields.js', 'unique.js', 'names.js'];
    const files = readdirSync(dir).filter((f) => f.endsWith('.js') && !helpers.includes(f)).map((f) => `${area}/${f.slice(0, -3)}`).sort();
    const ids = offlineRules.map((r) => r.meta.id).filter((id) => id.startsWith(`${area}/`));
    assert.equal(ids, files, `${area}: modules vs index`);
  }
});

test('registerMeta refuses a duplicate id', () => {
  const existing = ruleMeta.get('member/id-syntax')!;
  const before = ruleMeta.size;
  assert.throws(() => registerMeta([existing]), /duplicate rule id member\/id-syntax/);
  assert.throws(() => registerMeta([{ ...existing, description: 'another rule, same id' }]), /duplicate/);
  assert.is(ruleMeta.size, before);
  assert.is(ruleMeta.get('member/id-syntax'), existing);
});

test('registerMeta refuses bad ids and incomplete metadata', () => {
  const before = ruleMeta.size;
  assert.throws(() => registerMeta([{ id: 'Member/IdSyntax', severity: 'error', description: 'x', messages: { a: 'b' } }]), /kebab/);
  assert.throws(() => registerMeta([{ id: 'norule', severity: 'error', description: 'x', messages: { a: 'b' } }]), /kebab/);
  assert.throws(() => registerMeta([{ id: 'test/no-messages', severity: 'error', description: 'has no messages', messages: {} }]), /description or messages/);
  assert.throws(() => registerMeta([{ id: 'test/no-description', severity: 'error', description: '', messages: { a: 'b' } }]), /description or messages/);
  assert.is(ruleMeta.size, before);
});

test('a crashing rule becomes internal/rule-crashed naming the rule, not an exception', () => {
  const c = new Collector();
  const meta = ruleMeta.get('member/id-syntax')!;
  c.guard(meta, 'members/zed.yaml', () => {
    throw new TypeError('boom');
  });
  assert.is(c.internalErrors, 1);
  assert.is(c.findings.length, 1);
  const f = c.findings[0]!;
  assert.is(f.rule, 'internal/rule-crashed');
  assert.is(f.severity, 'error');
  assert.is(f.file, 'members/zed.yaml');
  assert.is(f.line, 1);
  assert.is(f.column, 1);
  assert.ok(f.message.includes('member/id-syntax') && f.message.includes('boom'), f.message);
});

test('reporting an unknown message id is a rule bug that guard turns into a finding', () => {
  const c = new Collector();
  const meta = ruleMeta.get('member/id-syntax')!;
  c.guard(meta, 'members/zed.yaml', () => c.add(meta, 'members/zed.yaml', { line: 1, column: 1 }, 'noSuchMessage', {}));
  assert.is(c.findings[0]?.rule, 'internal/rule-crashed');
  assert.match(c.findings[0]!.message, /noSuchMessage/);
});

test.run();
