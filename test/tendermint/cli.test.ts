// pmnet tendermint on a copy of the shipped example: genesis, peers, write --check, plan against a
// base directory (before and after genesis), and pull requests may not edit tendermint/.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run as tendermint } from '../../scripts/commands/tendermint.js';
import { classify } from '../../scripts/github/classify.js';
import { EXAMPLE_DIR, makeConsortium } from '../helpers/consortium.js';

async function call(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await tendermint(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

function example(): string {
  const k = makeConsortium();
  cpSync(join(EXAMPLE_DIR, 'tendermint'), join(k.dir, 'tendermint'), { recursive: true });
  return k.dir;
}

test('the committed example files are what pmnet tendermint write produces', async () => {
  const r = await call(['write', '--check', '--root', EXAMPLE_DIR, '--now', '2026-12-01T00:00:00Z']);
  assert.is(r.code, 0, r.err);
});

test('genesis prints the committed genesis.json; peers prints one node\'s line without itself', async () => {
  const root = example();
  const g = await call(['genesis', '--root', root]);
  assert.is(g.code, 0, g.err);
  assert.is(g.out, readFileSync(join(EXAMPLE_DIR, 'tendermint', 'genesis.json'), 'utf8'));
  const p = await call(['peers', 'abc-org73', '--root', root]);
  assert.is(p.code, 0);
  assert.match(p.out, /^persistent_peers = "[0-9a-f]{40}@api\.dynabob8\.io:26656,[0-9a-f]{40}@figmentdb3\.ninja:26656"\n$/);
  assert.not.match(p.out, /abc-org73\.net/);
  const unknown = await call(['peers', 'nobody', '--root', root]);
  assert.is(unknown.code, 1);
  assert.is((await call(['frobnicate', '--root', root])).code, 2);
});

test('write: a member leaving removes its peers file and changes genesis; --check sees it first', async () => {
  const root = example();
  const f = join(root, 'members', 'figmentdb3.yaml');
  writeFileSync(f, readFileSync(f, 'utf8').replace('status: active', 'status: suspended'));
  const chk = await call(['write', '--check', '--root', root, '--now', '2026-12-01T00:00:00Z']);
  assert.is(chk.code, 1);
  assert.match(chk.err, /tendermint\/genesis\.json is out of date/);
  assert.match(chk.err, /tendermint\/peers\/figmentdb3\.toml is out of date/);
  const w = await call(['write', '--root', root, '--now', '2026-12-01T00:00:00Z']);
  assert.is(w.code, 0, w.err);
  assert.not.ok(existsSync(join(root, 'tendermint', 'peers', 'figmentdb3.toml')));
  assert.not.match(readFileSync(join(root, 'tendermint', 'genesis.json'), 'utf8'), /figmentdb3/);
  assert.is((await call(['write', '--check', '--root', root, '--now', '2026-12-01T00:00:00Z'])).code, 0);
});

test('write after genesis_time keeps genesis.json as it is and says why', async () => {
  const root = example();
  const before = readFileSync(join(root, 'tendermint', 'genesis.json'), 'utf8');
  const f = join(root, 'members', 'figmentdb3.yaml');
  writeFileSync(f, readFileSync(f, 'utf8').replace('status: active', 'status: suspended'));
  const w = await call(['write', '--root', root, '--now', '2031-01-01T00:00:00Z']);
  assert.is(w.code, 0);
  assert.match(w.err, /the chain exists/);
  assert.is(readFileSync(join(root, 'tendermint', 'genesis.json'), 'utf8'), before);
});

test('plan: before genesis the change goes into genesis.json; after genesis the election command is shown, and a 1/3 move is refused', async () => {
  const base = example();
  const head = example();
  const f = join(head, 'members', 'dynabob8.yaml');
  writeFileSync(f, readFileSync(f, 'utf8').replace('  tendermint:\n', '  tendermint:\n    power: 9\n'));
  const pre = await call(['plan', '--root', head, '--base-root', base, '--now', '2029-01-01T00:00:00Z']);
  assert.is(pre.code, 0, pre.err);
  assert.match(pre.out, /dynabob8: 10 → 9/);
  assert.match(pre.out, /Before genesis/);
  assert.not.match(pre.out, /persistent_peers/, 'no peer changes');
  const post = await call(['plan', '--root', head, '--base-root', base, '--now', '2031-01-01T00:00:00Z', '--format', 'markdown']);
  assert.is(post.code, 0, post.err);
  assert.match(post.out, /^### Tendermint validator plan/);
  assert.match(post.out, /planetmint election new upsert-validator ACXSJSUxJbUqruUx2ezqOqRYepPTC4Ka\/iPojd6t1KQ= 9 ca4cae3bd6503689322a22de1c2d3f5db8503919 --private-key/);
  writeFileSync(f, readFileSync(f, 'utf8').replace('power: 9', 'power: 20'));
  const big = await call(['plan', '--root', head, '--base-root', base, '--now', '2031-01-01T00:00:00Z']);
  assert.is(big.code, 1);
  assert.match(big.out, /error tendermint\/power-change: this change moves 10 of 30 voting power \(at least 1\/3\)/);
  assert.match(big.out, /the election giving dynabob8 power 20 would be refused/);
  const json = JSON.parse((await call(['plan', '--root', head, '--base-root', base, '--now', '2031-01-01T00:00:00Z', '--format', 'json'])).out);
  assert.is(json.refused, true);
});

test('plan: a member leaving removes its node from every persistent_peers line', async () => {
  const base = example();
  const head = example();
  const f = join(head, 'members', 'figmentdb3.yaml');
  writeFileSync(f, readFileSync(f, 'utf8').replace('status: active', 'status: suspended'));
  const r = await call(['plan', '--root', head, '--base-root', base, '--now', '2029-01-01T00:00:00Z']);
  assert.match(r.out, /peers in the nodes' persistent_peers \(tendermint\/peers\/<id>\.toml/);
  assert.match(r.out, /^ {2}- 3868373cbeea552388f019751f39da4826f7763d@figmentdb3\.ninja:26656$/m);
  assert.match(r.out, /figmentdb3: 10 → 0 \(removed\)/);
});

test('network.yaml: chain_id of 51 characters, a chain_id with a space, and a local genesis_time are refused; the defaults need no tendermint key', async () => {
  const { validate } = await import('../helpers/consortium.js');
  const cases: Array<[string, string, string]> = [
    ['chain_id: bdbnetwork-example-1', `chain_id: ${'c'.repeat(51)}`, 'network.yaml:49:13 schema/size tendermint.chain_id is longer than 50 characters.'],
    ['chain_id: bdbnetwork-example-1', 'chain_id: "bdb network"', 'network.yaml:49:13 schema/invalid-value tendermint.chain_id "bdb network" does not have the expected form'],
    ['genesis_time: "2030-01-01T00:00:00Z"', 'genesis_time: "2030-01-01T00:00:00+01:00"', 'network.yaml:50:17 schema/invalid-value tendermint.genesis_time "2030-01-01T00:00:00+01:00" does not have the expected form'],
  ];
  for (const [from, to, expected] of cases) {
    const k = makeConsortium({ network: (t) => t.replace(from, to) });
    const errs = (await validate(k.dir)).findings.filter((f) => f.severity === 'error').map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.message}`);
    assert.is(errs.length, 1, errs.join('\n'));
    assert.ok(errs[0]!.startsWith(expected), errs[0]);
    k.cleanup();
  }
  const plain = makeConsortium({ network: (t) => t.replace(/tendermint:\n(  .*\n)+/, '') });
  const r = await validate(plain.dir);
  assert.equal(r.findings.filter((f) => f.severity === 'error'), []);
  assert.is(r.model?.network.tendermint?.version, '0.34.24');
  assert.is(r.model?.network.tendermint?.defaultPower, 10);
  assert.is(r.model?.network.tendermint?.maxPeers, 40);
  plain.cleanup();
});

test('a pull request may not edit the generated tendermint/ files', () => {
  const c = classify([{ filename: 'tendermint/genesis.json', status: 'modified' }] as never);
  assert.not.ok(c.ok);
  assert.match((c as unknown as { problems: string[] }).problems.join('\n'), /generated from the member files/);
});

test.run();
