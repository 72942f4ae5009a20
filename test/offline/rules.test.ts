// Runs the per-rule table (rule-cases.ts): each valid case must not trigger its rule (nor any
// error in the case's own files, unless listed), each invalid case must yield exactly the listed
// findings, no more.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Finding } from '../../scripts/findings.js';
import { ruleMeta } from '../../scripts/rules/index.js';
import { makeConsortium, validate } from '../helpers/consortium.js';
import { ALPHA, NET, cases as baseCases, type Case, type Expect } from './rule-cases.js';
import { tendermintCases } from './rule-cases-tendermint.js';

const cases = { ...baseCases, ...tendermintCases };

export { cases } from './rule-cases.js';

const seen: Finding[] = [];

async function run(c: Case): Promise<Finding[]> {
  const k = makeConsortium({ network: c.network ?? NET, noExampleMembers: true, members: { 'alpha.yaml': ALPHA, ...c.members } });
  try {
    return (await validate(k.dir)).findings;
  } finally {
    k.cleanup();
  }
}

const show = (fs: Finding[]) => fs.map((f) => `  ${f.rule} ${f.severity} ${f.file}:${f.line}:${f.column} ${f.message}`).join('\n') || '  (none)';

/** Files the case itself wrote. */
function ownFiles(c: Case): Set<string> {
  const own = new Set(Object.entries(c.members ?? {}).filter(([, v]) => v !== null).map(([k]) => `members/${k}`));
  if (c.network !== undefined) own.add('network.yaml');
  return own;
}

const key = (f: { rule: string; severity: string; file: string; line: number; column: number }) => `${f.rule} ${f.severity} ${f.file}:${f.line}:${f.column}`;

function matches(f: Finding, e: Expect): boolean {
  return f.rule === e.rule && f.severity === e.severity && f.file === e.file && f.line === e.line && f.column === e.column;
}

for (const [rule, { valid, invalid }] of Object.entries(cases)) {
  for (const c of valid) {
    test(`${rule} valid: ${c.name}`, async () => {
      const fs = await run(c);
      const own = ownFiles(c);
      const bad = fs.filter((f) => f.rule === rule || (f.severity === 'error' && own.has(f.file) && !(c.others ?? []).includes(f.rule)));
      assert.ok(bad.length === 0, `expected no ${rule} finding and no error in ${[...own].join(', ') || 'the background'}, got:\n${show(bad)}`);
    });
  }
  for (const c of invalid) {
    test(`${rule} invalid: ${c.name}`, async () => {
      assert.ok(c.expect?.length, 'an invalid case names its expected findings');
      assert.ok(c.expect!.some((e) => e.rule === rule), `an invalid case of ${rule} expects a ${rule} finding`);
      const fs = await run(c);
      seen.push(...fs);
      // Exactly the expected findings, nothing extra. The background is a test network, so each
      // case also gets the network/relaxed-policy notice; only that rule's own cases list it.
      const listed = new Set(c.expect!.map((e) => e.rule));
      const got = fs.filter((f) => f.rule !== 'network/relaxed-policy' || listed.has(f.rule)).map(key).sort();
      assert.equal(got, c.expect!.map(key).sort(), `findings of ${c.name}:\n${show(fs)}`);
      for (const e of c.expect!) {
        const at = fs.filter((f) => matches(f, e));
        const hit = at.find((f) => (e.has ?? []).every((s) => f.message.includes(s)));
        assert.ok(hit, `expected ${e.rule} ${e.severity} at ${e.file}:${e.line}:${e.column} containing ${JSON.stringify(e.has ?? [])}, got:\n${show(fs)}`);
        for (const s of e.lacks ?? []) assert.not.ok(hit!.message.includes(s), `message must not contain ${JSON.stringify(s)}: ${hit!.message}`);
      }
    });
  }
}

test('every finding of the invalid cases is positioned and one line of visible text', () => {
  assert.ok(seen.length > 100);
  for (const f of seen) {
    assert.ok(f.line >= 1 && f.column >= 1, `${f.rule} ${f.file}:${f.line}:${f.column}`);
    assert.not.match(f.message, /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/, `${f.rule}: ${JSON.stringify(f.message)}`);
    assert.not.match(f.message, /\{\w+\}/, `${f.rule}: unfilled placeholder in ${f.message}`);
  }
});

test('every message of every tabled rule is produced by some invalid case', () => {
  const unused: string[] = [];
  for (const id of Object.keys(cases)) {
    const meta = ruleMeta.get(id)!;
    for (const [key, template] of Object.entries(meta.messages)) {
      const re = new RegExp(`^${template.split(/\{\w+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^]*')}$`);
      if (!seen.some((f) => f.rule === id && re.test(f.message))) unused.push(`${id}.${key}`);
    }
  }
  assert.equal(unused, [], `messages no invalid case produces: ${unused.join(', ')}`);
});

test('the background consortium itself is clean (no errors, no warnings)', async () => {
  const fs = await run({ name: 'background' });
  assert.equal(fs.filter((f) => f.severity !== 'notice'), [], show(fs));
});

test.run();
