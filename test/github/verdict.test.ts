// The verdict of a pull request (scripts/github/judge.ts): which threshold a member change is
// judged at, and the commit status (state, description, reasons) from the reasons, findings, zone
// plan, crashes and the real tally of approvals. The API and validation around it are tested
// end to end in pr-check.test.ts and trust.test.ts against the GitHub stand-in.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { clip, governanceVerdict, memberBar, ownership, verdictFor, FORCE_LABEL } from '../../scripts/github/judge.js';
import { checkMaintainers, parseCodeowners, tallyApprovals, type BaseMember } from '../../scripts/github/governance.js';
import type { MemberChange } from '../../scripts/github/classify.js';
import type { Review } from '../../scripts/github/client.js';
import type { Seat } from '../../scripts/github/seat.js';
import type { Finding } from '../../scripts/findings.js';
import type { Plan } from '../../scripts/zone/plan.js';
import type { ValidatorPlan } from '../../scripts/tendermint/changes.js';

const test = suite('github verdict');
const H = 'h'.repeat(40);

const MEMBERS: BaseMember[] = ['a', 'b', 'c', 'd'].map((id) => ({ id, github: [`${id}-dev`], status: 'active' }));
const approvals = (...ids: string[]): Review[] => ids.map((id, i) => ({ id: i + 1, login: `${id}-dev`, state: 'APPROVED', commitId: H }));
/** A real tally: the author is a-dev, so b, c, d are the others; 2/3 of 3 is 2. */
const tally = (reviews: Review[], over: Partial<Parameters<typeof tallyApprovals>[0]> = {}) =>
  tallyApprovals({ reviews, headSha: H, author: 'a-dev', members: MEMBERS, threshold: { fraction: [2, 3], min: 1 }, ...over });

const finding = (severity: Finding['severity']): Finding => ({ rule: 'x/y', severity, file: 'members/a.yaml', line: 1, column: 1, message: 'm' });
const plan = (status: Plan['guard']['status']): Plan => ({
  zone: 'example.net.',
  added: [],
  removed: [],
  changed: [],
  existingRecords: 40,
  affectedRecords: 12,
  affectedPercent: 30,
  guard: { maxChangePercent: 25, minRecords: 20, status },
  apexChanges: [],
});
const GUARD = `mass-change guard: this change deletes or updates 12 of 40 records (30%), more than the 25% allowed for a zone of at least 20 records (network.yaml zone.guard). Check the change; if it is intended, a maintainer can add the ${FORCE_LABEL} label`;

const UPDATE: MemberChange = { kind: 'update', file: 'members/a.yaml', id: 'a' };
const judged = (over: Partial<Parameters<typeof verdictFor>[1]> = {}) => ({ findings: [], internalErrors: 0, plan: undefined, tally: tally(approvals('b', 'c')), ...over });

// ---------- memberBar ----------

const seat = (joinBar: string[] = []): Seat => ({ proof: [], joinBar, refused: [] });
/** Only `changes[].memberId` decides; the rest of a ValidatorPlan is irrelevant here. */
const power = (...ids: string[]) => ({ changes: ids.map((memberId) => ({ memberId })) }) as unknown as ValidatorPlan;
const change = (kind: MemberChange['kind'], id = 'a'): MemberChange => ({ kind, file: `members/${id}.yaml`, id, ...(kind === 'rename' ? { previousFile: 'members/old.yaml', previousId: 'old' } : {}) });

test('memberBar: a join, and any change that takes over a seat, is judged at the join threshold', () => {
  assert.equal(memberBar(change('join'), seat(), undefined), { kind: 'join', powerBar: false });
  assert.equal(memberBar(change('update'), seat(['the organization is replaced']), undefined), { kind: 'join', powerBar: false });
  assert.equal(memberBar(change('rename'), seat(['the member is renamed from old to a']), undefined), { kind: 'join', powerBar: false });
  assert.equal(memberBar(change('leave'), seat(['x']), undefined), { kind: 'join', powerBar: false });
});

test('memberBar: an update that changes its own voting power or key is at the join threshold; another member’s change is not its own', () => {
  assert.equal(memberBar(change('update'), seat(), power('a')), { kind: 'join', powerBar: true });
  assert.equal(memberBar(change('update'), seat(), power('b', 'a')), { kind: 'join', powerBar: true });
  assert.equal(memberBar(change('update'), seat(), power('b')), { kind: 'update', powerBar: false });
  assert.equal(memberBar(change('update'), seat(), power()), { kind: 'update', powerBar: false });
  assert.equal(memberBar(change('update'), undefined, undefined), { kind: 'update', powerBar: false });
  assert.equal(memberBar(change('leave'), seat(), power('a')), { kind: 'leave', powerBar: false }, 'a leave removes the power; its own threshold');
  assert.equal(memberBar(change('rename'), seat(), power('a')), { kind: 'update', powerBar: false });
});

test('memberBar: a plain rename is judged at the update threshold, a leave at its own', () => {
  assert.equal(memberBar(change('rename'), seat(), undefined), { kind: 'update', powerBar: false });
  assert.equal(memberBar(change('leave'), undefined, undefined), { kind: 'leave', powerBar: false });
});

// ---------- verdictFor ----------

test('member verdict: enough approvals and no reason is success, with the count', () => {
  assert.equal(verdictFor(UPDATE, judged(), []), { state: 'success', description: 'update of a: 2 of 2 approvals; checks passed', reasons: [] });
  assert.equal(verdictFor(UPDATE, judged({ tally: tally(approvals('b', 'c', 'd')) }), []).description, 'update of a: 3 of 2 approvals; checks passed');
  const one = tally(approvals('b'), { threshold: { fraction: [0, 1], min: 1 } });
  assert.equal(verdictFor(UPDATE, judged({ tally: one }), []).description, 'update of a: 1 of 1 approval; checks passed');
});

test('member verdict: too few approvals is pending, never failure; warnings and a forced or open guard do not fail', () => {
  assert.equal(verdictFor(UPDATE, judged({ tally: tally(approvals('b')) }), []), { state: 'pending', description: 'update of a: 1 of 2 approvals', reasons: [] });
  assert.equal(verdictFor(UPDATE, judged({ tally: tally([]) }), []).description, 'update of a: 0 of 2 approvals');
  const one = tally([], { threshold: { fraction: [0, 1], min: 1 } });
  assert.equal(verdictFor(UPDATE, judged({ tally: one }), []).description, 'update of a: 0 of 1 approval');
  const quiet = judged({ tally: tally(approvals('b')), findings: [finding('warning'), finding('notice')], plan: plan('forced') });
  assert.is(verdictFor(UPDATE, quiet, []).state, 'pending');
  assert.is(verdictFor(UPDATE, judged({ plan: plan('ok') }), []).state, 'success');
});

test('member verdict: what an --offline run left unchecked keeps it pending, never success; reasons still fail it', () => {
  const JOIN = change('join', 'n');
  assert.equal(verdictFor(JOIN, judged({ unchecked: 'the proof' }), []), { state: 'pending', description: 'join of n: run pr-check without --offline to check the proof; 2 of 2 approvals, offline checks passed', reasons: [] });
  assert.equal(verdictFor(UPDATE, judged({ unchecked: 'it live', tally: tally(approvals('b')) }), []), { state: 'pending', description: 'update of a: run pr-check without --offline to check it live; 1 of 2 approvals', reasons: [] });
  assert.is(verdictFor(JOIN, judged({ unchecked: 'the proof' }), ['a reason']).state, 'failure');
  assert.is(verdictFor(JOIN, judged({ unchecked: undefined }), []).state, 'success');
});

test('member verdict: a founding approval is named when the organizations alone fall short', () => {
  const founding = { members: 9, approvers: ['f-dev'] };
  const f = tally([{ id: 1, login: 'f-dev', state: 'APPROVED', commitId: H }, ...approvals('b')], { founding });
  assert.is(verdictFor(change('join', 'n'), judged({ tally: f }), []).description, 'join of n: founding approval by f-dev; checks passed');
  const enough = tally([{ id: 1, login: 'f-dev', state: 'APPROVED', commitId: H }, ...approvals('b', 'c')], { founding });
  assert.is(verdictFor(change('join', 'n'), judged({ tally: enough }), []).description, 'join of n: 2 of 2 approvals; checks passed', 'at the threshold the count is shown');
});

test('member verdict: every reason fails it, whatever the approvals; the first one is the description', () => {
  const v = verdictFor(UPDATE, judged({ tally: tally(approvals('b', 'c', 'd')), findings: [finding('error'), finding('warning')], plan: plan('blocked'), internalErrors: 1 }), ['first reason', 'second']);
  assert.equal(v, {
    state: 'failure',
    description: 'update of a: first reason',
    reasons: ['first reason', 'second', '1 validation error (see the findings below)', GUARD, '1 check crashed (internal error; please report it)'],
  });
});

test('member verdict: each failure alone, counted in the singular and plural', () => {
  const fail = (over: Partial<Parameters<typeof verdictFor>[1]>) => verdictFor(UPDATE, judged(over), []);
  assert.equal(fail({ findings: [finding('error')] }), { state: 'failure', description: 'update of a: 1 validation error (see the findings below)', reasons: ['1 validation error (see the findings below)'] });
  assert.equal(fail({ findings: [finding('error'), finding('error')] }).reasons, ['2 validation errors (see the findings below)']);
  assert.equal(fail({ plan: plan('blocked') }).reasons, [GUARD]);
  assert.equal(fail({ internalErrors: 1 }).reasons, ['1 check crashed (internal error; please report it)']);
  assert.equal(fail({ internalErrors: 3 }).reasons, ['3 checks crashed (internal error; please report it)']);
  assert.equal(verdictFor(change('leave', 'b'), judged(), ['why']), { state: 'failure', description: 'leave of b: why', reasons: ['why'] });
});

test('member verdict: the description is clipped to 140 characters, the reasons are not', () => {
  const long = 'x'.repeat(200);
  const v = verdictFor(UPDATE, judged(), [long]);
  assert.is(v.description.length, 140);
  assert.is(v.description, `update of a: ${'x'.repeat(126)}…`);
  assert.equal(v.reasons, [long]);
});

// ---------- governanceVerdict ----------

const RULES = parseCodeowners('*.md @writer\n/team/ @org/team\n');
const maint = (files: string[], reviews: Review[]) => checkMaintainers({ rules: RULES, files, reviews, headSha: H, author: 'a-dev' });
const gov = (over: Partial<Parameters<typeof governanceVerdict>[0]> = {}) => ({ findings: [], internalErrors: 0, plan: undefined, tally: tally(approvals('b', 'c')), maintainers: undefined, ...over });
const writer: Review = { id: 9, login: 'writer', state: 'APPROVED', commitId: H };

test('governance verdict: members approved and no CODEOWNERS is success', () => {
  assert.equal(governanceVerdict(gov(), []), { state: 'success', description: 'governance change: 2 of 2 approvals', reasons: [] });
});

test('governance verdict: maintainers are named when they approved, enforced teams otherwise', () => {
  assert.equal(governanceVerdict(gov({ maintainers: maint(['README.md'], [writer]) }), []).description, 'governance change: 2 of 2 approvals; maintainers writer');
  assert.equal(governanceVerdict(gov({ maintainers: maint(['team/x'], []) }), []).description, 'governance change: 2 of 2 approvals; @org/team enforced by code-owner review');
  assert.equal(governanceVerdict(gov({ maintainers: maint(['README.md', 'team/x'], [writer]) }), []).description, 'governance change: 2 of 2 approvals; maintainers writer');
  assert.equal(governanceVerdict(gov({ maintainers: maint([], []) }), []).description, 'governance change: 2 of 2 approvals');
});

test('governance verdict: pending for the members, for a maintainer, or both', () => {
  assert.equal(governanceVerdict(gov({ tally: tally(approvals('b')) }), []), { state: 'pending', description: 'governance change: 1 of 2 member approvals', reasons: [] });
  const one = tally([], { threshold: { fraction: [0, 1], min: 1 } });
  assert.is(governanceVerdict(gov({ tally: one }), []).description, 'governance change: 0 of 1 member approval');
  assert.equal(governanceVerdict(gov({ maintainers: maint(['README.md'], []) }), []), { state: 'pending', description: "governance change: waiting for a maintainer's approval (writer)", reasons: [] });
  assert.is(
    governanceVerdict(gov({ tally: tally([]), maintainers: maint(['README.md'], []) }), []).description,
    "governance change: 0 of 2 member approvals; waiting for a maintainer's approval (writer)",
  );
});

test('governance verdict: several maintainers, teams, waiting users and founders are listed with commas', () => {
  const rules = parseCodeowners('*.md @writer @editor\n*.ts @coder\n/team/ @org/team @org/ops\n');
  const m = (files: string[], reviews: Review[]) => checkMaintainers({ rules, files, reviews, headSha: H, author: 'a-dev' });
  const coder: Review = { id: 8, login: 'coder', state: 'APPROVED', commitId: H };
  assert.is(governanceVerdict(gov({ maintainers: m(['a.md', 'b.ts'], [writer, coder]) }), []).description, 'governance change: 2 of 2 approvals; maintainers coder, writer');
  assert.is(governanceVerdict(gov({ maintainers: m(['team/x'], []) }), []).description, 'governance change: 2 of 2 approvals; @org/ops, @org/team enforced by code-owner review');
  assert.is(governanceVerdict(gov({ maintainers: m(['a.md'], []) }), []).description, "governance change: waiting for a maintainer's approval (editor, writer)");
  const founders = [1, 2].map((i) => ({ id: i, login: i === 1 ? 'f-dev' : 'g-dev', state: 'APPROVED', commitId: H }));
  const t = tally(founders, { founding: { members: 9, approvers: ['f-dev', 'g-dev'] } });
  assert.is(governanceVerdict(gov({ tally: t }), []).description, 'governance change: founding approval by f-dev, g-dev');
});

test('governance verdict: a founding approval is named', () => {
  const t = tally([{ id: 1, login: 'f-dev', state: 'APPROVED', commitId: H }], { founding: { members: 9, approvers: ['f-dev'] } });
  assert.equal(governanceVerdict(gov({ tally: t }), []), { state: 'success', description: 'governance change: founding approval by f-dev', reasons: [] });
});

test('governance verdict: reasons, validation errors, a blocked guard and crashes fail it, in that order', () => {
  const v = governanceVerdict(gov({ findings: [finding('error'), finding('warning')], plan: plan('blocked'), internalErrors: 2 }), ['CODEOWNERS names no user']);
  assert.equal(v, {
    state: 'failure',
    description: 'governance change: CODEOWNERS names no user',
    reasons: ['CODEOWNERS names no user', '1 validation error in the new network.yaml (see the findings below)', GUARD, '2 checks crashed (internal error; please report it)'],
  });
  const fail = (over: Partial<Parameters<typeof governanceVerdict>[0]>) => governanceVerdict(gov(over), []);
  assert.equal(fail({ findings: [finding('error'), finding('error')] }).reasons, ['2 validation errors in the new network.yaml (see the findings below)']);
  assert.equal(fail({ findings: [finding('error')] }).description, 'governance change: 1 validation error in the new network.yaml (see the findings below)');
  assert.equal(fail({ plan: plan('blocked') }).state, 'failure');
  assert.equal(fail({ internalErrors: 1 }).reasons, ['1 check crashed (internal error; please report it)']);
  assert.is(fail({ findings: [finding('warning')], plan: plan('forced') }).state, 'success');
  const given = ['x'];
  governanceVerdict(gov({ internalErrors: 1 }), given);
  assert.equal(given, ['x'], 'the caller’s list is not changed');
});

// ---------- clip ----------

test('clip: whitespace runs become one space; 140 characters fit, 141 are cut to 139 and an ellipsis', () => {
  assert.is(clip('a \n\t b'), 'a b');
  assert.is(clip('x'.repeat(140)), 'x'.repeat(140));
  assert.is(clip('x'.repeat(141)), `${'x'.repeat(139)}…`);
  assert.is(clip('abcdef', 5), 'abcd…');
  assert.is(clip('abcde', 5), 'abcde');
});

test('ownership: only a login in github of the base branch’s file may change or remove it, in any case', () => {
  const onBase = (...files: string[]) => (f: string) => files.includes(f);
  const A = 'members/a.yaml';
  assert.equal(ownership(UPDATE, 'A-Dev', onBase(A), ['ops', 'a-DEV']), []);
  assert.equal(ownership(UPDATE, 'mallory', onBase(A), ['a-dev', 'ops']), [
    "mallory is not listed in github of the base branch's members/a.yaml (a-dev, ops); only those logins may change it",
  ]);
  assert.equal(ownership({ kind: 'leave', file: A, id: 'a' }, 'mallory', onBase(A), ['a-dev']), [
    "mallory is not listed in github of the base branch's members/a.yaml (a-dev); only those logins may remove it",
  ]);
  assert.equal(ownership(UPDATE, '1234', onBase(A), [1234]), [], 'a login YAML read as a number is compared as text');
  assert.equal(ownership(UPDATE, 'a-dev', onBase(), ['a-dev']), ["members/a.yaml is not on the base branch, so nobody can be its owner; rebase the pull request"]);
  assert.equal(ownership(UPDATE, 'a-dev', onBase(A), undefined), ["the base branch's members/a.yaml does not load, so its owners cannot be read; a maintainer must fix it"]);
});

test('ownership: a join adds a file the base does not have, whoever writes it', () => {
  const join: MemberChange = { kind: 'join', file: 'members/e.yaml', id: 'e' };
  assert.equal(ownership(join, 'newcomer', () => false, undefined), []);
  assert.equal(ownership(join, 'newcomer', (f) => f === 'members/e.yaml', undefined), [
    'members/e.yaml already exists on the base branch: a join adds a new member file (update the base branch of this pull request)',
  ]);
});

test('ownership: a rename is owned through the file it renames, and must not overwrite another', () => {
  const rename: MemberChange = { kind: 'rename', file: 'members/b.yaml', id: 'b', previousFile: 'members/a.yaml', previousId: 'a' };
  const seen: string[] = [];
  assert.equal(ownership(rename, 'a-dev', (f) => (seen.push(f), f === 'members/a.yaml'), ['a-dev']), []);
  assert.equal(seen, ['members/a.yaml', 'members/b.yaml']);
  assert.equal(ownership(rename, 'b-dev', () => true, ['a-dev']), [
    "b-dev is not listed in github of the base branch's members/a.yaml (a-dev); only those logins may change it",
    'members/b.yaml already exists on the base branch',
  ]);
  assert.equal(ownership(rename, 'a-dev', (f) => f === 'members/b.yaml', ['a-dev']), [
    'members/a.yaml is not on the base branch, so nobody can be its owner; rebase the pull request',
    'members/b.yaml already exists on the base branch',
  ]);
  assert.equal(ownership(UPDATE, 'a-dev', () => true, ['a-dev']), [], 'only a rename checks its file is new');
});

test.run();
