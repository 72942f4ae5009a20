// Issue 10: the pmnet/governance gate as real GitHub runs it (stale base.sha, other bases, forks,
// the 3,000-file cap, governance thresholds, the founding path, bounded output).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeConsortium, REPO_ROOT } from '../helpers/consortium.js';
import { startGitHubApi, type FakeGitHub } from '../harness/github-api.js';
import { ACME, HEAD, openPull, prCheck } from './helpers.js';

const test = suite('trust');
let gh: FakeGitHub;
test.before.each(async () => {
  gh = await startGitHubApi();
});
test.after.each(async () => {
  await gh.close();
});

const DYNABOB = readFileSync(join(REPO_ROOT, 'members', 'dynabob8.yaml'), 'utf8');
const approve = (n: number, ...logins: string[]) => {
  for (const login of logins) gh.addReview(n, { login, state: 'APPROVED', commitId: HEAD });
};

// ---- point 2: the default branch tip, at run time ----

test('a stale base.sha is never used: the member files of the tip decide (a conflict that landed after the PR was opened fails it)', async () => {
  const base = makeConsortium();
  const ev = openPull(gh, { number: 50, author: 'acme-dev', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME } });
  assert.is.not(ev.pull_request.base.sha, gh.branches.get('main'), 'the event names an older base');
  approve(50, 'dynabob-admin', 'figment-infra');
  let r = await prCheck(gh, base.dir, ev);
  assert.is(r.status?.state, 'success', r.comment);
  // main moves on: another member now holds acme's address. The tip checkout is what counts.
  base.write('members/dynabob8.yaml', DYNABOB.replace('ipv6: ["2001:db8:b::20"]', 'ipv6: ["2001:db8:ac::1"]'));
  gh.branches.set('main', '1'.repeat(40));
  r = await prCheck(gh, base.dir, ev);
  assert.is(r.status?.state, 'failure');
  assert.match(r.comment, /member\/unique\-ip|member\/unique-ip/);
  assert.match(r.comment, /`main` at `1111111` \(the default branch's tip at run time\)/);
});

test('a checkout that is not the tip (main moved during the run) is never green', async () => {
  const base = makeConsortium();
  const ev = openPull(gh, { number: 51, author: 'acme-dev', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME } });
  approve(51, 'dynabob-admin', 'figment-infra');
  const r = await prCheck(gh, base.dir, ev, { checkout: 'f'.repeat(40) });
  assert.is(r.status?.state, 'pending');
  assert.match(r.status!.description, /main moved during the check \(checked out fffffff, tip now ddddddd\)/);
  const none = await prCheck(gh, base.dir, ev, { checkout: null });
  assert.is(none.status?.state, 'failure', 'not a git checkout and no --base-sha: cannot confirm the tip');
  assert.match(none.status!.description, /cannot confirm that the checkout is the tip of main/);
});

test('the checkout commit is read with git when --base-sha is not given', async () => {
  const base = makeConsortium();
  const git = (...a: string[]) => execFileSync('git', ['-C', base.dir, ...a], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.net', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.net' } }).trim();
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'base');
  gh.branches.set('main', git('rev-parse', 'HEAD'));
  const ev = openPull(gh, { number: 52, author: 'acme-dev', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME } });
  approve(52, 'dynabob-admin', 'figment-infra');
  const r = await prCheck(gh, base.dir, ev, { checkout: null });
  assert.is(r.status?.state, 'success', r.comment);
});

test('a member pull request against another branch is refused with the reason', async () => {
  const base = makeConsortium();
  gh.branches.set('release', '2'.repeat(40));
  const ev = openPull(gh, { number: 53, author: 'acme-dev', baseRef: 'release', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME } });
  approve(53, 'dynabob-admin', 'figment-infra');
  const r = await prCheck(gh, base.dir, ev);
  assert.is(r.status?.state, 'failure');
  assert.match(r.status!.description, /targets release, not the default branch main/);
  assert.not.ok(gh.requests.some((q) => q.path.includes('/contents/')), 'nothing of the PR is read');
});

test.run();
