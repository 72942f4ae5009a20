// Issue 10: the pmnet/governance gate as real GitHub runs it (stale base.sha, other bases, forks,
// the 3,000-file cap, governance thresholds, the founding path, bounded output).
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE, exampleMember, makeConsortium } from '../helpers/consortium.js';
import { workflowRunEvent, type FileEntry } from '../harness/github-api.js';
import { startBind, type BindServer } from '../harness/bind.js';
import { needs } from '../harness/needs.js';
import { ACME, HEAD, cli, envFor, offlinePass, openPull, prCheck, git, githubSuite } from './helpers.js';

const s = githubSuite('trust');
const test = s.test;

const DYNABOB = exampleMember('dynabob8');
const approve = (n: number, ...logins: string[]) => {
  for (const login of logins) s.gh.addReview(n, { login, state: 'APPROVED', commitId: HEAD });
};

// ---- point 2: the default branch tip, at run time ----

test('a stale base.sha is never used: the member files of the tip decide (a conflict that landed after the PR was opened fails it)', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 50, author: 'acme-dev', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME } });
  assert.is.not(ev.pull_request.base.sha, s.gh.branches.get('main'), 'the event names an older base');
  approve(50, 'dynabob-admin', 'figment-infra');
  let r = await prCheck(s.gh, base.dir, ev);
  offlinePass(r.status, 'join of acme', r.comment);
  // main moves on: another member now holds acme's address. The tip checkout is what counts.
  base.write('members/dynabob8.yaml', DYNABOB.replace('ipv6: ["2001:db8:b::20"]', 'ipv6: ["2001:db8:ac::1"]'));
  s.gh.branches.set('main', '1'.repeat(40));
  r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'failure');
  assert.match(r.comment, /member\/unique\-ip|member\/unique-ip/);
  assert.match(r.comment, /`main` at `1111111` \(the default branch's tip at run time\)/);
});

test('a checkout that is not the tip (main moved during the run) is never green', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 51, author: 'acme-dev', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME } });
  approve(51, 'dynabob-admin', 'figment-infra');
  const r = await prCheck(s.gh, base.dir, ev, { checkout: 'f'.repeat(40) });
  assert.is(r.status?.state, 'pending');
  assert.match(r.status!.description, /main moved during the check \(checked out fffffff, tip now ddddddd\)/);
  const none = await prCheck(s.gh, base.dir, ev, { checkout: null });
  assert.is(none.status?.state, 'failure', 'not a git checkout and no --base-sha: cannot confirm the tip');
  assert.match(none.status!.description, /cannot confirm that the checkout is the tip of main/);
});

test('the checkout commit is read with git when --base-sha is not given', async () => {
  const base = makeConsortium();
  git(base.dir, 'init', '-q', '-b', 'main');
  git(base.dir, 'add', '-A');
  git(base.dir, 'commit', '-qm', 'base');
  s.gh.branches.set('main', git(base.dir, 'rev-parse', 'HEAD'));
  const ev = openPull(s.gh, { number: 52, author: 'acme-dev', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME } });
  approve(52, 'dynabob-admin', 'figment-infra');
  const r = await prCheck(s.gh, base.dir, ev, { checkout: null });
  offlinePass(r.status, 'join of acme', r.comment);
});

test('a member pull request against another branch is refused with the reason', async () => {
  const base = makeConsortium();
  s.gh.branches.set('release', '2'.repeat(40));
  const ev = openPull(s.gh, { number: 53, author: 'acme-dev', baseRef: 'release', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME } });
  approve(53, 'dynabob-admin', 'figment-infra');
  const r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'failure');
  assert.match(r.status!.description, /targets release, not the default branch main/);
  assert.not.ok(s.gh.requests.some((q) => q.path.includes('/contents/')), 'nothing of the PR is read');
});

// ---- point 3: reviews on fork pull requests, through workflow_run ----

test('fork PR: the review run holds a read-only token; the workflow_run job re-judges it both ways (approval, then a change request)', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 60, author: 'acme-dev', fork: 'acme-dev', headRef: 'join-acme', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME } });
  // Another fork's pull request from a branch of the same name must not be touched.
  const other = openPull(s.gh, { number: 61, author: 'eve', fork: 'eve', headRef: 'join-acme', headSha: '3'.repeat(40), files: [{ filename: 'members/eve.yaml', status: 'added' }], contents: {} });
  let r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'pending');

  approve(60, 'dynabob-admin', 'figment-infra');
  s.gh.readOnlyTokens.add('fork-review-token');
  // What a review run on a fork gets: a token that cannot write. (The review workflow no longer runs pmnet.)
  r = await prCheck(s.gh, base.dir, ev, { token: 'fork-review-token', review: { login: 'figment-infra', state: 'APPROVED', commitId: HEAD } });
  assert.is(r.status?.description, 'join of acme: run pr-check without --offline to check the proof; 0 of 2 approvals', 'the read-only token could not post the new verdict');
  assert.match(r.out, /read-only token/);

  const run = workflowRunEvent(ev, 'review');
  assert.equal(run.workflow_run.pull_requests, [], 'GitHub names no pull request for a fork');
  r = await prCheck(s.gh, base.dir, ev, { payload: run, eventName: 'workflow_run' });
  assert.is(r.code, 0, r.err);
  offlinePass(r.status, 'join of acme', r.out);
  assert.ok(s.gh.requests.some((q) => q.path.endsWith('/pulls') && q.query.get('head') === 'acme-dev:join-acme'), 'looked up by head owner:branch');
  assert.not.ok(s.gh.statuses.some((s) => s.sha === other.pull_request.head.sha), 'the other fork is not judged');

  // A revocation takes effect within one run.
  s.gh.addReview(60, { login: 'figment-infra', state: 'CHANGES_REQUESTED', commitId: HEAD });
  r = await prCheck(s.gh, base.dir, ev, { payload: workflowRunEvent(ev, 'review'), eventName: 'workflow_run' });
  assert.is(r.status?.description, 'join of acme: run pr-check without --offline to check the proof; 1 of 2 approvals');
  assert.match(r.comment, /figment\\-infra \| `figmentdb3` \| changes requested on `aaaaaaa` \| no: requested changes/);
  s.gh.addReview(60, { login: 'figment-infra', state: 'APPROVED', commitId: HEAD });
  s.gh.addReview(60, { login: 'dynabob-admin', state: 'DISMISSED', commitId: HEAD });
  r = await prCheck(s.gh, base.dir, ev, { payload: workflowRunEvent(ev, 'review'), eventName: 'workflow_run' });
  assert.is(r.status?.state, 'pending', 'a dismissal takes the approval away');
  assert.is(r.status?.description, 'join of acme: run pr-check without --offline to check the proof; 1 of 2 approvals');
});

test('workflow_run whose head cannot be found (fork deleted): every open pull request into main is judged, so a revocation still lands', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 63, author: 'acme-dev', fork: 'acme-dev', headRef: 'join', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME } });
  approve(63, 'dynabob-admin', 'figment-infra');
  offlinePass((await prCheck(s.gh, base.dir, ev)).status, 'join of acme');
  s.gh.addReview(63, { login: 'figment-infra', state: 'CHANGES_REQUESTED', commitId: HEAD });
  const run = workflowRunEvent(ev, 'review');
  run.workflow_run.head_repository = null;
  let r = await prCheck(s.gh, base.dir, ev, { payload: run, eventName: 'workflow_run' });
  assert.is(r.status?.description, 'join of acme: run pr-check without --offline to check the proof; 1 of 2 approvals', r.out + r.err);
  // A renamed branch: the lookup finds nothing, the same fallback applies.
  s.gh.addReview(63, { login: 'figment-infra', state: 'APPROVED', commitId: HEAD });
  const renamed = workflowRunEvent(ev, 'review');
  renamed.workflow_run.head_branch = 'renamed-since';
  r = await prCheck(s.gh, base.dir, ev, { payload: renamed, eventName: 'workflow_run' });
  offlinePass(r.status, 'join of acme');
});

test('workflow_run of a same-repository pull request uses the numbers GitHub gives; a closed one is left alone', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 62, author: 'dynabob-sre', files: [{ filename: 'members/dynabob8.yaml', status: 'removed' }] });
  const run = workflowRunEvent(ev, 'review');
  assert.equal(run.workflow_run.pull_requests.map((p: { number: number }) => p.number), [62]);
  let r = await prCheck(s.gh, base.dir, ev, { payload: run, eventName: 'workflow_run' });
  assert.is(r.status?.state, 'success');
  s.gh.pulls.get(62)!.pull.state = 'closed';
  const before = s.gh.statuses.length;
  r = await prCheck(s.gh, base.dir, ev, { payload: run, eventName: 'workflow_run' });
  assert.is(s.gh.statuses.length, before);
  assert.match(r.out, /#62 is closed; nothing to judge/);
});

// ---- point 4: seat changes need the join bar ----

const LOOP_NET = (t: string) => t.replace('allow_address_classes: [documentation]', 'allow_address_classes: [documentation, loopback]').replace('allow_special_use_names: []', 'allow_special_use_names: [test]');
const LOOPY = `id: loopy
organization:
  name: Loopy Nodes
contacts:
  - email: ops@loopy.test
github: [loopy-ops, loopy-sre]
status: active
node:
  domain: loopy.test
  ipv4: [127.0.0.78]
`;
/** The proof finding's severity in the comment's table. */
const proofSeverity = (comment: string) => /^\| (?:❌ (error)|⚠️ (warning)) \| `members\/loopy\.yaml:\d+:\d+` \| [^\n]*\| \[?`dns\/proof-missing`(?:\]\([^)]*\))? \|$/m.exec(comment)?.slice(1).find(Boolean);
// A recursive stand-in (real BIND) that serves the node domains without any proof TXT record,
// and the consortium's own zone (the resolver canary).
const TEST_ZONE = `$ORIGIN test.
$TTL 300
@ IN SOA ns1.test. hostmaster.test. 1 7200 3600 1209600 300
@ IN NS ns1.test.
ns1 IN A 127.0.0.1
loopy IN A 127.0.0.78
other IN A 127.0.0.78
`;
const CONSORTIUM_ZONE = `$ORIGIN bdbnetwork.io.
$TTL 300
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300
@ IN NS ns1
ns1 IN A 127.0.0.1
`;
const bindTest = needs(test, 'named');
let bind: BindServer | undefined;
bindTest.before(async () => {
  bind = await startBind([{ origin: 'test', text: TEST_ZONE }, { origin: 'bdbnetwork.io', text: CONSORTIUM_ZONE }], { recursive: true });
});
test.after(async () => {
  await bind?.stop();
});
const liveArgs = () => ['--resolver', bind!.address, '--timeout', '1000'];

bindTest('a new node.domain needs the TXT proof (an error); an update that keeps the domain does not (live, real BIND)', async () => {
  const live = liveArgs();
  const base = makeConsortium({ network: LOOP_NET, members: { 'loopy.yaml': LOOPY } });
  const moved = openPull(s.gh, { number: 70, author: 'loopy-ops', files: [{ filename: 'members/loopy.yaml', status: 'modified' }], contents: { 'members/loopy.yaml': LOOPY.replace('domain: loopy.test', 'domain: other.test').replace('ops@loopy.test', 'ops@other.test') } });
  let r = await prCheck(s.gh, base.dir, moved, { args: live, child: true });
  assert.is(r.status?.state, 'failure');
  assert.match(r.comment, /Checks \\\(offline and live\\\)/);
  assert.is(proofSeverity(r.comment), 'error', r.comment);
  assert.match(r.comment, /required as for a join: node\\\.domain changes from loopy\\\.test to other\\\.test/);

  const kept = openPull(s.gh, { number: 71, author: 'loopy-ops', headSha: '4'.repeat(40), files: [{ filename: 'members/loopy.yaml', status: 'modified' }], contents: { 'members/loopy.yaml': LOOPY.replace('ops@loopy.test', 'noc@loopy.test') } });
  r = await prCheck(s.gh, base.dir, kept, { args: live, child: true });
  assert.is(proofSeverity(r.comment), 'warning', r.comment);
});

bindTest('suspended -> active needs the proof and the live checks; a suspended member is not called live-checked', async () => {
  const live = liveArgs();
  const base = makeConsortium({ network: LOOP_NET, members: { 'loopy.yaml': LOOPY.replace('status: active', 'status: suspended') } });
  const back = openPull(s.gh, { number: 72, author: 'loopy-sre', files: [{ filename: 'members/loopy.yaml', status: 'modified' }], contents: { 'members/loopy.yaml': LOOPY } });
  let r = await prCheck(s.gh, base.dir, back, { args: live, child: true });
  assert.is(r.status?.state, 'failure');
  assert.is(proofSeverity(r.comment), 'error', r.comment);
  assert.match(r.comment, /returns from suspended to active/);

  const still = openPull(s.gh, { number: 73, author: 'loopy-sre', headSha: '5'.repeat(40), files: [{ filename: 'members/loopy.yaml', status: 'modified' }], contents: { 'members/loopy.yaml': LOOPY.replace('status: active', 'status: suspended').replace('ops@loopy.test', 'noc@loopy.test') } });
  r = await prCheck(s.gh, base.dir, still, { args: live, child: true });
  assert.not.match(r.comment, /offline and live/, 'no live check ran on a suspended member');
  assert.match(r.comment, /live checks skip a suspended member/);
});

test('--offline never makes a join or a seat change green, whatever the approvals; a plain update is', async () => {
  const approveAll = (n: number, sha: string) => {
    for (const login of ['abc-org73-ops', 'figment-infra']) s.gh.addReview(n, { login, state: 'APPROVED', commitId: sha });
  };
  const onChain = (t: string) => t.replace('genesis_time: "2030-01-01T00:00:00Z"', 'genesis_time: "2020-01-01T00:00:00Z"');
  const suspended = makeConsortium({ members: { 'dynabob8.yaml': DYNABOB.replace('status: active', 'status: suspended') } });
  const cases: { n: number; what: string; unchecked: string; base?: string; author?: string; file: string; text: string; previous?: string }[] = [
    { n: 140, what: 'join of acme', unchecked: 'the proof', author: 'acme-dev', file: 'members/acme.yaml', text: ACME },
    { n: 141, what: 'update of dynabob8', unchecked: 'the proof', file: 'members/dynabob8.yaml', text: DYNABOB.replace('domain: api.dynabob8.io', 'domain: node.dynabob8.io') },
    { n: 142, what: 'update of dynabob8', unchecked: 'the proof', base: suspended.dir, file: 'members/dynabob8.yaml', text: DYNABOB },
    { n: 143, what: 'rename of dynabob', unchecked: 'it live', file: 'members/dynabob.yaml', previous: 'members/dynabob8.yaml', text: DYNABOB.replace('id: dynabob8', 'id: dynabob') },
    { n: 144, what: 'update of dynabob8', unchecked: 'it live', file: 'members/dynabob8.yaml', text: DYNABOB.replace('name: Dynabob 8', 'name: Someone Else Ltd') },
    { n: 145, what: 'update of dynabob8', unchecked: 'it live', file: 'members/dynabob8.yaml', text: DYNABOB.replace('github: [dynabob-admin, dynabob-sre]', 'github: [newcomer]') },
    { n: 146, what: 'update of dynabob8', unchecked: 'it live', base: makeConsortium({ network: onChain }).dir, file: 'members/dynabob8.yaml', text: DYNABOB.replace('  tendermint:\n', '  tendermint:\n    power: 9\n') },
  ];
  for (const c of cases) {
    const sha = String(c.n).padStart(40, '0');
    const files: FileEntry[] = [{ filename: c.file, status: c.previous ? 'renamed' : c.file === 'members/acme.yaml' ? 'added' : 'modified', ...(c.previous ? { previous_filename: c.previous } : {}) }];
    const ev = openPull(s.gh, { number: c.n, author: c.author ?? 'dynabob-admin', headSha: sha, files, contents: { [c.file]: c.text } });
    approveAll(c.n, sha);
    const r = await prCheck(s.gh, c.base ?? makeConsortium().dir, ev);
    assert.ok(offlinePass(r.status, c.what, `#${c.n}: ${r.comment}`).startsWith(`${c.what}: run pr-check without --offline to check ${c.unchecked}; `), String(c.n));
  }
  // A plain update (a new contact) is judged completely offline.
  const plain = openPull(s.gh, { number: 147, author: 'dynabob-admin', headSha: '7'.repeat(39) + '1', files: [{ filename: 'members/dynabob8.yaml', status: 'modified' }], contents: { 'members/dynabob8.yaml': DYNABOB.replace('noc@dynabob8.io', 'ops@dynabob8.io') } });
  approveAll(147, '7'.repeat(39) + '1');
  const r = await prCheck(s.gh, makeConsortium().dir, plain);
  assert.is(r.status?.state, 'success', r.comment);
});

test('a join with status: suspended is refused', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 74, author: 'acme-dev', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME.replace('status: active', 'status: suspended') } });
  approve(74, 'dynabob-admin', 'figment-infra');
  const r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'failure');
  assert.match(r.status!.description, /a join is checked live and a suspended member is not/);
});

test('a new organization name or a full change of logins is judged at the join threshold; a partial change at the update one', async () => {
  const base = makeConsortium();
  const cases: [number, (t: string) => string, string][] = [
    [75, (t) => t.replace('name: Dynabob 8', 'name: Someone Else Ltd'), 'update of dynabob8: run pr-check without --offline to check it live; 0 of 2 approvals'],
    [76, (t) => t.replace('github: [dynabob-admin, dynabob-sre]', 'github: [dynabob-admin, newcomer]').replace('github: [dynabob-admin, newcomer]', 'github: [newcomer, other-newcomer]'), 'update of dynabob8: run pr-check without --offline to check it live; 0 of 2 approvals'],
    [77, (t) => t.replace('github: [dynabob-admin, dynabob-sre]', 'github: [dynabob-admin, newcomer]'), 'update of dynabob8: 0 of 1 approval'],
  ];
  for (const [n, edit, want] of cases) {
    const ev = openPull(s.gh, { number: n, author: 'dynabob-admin', headSha: String(n % 10).repeat(40), files: [{ filename: 'members/dynabob8.yaml', status: 'modified' }], contents: { 'members/dynabob8.yaml': edit(DYNABOB) } });
    const r = await prCheck(s.gh, base.dir, ev);
    assert.is(r.status?.description, want, String(n));
    if (want.includes('of 2')) assert.match(r.comment, /Judged at the \*\*join\*\* threshold/);
  }
});

// ---- point 5: nothing hidden ----

test('over 3,000 files: the list is capped, changed_files is not, and the verdict fails closed', async () => {
  const base = makeConsortium();
  const files = Array.from({ length: 3001 }, (_, i) => ({ filename: `docs/gen/f${String(i).padStart(4, '0')}.md`, status: 'added' as const }));
  files[3000] = { filename: 'members/dynabob8.yaml', status: 'added' };
  const ev = openPull(s.gh, { number: 80, author: 'dynabob-admin', files });
  approve(80, 'dynabob-admin', 'figment-infra', 'abc-org73-ops');
  const r = await prCheck(s.gh, base.dir, ev);
  assert.is(s.gh.requests.filter((q) => q.path.endsWith('/pulls/80/files')).length, 30, 'every page up to the cap is read');
  assert.is(r.status?.state, 'failure');
  assert.match(r.status!.description, /GitHub lists 3000 of the 3001 files/);
});

const NET_TEXT = EXAMPLE.network;

test('a governance change of network.yaml shows its zone plan; the mass-change guard is the committed one, not the PR’s', async () => {
  const base = makeConsortium();
  // The PR relaxes the guard and moves the shared name: every address record changes.
  const next = NET_TEXT.replace('max_change_percent: 30', 'max_change_percent: 100').replace('shared_name: api.bdbnetwork.io', 'shared_name: rr.bdbnetwork.io');
  const ev = openPull(s.gh, { number: 81, author: 'bob', files: [{ filename: 'network.yaml', status: 'modified' }], contents: { 'network.yaml': next } });
  approve(81, 'dynabob-admin', 'figment-infra');
  let r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'failure', r.comment);
  assert.match(r.status!.description, /mass-change guard/);
  assert.match(r.comment, /### DNS zone plan for bdbnetwork\\\.io\\\./);
  assert.match(r.comment, /rr\\\.bdbnetwork\\\.io\\\./);
  s.gh.labels.set(81, ['governance', 'zone:force']);
  r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'success', r.comment);

  const broken = openPull(s.gh, { number: 82, author: 'bob', headSha: '6'.repeat(40), files: [{ filename: 'network.yaml', status: 'modified' }], contents: { 'network.yaml': NET_TEXT.replace('ttl: 3600\n', 'ttl: -1\n') } });
  s.gh.setContent('6'.repeat(40), 'network.yaml', NET_TEXT.replace('  ttl: 3600\n', '  ttl: "soon"\n'));
  r = await prCheck(s.gh, base.dir, broken);
  assert.is(r.status?.state, 'failure');
  assert.match(r.status!.description, /validation error.* in the new network\.yaml/);
  assert.match(r.comment, /network\.yaml:\d+:\d+/);
});

// ---- point 7: the founding path ----

test('the first member joins with a founding approver’s approval; the path closes at governance.founding.members', async () => {
  const founding = (t: string) => t.replace('  leave: { fraction: 0/1, min: 0 }', '  leave: { fraction: 0/1, min: 0 }\n  founding: { members: 2, approvers: [alice] }');
  const fresh = makeConsortium({ network: founding, noExampleMembers: true });
  const ev = openPull(s.gh, { number: 90, author: 'acme-dev', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME } });
  let r = await prCheck(s.gh, fresh.dir, ev);
  assert.is(r.status?.state, 'pending');
  assert.match(r.comment, /founding path\*\* is open/);
  s.gh.addReview(90, { login: 'mallory', state: 'APPROVED', commitId: HEAD });
  r = await prCheck(s.gh, fresh.dir, ev);
  assert.is(r.status?.description, 'join of acme: run pr-check without --offline to check the proof; 0 of 1 approval', 'only a listed founding approver');
  s.gh.addReview(90, { login: 'alice', state: 'APPROVED', commitId: HEAD });
  r = await prCheck(s.gh, fresh.dir, ev);
  // Offline, at most pending; test/onboard/founding.test.ts admits the first member live.
  assert.is(offlinePass(r.status, 'join of acme', r.comment), 'join of acme: run pr-check without --offline to check the proof; founding approval by alice, offline checks passed');

  // Without the founding path the first join can never be approved: nobody else is a member.
  const closed = makeConsortium({ noExampleMembers: true });
  r = await prCheck(s.gh, closed.dir, ev);
  assert.is(r.status?.state, 'pending');
  assert.is(r.status?.description, 'join of acme: run pr-check without --offline to check the proof; 0 of 1 approval');

  // With two active members the path is closed: alice is no member.
  const grown = makeConsortium({ network: founding });
  r = await prCheck(s.gh, grown.dir, ev);
  assert.is(r.status?.state, 'pending');
  assert.match(r.comment, /alice \| — \| approved on `aaaaaaa` \| no: not listed in any member file/);
});

test('founding: a governance change in a new consortium is approved by a founding approver; an update is not', async () => {
  const founding = (t: string) => t.replace('  leave: { fraction: 0/1, min: 0 }', '  leave: { fraction: 0/1, min: 0 }\n  founding: { members: 3, approvers: [alice] }');
  const fresh = makeConsortium({ network: founding, noExampleMembers: true });
  const ev = openPull(s.gh, { number: 91, author: 'bob', files: [{ filename: 'docs/joining.md', status: 'modified' }] });
  approve(91, 'alice');
  const r = await prCheck(s.gh, fresh.dir, ev);
  assert.is(r.status?.state, 'success', r.comment);
  const small = makeConsortium({ network: founding });
  const up = openPull(s.gh, { number: 92, author: 'dynabob-admin', headSha: '7'.repeat(40), files: [{ filename: 'members/dynabob8.yaml', status: 'modified' }], contents: { 'members/dynabob8.yaml': DYNABOB.replace('noc@', 'ops@') } });
  s.gh.addReview(92, { login: 'alice', state: 'APPROVED', commitId: '7'.repeat(40) });
  const u = await prCheck(s.gh, small.dir, up);
  assert.is(u.status?.state, 'pending', 'founding approvers approve joins and governance changes only');
});

// ---- point 8: output stays safe and bounded ----

/** Cells of a Markdown table row, split where GFM splits them (at every unescaped |). */
const cells = (row: string) => row.split(/(?<!\\)\|/).slice(1, -1);

test('| in a file name or member text never breaks a table; #123 and org/repo#1 never autolink', async () => {
  const base = makeConsortium();
  const text = ACME.replace('ops@acme-node.net', '"a|b see #123 and org/repo#4 | x"');
  const ev = openPull(s.gh, { number: 110, author: 'acme-dev', files: [{ filename: 'members/ac|me.yaml', status: 'added' }], contents: { 'members/ac|me.yaml': text } });
  const r = await prCheck(s.gh, base.dir, ev);
  assert.is(r.status?.state, 'failure');
  const rows = r.comment.split('\n').filter((l) => l.startsWith('| ') && (l.includes('ac|me') || l.includes('ac\\|me')));
  assert.ok(rows.length >= 2, r.comment);
  for (const row of rows) assert.is(cells(row).length, 4, row);
  assert.not.match(r.comment, /#\d/, 'no issue reference');
  assert.not.match(r.comment, /[\w-]+\/[\w.-]+#\d/, 'no cross-repository reference');
  assert.match(r.comment, /#\u200b123/);
});

test('annotations are capped with a count of the rest; the job summary stays under 1 MiB (a 52 KB member file)', async () => {
  const base = makeConsortium();
  const keys = Array.from({ length: 5800 }, (_, i) => `k${String(i).padStart(4, '0')}: 1`).join('\n');
  const big = `${ACME}${keys}\n`;
  assert.ok(big.length > 50_000 && big.length < 64 * 1024, String(big.length));
  base.write('members/acme.yaml', big);
  const env = envFor(s.gh, {}, 'pull_request');
  const r = await cli(['validate', '--root', base.dir, '--format', 'github', join(base.dir, 'members/acme.yaml')], env);
  assert.is(r.code, 1, r.err);
  const lines = r.out.trimEnd().split('\n').filter((l) => l.startsWith('::'));
  assert.is(lines.length, 51, 'fifty annotations and one count');
  assert.match(lines.at(-1)!, /^::notice title=pmnet::5\d{3} more findings not annotated/);
  const summary = readFileSync(env.GITHUB_STEP_SUMMARY!);
  assert.ok(summary.length < 1024 * 1024, String(summary.length));
  for (let i = 0; i < 3; i++) await cli(['validate', '--root', base.dir, '--format', 'github', join(base.dir, 'members/acme.yaml')], env);
  const again = readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8');
  assert.ok(Buffer.byteLength(again) < 1024 * 1024, 'appends stop short of the limit');
  assert.match(again, /the rest is cut here: GitHub shows at most 1 MiB of a job summary/);
});

test('a flooded pull request is not paged through to the end', async () => {
  const base = makeConsortium();
  const ev = openPull(s.gh, { number: 111, author: 'dynabob-sre', files: [{ filename: 'members/dynabob8.yaml', status: 'removed' }] });
  const flood = Array.from({ length: 3000 }, (_, i) => ({ id: 10_000 + i, body: `spam ${i}`, user: { login: 'spammer', type: 'User' } }));
  s.gh.comments.set(111, [...flood]);
  await prCheck(s.gh, base.dir, ev);
  const pages = () => s.gh.requests.filter((q) => q.method === 'GET' && q.path.endsWith('/issues/111/comments')).length;
  assert.is(pages(), 5, 'five pages, then a new comment');
  // The usual case: our comment came first (the pull request's first run), the flood after it.
  s.gh.comments.set(111, [{ id: 1, body: '<!-- pmnet:pr-check -->\nold', user: { login: 'github-actions[bot]', type: 'Bot' } }, ...flood]);
  const before = pages();
  await prCheck(s.gh, base.dir, ev);
  assert.is(pages() - before, 5, 'bounded');
  assert.match(s.gh.comments.get(111)![0]!.body, /Leave\*\* of member/, 'found and updated');
  assert.is(s.gh.comments.get(111)!.length, 3001, 'no new comment');
});

test.run();
