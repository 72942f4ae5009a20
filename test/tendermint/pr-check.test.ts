// pr-check on a power change once the chain exists: the validator plan is in the sticky comment
// with the election command, and a change of 1/3 of the power is refused (tendermint/power-change).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleMember, makeConsortium } from '../helpers/consortium.js';
import { startGitHubApi, type FakeGitHub } from '../harness/github-api.js';
import { openPull, prCheck } from '../github/helpers.js';

const test = suite('pr-check tendermint');
let gh: FakeGitHub;
test.before.each(async () => {
  gh = await startGitHubApi();
});
test.after.each(async () => {
  await gh.close();
});

const DYNABOB = exampleMember('dynabob8');
/** The example network, its chain started in 2020. */
const onChain = () => makeConsortium({ network: (t) => t.replace('genesis_time: "2030-01-01T00:00:00Z"', 'genesis_time: "2020-01-01T00:00:00Z"') });
const withPower = (p: number) => DYNABOB.replace('  tendermint:\n', `  tendermint:\n    power: ${p}\n`);

test('after genesis a small power change shows the election command a validator runs', async () => {
  const base = onChain();
  const ev = openPull(gh, { number: 21, author: 'dynabob-admin', files: [{ filename: 'members/dynabob8.yaml', status: 'modified' }], contents: { 'members/dynabob8.yaml': withPower(9) } });
  const r = await prCheck(gh, base.dir, ev, { args: ['--offline'] });
  assert.is(r.code, 0, r.err);
  assert.is(r.status?.description, 'update of dynabob8: run pr-check without --offline to check it live; 0 of 2 approvals', 'a power change needs the join threshold (2 of the 2 others), not the update one');
  assert.match(r.comment, /Judged at the \*\*join\*\* threshold: the change moves voting power/);
  assert.match(r.comment, /### Tendermint validator plan/);
  assert.match(r.comment, /planetmint election new upsert-validator ACXSJSUxJbUqruUx2ezqOqRYepPTC4Ka\/iPojd6t1KQ= 9 ca4cae3bd6503689322a22de1c2d3f5db8503919/);
});

test('an update that leaves power and keys alone keeps the update threshold', async () => {
  const base = onChain();
  const ev = openPull(gh, { number: 23, author: 'dynabob-admin', files: [{ filename: 'members/dynabob8.yaml', status: 'modified' }], contents: { 'members/dynabob8.yaml': DYNABOB.replace('role: security', 'role: governance') } });
  const r = await prCheck(gh, base.dir, ev, { args: ['--offline'] });
  assert.is(r.status?.description, 'update of dynabob8: 0 of 1 approval');
  assert.not.match(r.comment, /Tendermint validator plan/);
});

test('after genesis a change of 1/3 of the voting power is refused, with how much one pull request may move', async () => {
  const base = onChain();
  const ev = openPull(gh, { number: 22, author: 'dynabob-admin', files: [{ filename: 'members/dynabob8.yaml', status: 'modified' }], contents: { 'members/dynabob8.yaml': withPower(20) } });
  const r = await prCheck(gh, base.dir, ev, { args: ['--offline'] });
  assert.is(r.status?.state, 'failure');
  assert.match(r.comment, /tendermint\/power-change: this change moves 10 of 30 voting power \(at least 1\/3\)/);
  assert.match(r.comment, /at most 9/);
});

test.run();
