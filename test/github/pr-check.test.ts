// pmnet pr-check against the local GitHub API stand-in, driven by real webhook payloads.
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleMember, makeConsortium } from '../helpers/consortium.js';
import { run as prCheckRun } from '../../scripts/commands/pr-check.js';
import { main } from '../../scripts/cli.js';
import { ACME, HEAD, OLD_HEAD, envFor, openPull, prCheck, githubSuite } from './helpers.js';
import { assertNoHang } from '../harness/no-hang.js';
import { writeFileSync } from 'node:fs';
import { testPki } from '../harness/certs.js';
import { planetmintInfo, startServer } from '../harness/tls-fleet.js';

const s = githubSuite('pr-check');
const test = s.test;

const DYNABOB = exampleMember('dynabob8');
const ABC = exampleMember('abc-org73');
const FIGMENT = exampleMember('figmentdb3');
const CODEOWNERS = '# maintainers own everything but members/\n*  @bdbnetwork/maintainers @alice\n/members/\n';

test('a join by its owner, offline: pending until 2 of the 3 other organizations approve the head, then still pending: only a live run admits a join', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 7, author: 'acme-dev', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME } });
  let r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.code, 0, r.err);
  assert.is(r.status?.state, 'pending');
  assert.is(r.status?.description, 'join of acme: run pr-check without --offline to check the proof; 0 of 2 approvals');
  assert.equal(r.labels, ['join']);
  assert.match(r.comment, /^<!-- pmnet:pr-check -->\n## ⏳ pmnet: waiting for approvals/);
  assert.match(r.comment, /### Approvals: 0 of 2 needed/);
  assert.match(r.comment, /### Checks \\\(offline\\\): 0 errors/);
  assert.match(r.comment, /### DNS zone plan for bdbnetwork\\\.io\\\./);
  assert.match(r.comment, /acme\\\.nodes\\\.bdbnetwork\\\.io\\\. \| CNAME/);
  assert.match(r.summary, /waiting for approvals/);
  assert.not.match(r.summary, /pmnet:pr-check/, 'the marker stays out of the job summary');

  s.gh.addReview(7, { login: 'Dynabob-Admin', state: 'APPROVED', commitId: HEAD });
  r = await prCheck(s.gh, base.dir, ev, { review: { login: 'Dynabob-Admin', state: 'APPROVED', commitId: HEAD } });
  assert.is(r.status?.description, 'join of acme: run pr-check without --offline to check the proof; 1 of 2 approvals', 'logins match case-insensitively');
  s.gh.addReview(7, { login: 'figment-infra', state: 'COMMENTED', commitId: HEAD });
  s.gh.addReview(7, { login: 'figment-infra', state: 'APPROVED', commitId: HEAD });
  r = await prCheck(s.gh, base.dir, ev, { review: { login: 'figment-infra', state: 'APPROVED', commitId: HEAD } });
  // Fail closed: --offline never makes a join green, however many approve.
  assert.is(r.status?.state, 'pending');
  assert.is(r.status?.description, 'join of acme: run pr-check without --offline to check the proof; 2 of 2 approvals, offline checks passed');
  assert.match(r.comment, /^<!-- pmnet:pr-check -->\n## ⏳ pmnet: waiting for a live run \(pr-check without --offline\)/);
  assert.match(r.comment, /live checks skipped \\\(\\-\\-offline\\\)\\: the proof of control of the node domain \\\(a join\\\) is not checked/);
  assert.match(r.comment, /Approved by: `dynabob8`, `figmentdb3`/);
  assert.is(r.comments, 1);
});

test('a COMMENTED review after an approval leaves the approval; a DISMISSED one removes it', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 8, author: 'abc-org73-ops', files: [{ filename: 'members/abc-org73.yaml', status: 'modified' }], contents: { 'members/abc-org73.yaml': ABC.replace('ABC Org 73', 'ABC Org 73 GmbH') } });
  s.gh.addReview(8, { login: 'figment-infra', state: 'APPROVED', commitId: HEAD });
  s.gh.addReview(8, { login: 'figment-infra', state: 'COMMENTED', commitId: HEAD });
  let r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'success');
  s.gh.addReview(8, { login: 'figment-infra', state: 'DISMISSED', commitId: HEAD });
  r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'pending');
  assert.is(r.status?.description, 'update of abc-org73: 0 of 1 approval');
});

test('an update by a non-owner fails on ownership', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 9, author: 'mallory', files: [{ filename: 'members/dynabob8.yaml', status: 'modified' }], contents: { 'members/dynabob8.yaml': DYNABOB.replace('198.51.100.21', '198.51.100.22') } });
  const r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.code, 0, 'the run worked; the status carries the verdict');
  assert.is(r.status?.state, 'failure');
  assert.match(r.status!.description, /mallory is not listed in github of the base branch's members\/dynabob8\.yaml/);
  assert.match(r.comment, /mallory is not listed in github of the base branch's members/);
  assert.equal(r.labels, ['update']);
});

test('adding yourself to another member’s github list does not make you its owner: the base version decides', async () => {
  const base = makeConsortium();
  const takeover = DYNABOB.replace('github: [dynabob-admin, dynabob-sre]', 'github: [dynabob-admin, dynabob-sre, mallory]').replace('198.51.100.21', '198.51.100.99');
  const ev = openPull(s.gh, { number: 10, author: 'mallory', files: [{ filename: 'members/dynabob8.yaml', status: 'modified' }], contents: { 'members/dynabob8.yaml': takeover } });
  const r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'failure');
  assert.match(r.status!.description, /not listed in github of the base branch's members\/dynabob8\.yaml \(dynabob-admin, dynabob-sre\)/);
  assert.match(r.comment, /Checks \\\(offline\\\): 0 errors/, 'the file itself is valid: ownership alone fails it');
});

test('a join whose file does not list its author fails', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 11, author: 'someone-else', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME } });
  const r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'failure');
  assert.match(r.status!.description, /a join must list its author: add someone-else to github in members\/acme\.yaml/);
});

test('two member files in one pull request fail with a clear reason', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, {
    number: 12,
    author: 'acme-dev',
    files: [
      { filename: 'members/acme.yaml', status: 'added' },
      { filename: 'members/dynabob8.yaml', status: 'modified' },
    ],
  });
  const r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'failure');
  assert.match(r.status!.description, /^not a valid change: a member change touches exactly one member file/);
  assert.match(r.comment, /touches exactly one member file, but this pull request changes 2\\: members\/acme\\\.yaml, members\/dynabob8\\\.yaml; open one pull request per member/);
  assert.equal(r.labels, [], 'no label for an invalid change');
});

test('a member file plus a script change is refused as mixed', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, {
    number: 13,
    author: 'acme-dev',
    files: [
      { filename: 'members/acme.yaml', status: 'added' },
      { filename: 'scripts/rules/member/unique-ip.ts', status: 'modified' },
    ],
    contents: { 'members/acme.yaml': ACME },
  });
  const r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'failure');
  assert.match(r.comment, /also changes scripts/);
  assert.match(r.comment, /split it/);
  assert.not.ok(s.gh.requests.some((q) => q.path.includes('/contents/')), 'nothing of the PR is read when the change is mixed');
});

test('a stale approval (commit_id is not the head) does not count and is shown as stale', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 14, author: 'abc-org73-ops', files: [{ filename: 'members/abc-org73.yaml', status: 'modified' }], contents: { 'members/abc-org73.yaml': ABC.replace('ABC Org 73', 'ABC Org 73 GmbH') } });
  s.gh.addReview(14, { login: 'dynabob-admin', state: 'APPROVED', commitId: OLD_HEAD });
  let r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'pending');
  assert.is(r.status?.description, 'update of abc-org73: 0 of 1 approval');
  assert.match(r.comment, /Stale approvals \(given on an older commit\): dynabob\\-admin on `eeeeeee`/);
  s.gh.addReview(14, { login: 'dynabob-admin', state: 'APPROVED', commitId: HEAD });
  r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'success');
});

test('two approvals from one organization count once', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 15, author: 'acme-dev', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME } });
  s.gh.addReview(15, { login: 'dynabob-admin', state: 'APPROVED', commitId: HEAD });
  s.gh.addReview(15, { login: 'dynabob-sre', state: 'APPROVED', commitId: HEAD });
  const r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'pending');
  assert.is(r.status?.description, 'join of acme: run pr-check without --offline to check the proof; 1 of 2 approvals');
  assert.match(r.comment, /organization dynabob8 already counted/);
});

test('an approval from the author’s own organization does not count', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 16, author: 'dynabob-admin', files: [{ filename: 'members/dynabob8.yaml', status: 'modified' }], contents: { 'members/dynabob8.yaml': DYNABOB.replace('198.51.100.21', '198.51.100.22') } });
  s.gh.addReview(16, { login: 'dynabob-sre', state: 'APPROVED', commitId: HEAD });
  const r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'pending');
  assert.is(r.status?.description, 'update of dynabob8: 0 of 1 approval');
  assert.match(r.comment, /dynabob\\-sre \| `dynabob8` \| approved on `aaaaaaa` \| no: the changed member’s own organization/);
});

test('an approval from an unlisted login does not count', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 17, author: 'acme-dev', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME } });
  s.gh.addReview(17, { login: 'random-user', state: 'APPROVED', commitId: HEAD });
  const r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.description, 'join of acme: run pr-check without --offline to check the proof; 0 of 2 approvals');
  assert.match(r.comment, /not listed in any member file/);
});

test('a leave by the owner needs no approvals (network.yaml leave.min 0) and shows the removed records', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 18, author: 'dynabob-sre', files: [{ filename: 'members/dynabob8.yaml', status: 'removed' }] });
  const r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.code, 0, r.err);
  assert.is(r.status?.state, 'success');
  assert.equal(r.labels, ['leave']);
  assert.match(r.comment, /\*\*Leave\*\* of member `dynabob8`/);
  assert.match(r.comment, /\| − \| dynabob8\\\.nodes\\\.bdbnetwork\\\.io\\\. \| CNAME/);
  const mallory = openPull(s.gh, { number: 19, author: 'mallory', files: [{ filename: 'members/dynabob8.yaml', status: 'removed' }] });
  const m = await prCheck(s.gh, base.dir, mallory);
  assert.is(m.status?.state, 'failure', 'only an owner may remove a member');
});

test('the mass-change guard fails a leave on a strict network; the zone:force label lifts it', async () => {
  const base = makeConsortium({ network: (t) => t.replace('max_change_percent: 30', 'max_change_percent: 5') });
  const ev = openPull(s.gh, { number: 20, author: 'dynabob-sre', files: [{ filename: 'members/dynabob8.yaml', status: 'removed' }] });
  let r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'failure');
  assert.match(r.status!.description, /mass-change guard/);
  assert.match(r.comment, /a maintainer can add the zone\\:force label/);
  s.gh.labels.set(20, ['leave', 'zone:force']);
  r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'success');
  assert.match(r.comment, /Mass\\-change guard overridden/);
});

test('a rename is judged at the join threshold, by the old file’s base owners', async () => {
  const base = makeConsortium();
  const renamed = FIGMENT.replace('id: figmentdb3', 'id: figment');
  const ev = openPull(s.gh, { number: 21, author: 'figment-infra', files: [{ filename: 'members/figment.yaml', status: 'renamed', previous_filename: 'members/figmentdb3.yaml' }], contents: { 'members/figment.yaml': renamed } });
  let r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.code, 0, r.err);
  assert.is(r.status?.state, 'pending');
  assert.is(r.status?.description, 'rename of figment: run pr-check without --offline to check it live; 0 of 2 approvals');
  assert.match(r.comment, /Judged at the \*\*join\*\* threshold: the member is renamed from figmentdb3 to figment/);
  assert.equal(r.labels, ['update']);
  assert.match(r.comment, /renamed from `members\/figmentdb3\.yaml`/);
  assert.match(r.comment, /figment\\\.nodes\\\.bdbnetwork\\\.io\\\./);
  const other = openPull(s.gh, { number: 22, author: 'acme-dev', files: [{ filename: 'members/figment.yaml', status: 'renamed', previous_filename: 'members/figmentdb3.yaml' }], contents: { 'members/figment.yaml': renamed } });
  r = await prCheck(s.gh, base.dir, other);
  assert.is(r.status?.state, 'failure');
  assert.match(r.status!.description, /acme-dev is not listed in github of the base branch's members\/figmentdb3\.yaml/);
});

test('150 changed files: both pages are read, so a member file on page 2 still makes the PR mixed', async () => {
  const base = makeConsortium();
  const files = Array.from({ length: 149 }, (_, i) => ({ filename: `scripts/gen/f${String(i).padStart(3, '0')}.ts`, status: 'added' as const }));
  files.push({ filename: 'members/acme.yaml', status: 'added' });
  const ev = openPull(s.gh, { number: 23, author: 'acme-dev', files });
  const r = await prCheck(s.gh, base.dir, ev);
  const pages = s.gh.requests.filter((q) => q.path.endsWith('/pulls/23/files'));
  assert.equal(pages.map((q) => [q.query.get('per_page'), q.query.get('page') ?? '1']), [
    ['100', '1'],
    ['100', '2'],
  ]);
  assert.is(r.status?.state, 'failure');
  assert.match(r.comment, /also changes scripts\/gen\/f000\\\.ts, .* and 144 more/);
});

test('a second run updates the sticky comment instead of adding one', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 24, author: 'acme-dev', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME } });
  s.gh.comments.set(24, [{ id: 1, body: '<!-- pmnet:pr-check --> planted by a person', user: { login: 'mallory', type: 'User' } }]);
  await prCheck(s.gh, base.dir, ev);
  s.gh.addReview(24, { login: 'dynabob-admin', state: 'APPROVED', commitId: HEAD });
  const r = await prCheck(s.gh, base.dir, ev);
  const bots = s.gh.comments.get(24)!.filter((c) => c.user.type === 'Bot');
  assert.is(bots.length, 1);
  assert.match(bots[0]!.body, /1 of 2 needed/);
  assert.is(s.gh.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/issues/24/comments')).length, 1);
  assert.is(s.gh.requests.filter((q) => q.method === 'PATCH' && q.path.includes('/issues/comments/')).length, 1);
  assert.is(s.gh.comments.get(24)![0]!.body, '<!-- pmnet:pr-check --> planted by a person', 'a person’s comment is never taken over');
  assert.equal(r.labels, ['join'], 'the label is added once');
  assert.is(s.gh.requests.filter((q) => q.path.endsWith('/issues/24/labels')).length, 1);
});

test('validation errors in the PR’s file: failure, findings in the comment, annotations, exit 1; member text is escaped', async () => {
  const base = makeConsortium();
  const bad = ACME.replace('ops@acme-node.net', '"@everyone <img src=x onerror=alert(1)> [x](http://evil.example)"');
  const ev = openPull(s.gh, { number: 25, author: 'acme-dev', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': bad } });
  const r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.code, 1);
  assert.is(r.status?.state, 'failure');
  assert.match(r.status!.description, /validation error/);
  assert.match(r.comment, /member\/contact-email/);
  assert.match(r.out, /^::error file=members\/acme\.yaml,line=\d+,col=\d+,title=member\/contact-email::/m);
  assert.not.match(r.comment, /@everyone/);
  assert.not.match(r.comment, /<img/);
  assert.not.match(r.comment, /\]\(http:\/\/evil/);
  assert.match(r.comment, /everyone &lt;img src=x/, 'the value is shown, made inert');
  assert.match(r.comment, /Zone plan not computed\\: members\/acme\\\.yaml has validation errors/);
});

test('governance change: member organizations approve at governance.governance, CODEOWNERS users in addition; team owners are left to branch protection', async () => {
  const base = makeConsortium();
  base.write('.github/CODEOWNERS', CODEOWNERS);
  const ev = openPull(s.gh, { number: 26, author: 'bob', files: [{ filename: 'scripts/rules/member/unique-ip.ts', status: 'modified' }, { filename: 'docs/zone.md', status: 'modified' }] });
  let r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'pending', 'never green by default');
  assert.is(r.status?.description, 'governance change: 0 of 2 member approvals');
  assert.equal(r.labels, ['governance']);
  s.gh.addReview(26, { login: 'dynabob-admin', state: 'APPROVED', commitId: HEAD });
  s.gh.addReview(26, { login: 'figment-infra', state: 'APPROVED', commitId: HEAD });
  r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'success', 'the team is named: code-owner review enforces it');
  assert.match(r.status!.description, /2 of 2 approvals; @bdbnetwork\/maintainers enforced by code-owner review/);
  assert.match(r.comment, /enforced by branch protection's code-owner review/);

  base.write('.github/CODEOWNERS', '*  @alice @carol\n/members/\n');
  r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'pending');
  assert.match(r.status!.description, /waiting for a maintainer's approval \(alice, carol\)/);
  s.gh.addReview(26, { login: 'Alice', state: 'APPROVED', commitId: HEAD });
  r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'success');
  assert.match(r.status!.description, /maintainers alice/);
  s.gh.addReview(26, { login: 'figment-infra', state: 'CHANGES_REQUESTED', commitId: HEAD });
  r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.description, 'governance change: 1 of 2 member approvals');
});

test('an unrelated broken member on the base branch neither fails a join nor hides its zone plan', async () => {
  const base = makeConsortium();
  base.write('members/figmentdb3.yaml', FIGMENT.replace('infra@figmentdb3.ninja', 'not-an-email'));
  const ev = openPull(s.gh, { number: 31, author: 'acme-dev', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME } });
  const r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.code, 0, r.out);
  assert.is(r.status?.state, 'pending');
  assert.match(r.comment, /1 added, 0 removed/);
  assert.not.match(r.comment, /figmentdb3\\.nodes/, 'the broken member is on neither side of the plan');
});

test('a hand-edited zone file is refused', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 27, author: 'bob', files: [{ filename: 'zone/bdbnetwork.io.zone', status: 'modified' }] });
  const r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'failure');
  assert.match(r.status!.description, /zone\/ is generated/);
});

test('live checks of the joining member (the CLI as a child process; dead resolver on loopback): failure with dns findings, exit 1', async () => {
  const base = makeConsortium({
    network: (t) => t.replace('allow_address_classes: [documentation]', 'allow_address_classes: [documentation, loopback]').replace('allow_special_use_names: []', 'allow_special_use_names: [test]'),
  });
  const loop = ACME.replace('domain: acme-node.net', 'domain: acme.test').replace('ipv6: ["2001:db8:ac::1"]', 'ipv4: [127.0.0.77]').replace('ops@acme-node.net', 'ops@acme.test');
  const ev = openPull(s.gh, { number: 28, author: 'acme-dev', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': loop } });
  const t0 = Date.now();
  const r = await prCheck(s.gh, base.dir, ev, { args: ['--resolver', '127.0.0.1:9', '--timeout', '200'], child: true });
  assertNoHang(Date.now() - t0, 'pr-check with a dead resolver');
  assert.is(r.code, 1, r.err + r.out);
  assert.is(r.status?.state, 'failure');
  assert.match(r.comment, /Checks \\\(offline and live\\\)/);
  assert.match(r.comment, /`dns\//);
});

test('a review run with a read-only token (fork) warns instead of failing', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 29, author: 'acme-dev', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME } });
  s.gh.readOnlyTokens.add('ro-token');
  const r = await prCheck(s.gh, base.dir, ev, { token: 'ro-token', review: { login: 'dynabob-admin', state: 'APPROVED', commitId: HEAD } });
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /^::warning title=pmnet pr-check::.*read-only token/m);
  assert.is(r.status, undefined);
  const t = await prCheck(s.gh, base.dir, ev, { token: 'ro-token' });
  assert.is(t.code, 2, 'under pull_request_target a refused write is a failure');
  assert.match(t.err, /^pmnet pr-check: GitHub API POST \/repos\/bdbnetwork\/registry\/statuses\/a{40} failed: 403/);
});

test('the real client from the environment (throttling on) and the CLI: missing env is one line, exit 2', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 30, author: 'dynabob-sre', files: [{ filename: 'members/dynabob8.yaml', status: 'removed' }] });
  const env = envFor(s.gh, ev, 'pull_request_target');
  let out = '';
  let err = '';
  const code = await prCheckRun(['--root', base.dir, '--base-sha', s.gh.branches.get('main')!, '--offline'], { stdout: (s) => (out += s), stderr: (s) => (err += s) }, { env });
  assert.is(code, 0, err);
  assert.is(s.gh.statuses.at(-1)?.state, 'success');
  assert.ok(s.gh.requests.every((q) => /^\/repos\/bdbnetwork\/registry(\/|$)/.test(q.path)));

  const saved = { ...process.env };
  try {
    delete process.env.GITHUB_EVENT_PATH;
    let e = '';
    const c = await main(['pr-check', '--root', base.dir], { stdout: () => {}, stderr: (s) => (e += s) });
    assert.is(c, 2);
    assert.is(e.trim().split('\n').length, 1);
    assert.match(e, /^pmnet: GITHUB_EVENT_PATH not set/);
    process.env.GITHUB_EVENT_PATH = env.GITHUB_EVENT_PATH!;
    process.env.GITHUB_API_URL = s.gh.url;
    process.env.GITHUB_REPOSITORY = s.gh.repo;
    delete process.env.GITHUB_TOKEN;
    e = '';
    assert.is(await main(['pr-check', '--root', base.dir], { stdout: () => {}, stderr: (s) => (e += s) }), 2);
    assert.match(e, /^pmnet: GITHUB_TOKEN not set/);
  } finally {
    process.env = saved;
  }
});


test('reviewers see the organization, its contacts (inert), who can still approve, and that an offline run gathered no evidence', async () => {
  const base = makeConsortium();
  const acme = ACME.replace('  - email: ops@acme-node.net', '  - email: ops@acme-node.net\n    name: "@everyone [Eve](https://evil.example) | x"\n    role: technical');
  const ev = openPull(s.gh, { number: 40, author: 'acme-dev', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': acme } });
  let r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.code, 0, r.err + r.comment);
  const section = (title: string) => r.comment.split(`\n### ${title}\n`)[1]?.split('\n### ')[0];
  assert.is(
    section('Member organization'),
    '\nOrganization: **Acme Nodes**, country `FR`.\n\nContacts:\n- ops@\u200bacme\\-node\\.net — @\u200beveryone \\[Eve\\]\\(https\\://evil\\.example\\) \\| x (technical)\n',
  );
  assert.not.match(r.comment, /@everyone|@acme|\]\(https:\/\/evil|mailto/, 'no mention, link or mailto autolink from member text');
  assert.match(r.comment, /\nCan still approve: `abc-org73`, `dynabob8`, `figmentdb3`\.\n/);
  assert.match(section('Live evidence')!, /^\nNo live evidence was gathered: the live checks did not run \(see the note above\)\.\n/);
  assert.match(r.comment, /live checks skipped \\\(\\-\\-offline\\\)/, 'the note it refers to');

  s.gh.addReview(40, { login: 'dynabob-admin', state: 'APPROVED', commitId: HEAD });
  r = await prCheck(s.gh, base.dir, ev, { review: { login: 'dynabob-admin', state: 'APPROVED', commitId: HEAD } });
  assert.match(r.comment, /Approved by: `dynabob8`\.\n\nCan still approve: `abc-org73`, `figmentdb3`\.\n/, 'the approved organization and the author’s are not listed');
  s.gh.addReview(40, { login: 'figment-infra', state: 'APPROVED', commitId: HEAD });
  s.gh.addReview(40, { login: 'acme-dev', state: 'APPROVED', commitId: HEAD });
  r = await prCheck(s.gh, base.dir, ev, { review: { login: 'figment-infra', state: 'APPROVED', commitId: HEAD } });
  assert.match(r.comment, /\nCan still approve: `abc-org73`\.\n/);
  assert.not.match(r.comment, /Can still approve:[^\n]*acme/);
});

test('live evidence: certificate issuer and expiry and the Planetmint version from GET / (a real TLS node on loopback)', async () => {
  const pki = testPki();
  const notAfter = new Date(Date.now() + 60 * 86_400_000);
  const leaf = pki.leaf({ cn: 'acme.test', dns: ['acme.test', 'acme.nodes.bdbnetwork.io', 'api.bdbnetwork.io'], notAfter });
  const srv = await startServer({ domain: 'acme.test', cert: leaf.chain, key: leaf.cert.keyPem, addresses: ['127.77.240.9'], api: { body: { ...planetmintInfo('acme.test'), version: '2.5.1 `|@x' } } });
  try {
    const base = makeConsortium({
      network: (t) => t.replace('allow_address_classes: [documentation]', 'allow_address_classes: [documentation, loopback]').replace('allow_special_use_names: []', 'allow_special_use_names: [test]'),
    });
    writeFileSync(join(base.dir, 'ca.pem'), pki.root.pem);
    const loop = ACME.replace('domain: acme-node.net', `domain: acme.test\n  api: https://acme.test:${srv.port}/`).replace('ipv6: ["2001:db8:ac::1"]', 'ipv4: [127.77.240.9]').replace('ops@acme-node.net', 'ops@acme.test');
    const ev = openPull(s.gh, { number: 41, author: 'acme-dev', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': loop } });
    const r = await prCheck(s.gh, base.dir, ev, { args: ['--resolver', '127.0.0.1:9', '--timeout', '500', '--ca', join(base.dir, 'ca.pem')] });
    assert.is(r.status?.state, 'failure', 'the dead resolver fails the DNS checks; the TLS evidence is still shown');
    const evidence = r.comment.split('\n### Live evidence\n')[1]!.split('\n### ')[0]!;
    assert.is(
      evidence.split('\n').slice(0, 4).join('\n'),
      `\n| Address | Certificate chain | Issuer | Expires | Planetmint version (GET /) |\n| --- | --- | --- | --- | --- |\n| \`127.77.240.9:${srv.port}\` | ✅ trusted | \`CN=pmnet Test Issuing CA\` | \`${new Date(Math.floor(notAfter.getTime() / 1000) * 1000).toISOString()}\` | \`2.5.1 ˋ\\|@x\` |`,
    );
  } finally {
    await srv.close();
  }
});

test('an offline update shows the organization from the pull request’s file and says no live evidence was gathered', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 42, author: 'dynabob-sre', files: [{ filename: 'members/dynabob8.yaml', status: 'modified' }], contents: { 'members/dynabob8.yaml': DYNABOB.replace('name: Dynabob 8', 'name: Dynabob 8 Inc') } });
  const r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.code, 0, r.err);
  assert.match(r.comment, /\n### Member organization\n\nOrganization: \*\*Dynabob 8 Inc\*\*, country `US`\.\n\nContacts:\n- noc@\u200bdynabob8\\\.io \(technical\)\n- security@\u200bdynabob8\\\.io \(security\)\n/);
  assert.match(r.comment, /\n### Live evidence\n\nNo live evidence was gathered: the live checks did not run \(an offline run\)\.\n/);
  assert.match(r.comment, /\nCan still approve: `abc-org73`, `figmentdb3`\.\n/, 'the changed member’s own organization is not listed');
});

test.run();
