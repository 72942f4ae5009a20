// Generated documentation stays in step with the code.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { catalogue } from '../scripts/commands/rules.js';

const root = new URL('../../', import.meta.url);

test('docs/rules.md is what `pmnet rules` prints (regenerate: pmnet rules > docs/rules.md)', async () => {
  const committed = readFileSync(new URL('docs/rules.md', root), 'utf8');
  assert.fixture(committed, await catalogue());
});

test('the catalogue lists exactly the registered rules, live ones included', async () => {
  const text = await catalogue();
  const { ruleMeta } = await import('../scripts/rules/index.js');
  const ids = [...text.matchAll(/^\| <a id="[^"]+"><\/a>`([a-z][a-z0-9]*\/[a-z0-9-]+)`/gm)].map((m) => m[1]!).sort();
  assert.equal(ids, [...ruleMeta.keys()].sort());
  assert.ok(ids.some((id) => id.startsWith('dns/')) && ids.some((id) => id.startsWith('tls/')));
});

test.run();
