// Approval counting and CODEOWNERS (scripts/github/governance.ts): exact verdicts at the edges —
// thresholds (2/3), the author's and the changed member's own approvals, stale and dismissed
// reviews, logins two members share, case folding of logins, the founding path.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  checkMaintainers,
  latestReviews,
  memberByLogin,
  ownersOf,
  parseCodeowners,
  patternRegex,
  requiredApprovals,
  short,
  tallyApprovals,
  type BaseMember,
} from '../../scripts/github/governance.js';
import type { Review } from '../../scripts/github/client.js';

const test = suite('github governance');
const H = 'h'.repeat(40);
const OLD = '0123456789abcdef0123456789abcdef01234567';
const TWO_THIRDS = { fraction: [2, 3] as [number, number], min: 1 };

let nextId = 1;
const review = (login: string, state = 'APPROVED', commitId = H): Review => ({ id: nextId++, login, state, commitId });
const approve = (...logins: string[]) => logins.map((l) => review(l));

/** Four active organizations, a suspended one, an inactive-other one; `shared` is listed by b and c. */
const MEMBERS: BaseMember[] = [
  { id: 'a', github: ['Alice', 'a2'], status: 'active' },
  { id: 'b', github: ['bob', 'shared'], status: 'active' },
  { id: 'c', github: ['carol', 'SHARED'], status: 'active' },
  { id: 'd', github: ['dave'], status: 'active' },
  { id: 's', github: ['sam'], status: 'suspended' },
  { id: 'r', github: ['rita'], status: 'retired' },
];

const tally = (reviews: Review[], over: Partial<Parameters<typeof tallyApprovals>[0]> = {}) =>
  tallyApprovals({ reviews, headSha: H, author: 'alice', members: MEMBERS, threshold: TWO_THIRDS, ...over });

// ---------- latestReviews ----------

test('latestReviews: APPROVED, CHANGES_REQUESTED and DISMISSED decide; COMMENTED and PENDING leave the last decision', () => {
  for (const state of ['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']) {
    assert.equal([...latestReviews([review('x', state)])].map(([k, r]) => [k, r.state]), [['x', state]], state);
  }
  for (const state of ['COMMENTED', 'PENDING', '']) assert.is(latestReviews([review('x', state)]).size, 0, state);
  const l = latestReviews([review('X', 'APPROVED', OLD), review('x', 'COMMENTED'), review('x', 'PENDING')]);
  assert.is(l.get('x')!.commitId, OLD, 'a comment on the head does not refresh an old approval');
});

test('latestReviews: the last decisive review per login wins, logins folded to lower case; a review without login is dropped', () => {
  const l = latestReviews([review('Bob', 'CHANGES_REQUESTED'), review('BOB', 'APPROVED'), review('', 'APPROVED'), review('eve', 'APPROVED'), review('eve', 'DISMISSED')]);
  assert.equal([...l.keys()], ['bob', 'eve']);
  assert.is(l.get('bob')!.state, 'APPROVED');
  assert.is(l.get('bob')!.login, 'BOB', 'the review itself keeps the login as GitHub spells it');
  assert.is(l.get('eve')!.state, 'DISMISSED');
});

// ---------- requiredApprovals ----------

test('requiredApprovals: 2/3 rounds up at every count of other organizations', () => {
  const want = [1, 1, 2, 2, 3, 4, 4, 5, 6, 6, 7];
  for (let n = 0; n <= 10; n++) assert.is(requiredApprovals(TWO_THIRDS, n), want[n], `${n} others`);
});

test('requiredApprovals: the minimum wins over a smaller fraction and loses to a larger one; a zero denominator means the minimum', () => {
  assert.is(requiredApprovals({ fraction: [1, 2], min: 3 }, 4), 3);
  assert.is(requiredApprovals({ fraction: [1, 2], min: 3 }, 8), 4);
  assert.is(requiredApprovals({ fraction: [1, 1], min: 0 }, 5), 5);
  assert.is(requiredApprovals({ fraction: [0, 1], min: 0 }, 9), 0);
  assert.is(requiredApprovals({ fraction: [1, 0], min: 2 }, 9), 2);
  assert.is(requiredApprovals({ fraction: [0, 0], min: 0 }, 9), 0);
  assert.is(requiredApprovals({ fraction: [3, 4], min: 1 }, 4), 3, 'an exact product is not rounded up further');
});

// ---------- memberByLogin ----------

test('memberByLogin: logins fold to lower case; a login two members list (in any case) acts for neither', () => {
  const m = memberByLogin(MEMBERS);
  assert.is(m.get('alice')!.id, 'a');
  assert.is(m.get('a2')!.id, 'a');
  assert.is(m.get('bob')!.id, 'b');
  assert.is(m.get('Alice'), undefined, 'keys are lower case');
  assert.not.ok(m.has('shared'), 'shared by b and c (as shared and SHARED)');
  assert.is(m.size, 7);
});

test('memberByLogin: a member listing a login twice, or listed twice, keeps it; three members sharing drop it', () => {
  const m = memberByLogin([
    { id: 'a', github: ['Twice', 'twice'], status: 'active' },
    { id: 'b', github: ['x'], status: 'active' },
    { id: 'b', github: ['x'], status: 'active' },
    { id: 'c', github: ['t3'], status: 'active' },
    { id: 'd', github: ['t3'], status: 'active' },
    { id: 'e', github: ['t3'], status: 'active' },
  ]);
  assert.is(m.get('twice')!.id, 'a');
  assert.is(m.get('x')!.id, 'b');
  assert.not.ok(m.has('t3'));
  assert.equal([...m.keys()].sort(), ['twice', 'x']);
});

// ---------- tallyApprovals ----------

test('tally: 2/3 of the other three active organizations is 2; one approval is short, two meet it', () => {
  let t = tally(approve('bob'));
  assert.is(t.others, 3);
  assert.is(t.required, 2);
  assert.equal(t.approvedBy, ['b']);
  assert.equal(t.remaining, ['c', 'd']);
  assert.is(t.met, false);
  t = tally(approve('bob', 'carol'));
  assert.equal(t.approvedBy, ['b', 'c']);
  assert.equal(t.remaining, ['d']);
  assert.is(t.met, true);
  t = tally(approve('dave', 'carol', 'bob'));
  assert.equal(t.approvedBy, ['d', 'c', 'b'], 'in review order');
  assert.equal(t.remaining, []);
  assert.is(t.met, true);
});

test('tally: the author and the author’s organization never approve; the author is found in any case', () => {
  const t = tally(approve('ALICE', 'a2', 'bob'), { author: 'Alice' });
  assert.equal(t.authorOrgs, ['a']);
  assert.is(t.others, 3);
  assert.equal(t.approvedBy, ['b']);
  assert.equal(
    t.reviewers.map((r) => [r.login, r.member, r.counted, r.note]),
    [
      ['ALICE', 'a', false, 'the author'],
      ['a2', 'a', false, 'the author’s own organization'],
      ['bob', 'b', true, ''],
    ],
  );
  assert.is(t.met, false);
});

test('tally: an author outside every member file leaves all organizations as others', () => {
  const t = tally(approve('bob', 'carol', 'dave'), { author: 'stranger' });
  assert.equal(t.authorOrgs, []);
  assert.is(t.others, 4);
  assert.is(t.required, 3);
  assert.equal(t.approvedBy, ['b', 'c', 'd']);
  assert.equal(t.remaining, ['a']);
  assert.is(t.met, true);
});

test('tally: the changed member’s organization never approves its own change (subject), and the author’s organizations add to it', () => {
  const t = tally(approve('bob', 'carol', 'dave'), { subject: 'b' });
  assert.equal(t.authorOrgs, ['a', 'b']);
  assert.is(t.others, 2);
  assert.is(t.required, 2);
  assert.equal(t.approvedBy, ['c', 'd']);
  assert.is(t.reviewers[0]!.note, 'the changed member’s own organization');
  assert.is(t.reviewers[0]!.counted, false);
  assert.is(t.met, true);
  const join = tally(approve('bob'), { subject: 'newcomer', author: 'newbie' });
  assert.equal(join.authorOrgs, ['newcomer'], 'a join’s subject is not on the base branch yet');
  assert.is(join.others, 4);
  assert.is(join.required, 3);
});

test('tally: a stale approval does not count and says which commit to approve again; an approval without commit is stale too', () => {
  const t = tally([review('bob', 'APPROVED', OLD), review('carol', 'APPROVED', ''), review('dave')]);
  assert.equal(t.approvedBy, ['d']);
  const [bob, carol] = t.reviewers;
  assert.is(bob!.stale, true);
  assert.is(bob!.counted, false);
  assert.is(bob!.note, 'approved an older commit (0123456); approve the current head (hhhhhhh) again');
  assert.is(carol!.stale, true);
  assert.is(carol!.note, 'approved an older commit ((none)); approve the current head (hhhhhhh) again');
  assert.is(t.reviewers[2]!.stale, false);
  assert.is(t.met, false);
});

test('tally: a stale approval by the author is reported as stale; a change request or a dismissal replaces an approval', () => {
  const t = tally([review('alice', 'APPROVED', OLD), review('bob'), review('bob', 'CHANGES_REQUESTED'), review('carol'), review('carol', 'DISMISSED'), review('dave')]);
  assert.equal(
    t.reviewers.map((r) => [r.login, r.state, r.counted, r.stale, r.note]),
    [
      ['alice', 'APPROVED', false, true, 'approved an older commit (0123456); approve the current head (hhhhhhh) again'],
      ['bob', 'CHANGES_REQUESTED', false, false, 'requested changes'],
      ['carol', 'DISMISSED', false, false, 'review dismissed'],
      ['dave', 'APPROVED', true, false, ''],
    ],
  );
  assert.equal(t.approvedBy, ['d']);
  assert.is(t.reviewers[1]!.commitId, H);
  assert.is(t.reviewers[1]!.member, 'b');
});

test('tally: two logins of one organization count once; a shared login, a stranger and inactive members count for nothing', () => {
  const t = tally(approve('bob', 'Shared', 'ghost', 'sam', 'rita', 'BOB'));
  assert.equal(t.approvedBy, ['b']);
  assert.equal(
    t.reviewers.map((r) => [r.login, r.member, r.counted, r.note]),
    [
      ['BOB', 'b', true, ''],
      ['Shared', undefined, false, 'not listed in any member file (github, default branch)'],
      ['ghost', undefined, false, 'not listed in any member file (github, default branch)'],
      ['sam', 's', false, 'member s is suspended'],
      ['rita', 'r', false, 'member r is retired'],
    ],
  );
  const u = tally(approve('bob', 'shared'), { members: MEMBERS.slice(0, 2) });
  assert.equal(u.approvedBy, ['b']);
  assert.equal(u.reviewers.map((r) => [r.login, r.counted, r.note]), [['bob', true, ''], ['shared', false, 'organization b already counted']]);
  assert.ok(!('member' in t.reviewers[1]!), 'no member key for an unknown login');
});

test('tally: suspended and retired organizations are neither others nor remaining', () => {
  const t = tally([], { author: 'dave' });
  assert.is(t.others, 3);
  assert.equal(t.remaining, ['a', 'b', 'c']);
  assert.equal(t.reviewers, []);
  assert.is(t.met, false);
  assert.is(t.founding, false);
  assert.equal(t.founders, []);
});

test('tally: remaining organizations are sorted, whatever the order of the member files', () => {
  const members: BaseMember[] = ['zeta', 'b', 'mu', 'a'].map((id) => ({ id, github: [`${id}-dev`], status: 'active' }));
  const t = tally(approve('mu-dev'), { members, author: 'nobody' });
  assert.equal(t.remaining, ['a', 'b', 'zeta']);
  assert.equal(t.authorOrgs, []);
  const u = tally([], { members, author: 'zeta-dev', subject: 'b' });
  assert.equal(u.authorOrgs, ['b', 'zeta']);
});

test('tally: a threshold of 0 is met with no approval at all', () => {
  const t = tally([], { threshold: { fraction: [0, 1], min: 0 } });
  assert.is(t.required, 0);
  assert.is(t.met, true);
});

test('founding: open below governance.founding.members active members; one approver’s approval of the head suffices', () => {
  const founding = { members: 5, approvers: ['Dave', 'Zed'] };
  let t = tally([review('zed')], { founding });
  assert.is(t.founding, true);
  assert.equal(t.founders, ['zed']);
  assert.equal(t.approvedBy, [], 'a founder outside the members is not an organization');
  assert.is(t.reviewers[0]!.counted, true);
  assert.is(t.reviewers[0]!.note, '');
  assert.is(t.met, true);
  t = tally([review('DAVE')], { founding });
  assert.equal(t.founders, ['DAVE']);
  assert.equal(t.approvedBy, [], 'a founding approval is not also an organization’s');
  assert.is(t.met, true);
  t = tally([review('zed', 'APPROVED', OLD)], { founding });
  assert.equal(t.founders, []);
  assert.is(t.met, false, 'a stale founding approval does not count');
  t = tally([review('zed', 'CHANGES_REQUESTED')], { founding });
  assert.is(t.met, false);
  t = tally([review('zed')], { founding, author: 'zed' });
  assert.equal(t.founders, [], 'the author cannot be its own founding approver');
  assert.is(t.reviewers[0]!.note, 'the author');
  assert.is(t.met, false);
});

test('founding: closed at exactly governance.founding.members active members (suspended ones not counted)', () => {
  const approvers = ['zed'];
  let t = tally([review('zed')], { founding: { members: 4, approvers } });
  assert.is(t.founding, false);
  assert.equal(t.founders, []);
  assert.is(t.reviewers[0]!.note, 'not listed in any member file (github, default branch)');
  assert.is(t.met, false);
  t = tally([review('zed')], { founding: { members: 5, approvers } });
  assert.is(t.founding, true);
  assert.is(t.met, true);
  t = tally([review('zed')]);
  assert.is(t.founding, false, 'no founding section');
  assert.is(t.met, false);
});

test('short: seven characters, or (none)', () => {
  assert.is(short(OLD), '0123456');
  assert.is(short(''), '(none)');
});

// ---------- CODEOWNERS ----------

test('parseCodeowners: comments, blank lines, CRLF, an escaped #, a # inside a pattern, ownerless rules', () => {
  const rules = parseCodeowners('# header\r\n\r\n   \r\n*  @org/all  # trailing\r\n\\#notes @n\r\ndocs/a#b @x\r\n/free/\r\n');
  assert.equal(
    rules.map((r) => [r.pattern, r.owners]),
    [
      ['*', ['@org/all']],
      ['\\#notes', ['@n']],
      ['docs/a#b', ['@x']],
      ['/free/', []],
    ],
  );
  assert.ok(rules[1]!.re.test('#notes'), 'an escaped # is a literal #');
  assert.not.ok(rules[1]!.re.test('\\#notes'));
  assert.ok(rules[2]!.re.test('docs/a#b'));
  // CODEOWNERS has no backslash escapes inside a pattern (GitHub's docs): a backslash there is literal.
  const inner = parseCodeowners('docs/a\\#b @x\n')[0]!;
  assert.is(inner.pattern, 'docs/a\\#b');
  assert.ok(inner.re.test('docs/a\\#b'));
  assert.not.ok(inner.re.test('docs/a#b'));
});

test('patternRegex: unanchored names match at any depth; a / anchors', () => {
  const m = (p: string, path: string) => patternRegex(p).test(path);
  assert.ok(m('network.yaml', 'network.yaml'));
  assert.ok(m('network.yaml', 'x/y/network.yaml'));
  assert.not.ok(m('network.yaml', 'network.yaml.bak'));
  assert.not.ok(m('network.yaml', 'old-network.yaml'));
  assert.not.ok(m('network.yaml', 'networkXyaml'), 'a dot is literal');
  assert.ok(m('docs', 'docs/a/b.md'), 'a name matches a directory and what is under it');
  assert.ok(m('/docs', 'docs/a.md'));
  assert.not.ok(m('/docs', 'x/docs/a.md'));
  assert.ok(m('scripts/rules', 'scripts/rules/a.ts'), 'an inner / anchors too');
  assert.not.ok(m('scripts/rules', 'x/scripts/rules/a.ts'));
});

test('patternRegex: a trailing / matches only a directory’s contents', () => {
  const m = (p: string, path: string) => patternRegex(p).test(path);
  assert.ok(m('docs/', 'docs/a.md'));
  assert.ok(m('docs/', 'x/docs/a.md'), 'docs/ without another / is not anchored');
  assert.not.ok(m('docs/', 'docs'), 'a file named docs is not the directory');
  assert.ok(m('/members/', 'members/x.yaml'));
  assert.not.ok(m('/members/', 'a/members/x.yaml'));
});

test('patternRegex: * and ? stay within one path segment; ** crosses them', () => {
  const m = (p: string, path: string) => patternRegex(p).test(path);
  assert.ok(m('*.md', 'README.md'));
  assert.ok(m('*.md', 'docs/x/a.md'));
  assert.not.ok(m('/*.md', 'docs/a.md'));
  assert.ok(m('/*.md', 'a.md'));
  assert.ok(m('a?c', 'abc'));
  assert.not.ok(m('a?c', 'ac'));
  assert.not.ok(m('/a?c', 'a/c'));
  assert.ok(m('**/rules', 'rules'));
  assert.ok(m('**/rules', 'a/b/rules/x'));
  assert.ok(m('scripts/**/rules', 'scripts/rules/x.ts'));
  assert.ok(m('scripts/**/rules', 'scripts/a/b/rules/x.ts'));
  assert.not.ok(m('scripts/**/rules', 'scripts/xrules/a.ts'));
  assert.ok(m('scripts/**', 'scripts/a/b.ts'));
  assert.not.ok(m('scripts/**', 'other/scripts/a.ts'));
  assert.ok(m('a**b', 'a/x/b'));
  assert.ok(m('/a*', 'abc/def'));
  assert.not.ok(m('/a*b', 'a/b'));
  for (const c of ['+', '(', ')', '[', ']', '{', '}', '^', '$', '|']) {
    const name = `x${c}y`;
    assert.ok(m(name, name), `${c} is literal`);
  }
  assert.not.ok(m('x+y', 'xxy'));
  assert.not.ok(m('x(y)', 'xy'));
});

test('ownersOf: the last matching rule wins; no matching rule is undefined; an ownerless rule is []', () => {
  const rules = parseCodeowners('* @all\n/docs/ @writer\n/docs/free/\n*.ts @ts\n');
  assert.equal(ownersOf(rules, 'network.yaml'), ['@all']);
  assert.equal(ownersOf(rules, 'docs/a.md'), ['@writer']);
  assert.equal(ownersOf(rules, 'docs/free/a.md'), []);
  assert.equal(ownersOf(rules, 'docs/a.ts'), ['@ts']);
  assert.is(ownersOf(parseCodeowners('/docs/ @w\n'), 'x.md'), undefined);
  assert.is(ownersOf([], 'x.md'), undefined);
});

// ---------- checkMaintainers ----------

const RULES = parseCodeowners('*.ts @TsOwner @second\n/docs/ @writer @org/docs\n/team/ @org/team\n/mail/ ops@example.net\n/free/\n');
const maint = (files: string[], reviews: Review[], author = 'someone', rules = RULES) => checkMaintainers({ rules, files, reviews, headSha: H, author });

test('maintainers: one approval of the head by a user each file names; the login matches in any case', () => {
  const m = maint(['a.ts', 'b.ts'], approve('tsowner'));
  assert.is(m.state, 'success');
  assert.equal(m.approvedBy, ['TsOwner'], 'spelled as CODEOWNERS spells it');
  assert.equal(m.waitingFor, []);
  assert.equal(m.teams, []);
  assert.equal(m.unowned, []);
  assert.equal(m.reviewers.map((r) => [r.login, r.counted, r.note]), [['tsowner', true, '']]);
});

test('maintainers: waiting lists every user of the unapproved files, sorted; an approval of another file does not help', () => {
  const m = maint(['a.ts', 'docs/x.md'], approve('writer'));
  assert.is(m.state, 'pending');
  assert.equal(m.waitingFor, ['TsOwner', 'second']);
  assert.equal(m.approvedBy, ['writer']);
  assert.equal(m.teams, [], 'docs/ was approved by its user, so its team is not needed');
  const n = maint(['a.ts'], approve('writer'));
  assert.is(n.state, 'pending');
  assert.equal(n.approvedBy, []);
  assert.equal(n.reviewers.map((r) => [r.login, r.counted, r.note]), [['writer', false, 'not a maintainer of the changed files (CODEOWNERS)']]);
});

test('maintainers: the author, a stale approval, a change request and a dismissal do not approve', () => {
  const m = maint(['a.ts'], [review('TSOWNER'), review('second', 'APPROVED', OLD), review('x', 'CHANGES_REQUESTED'), review('y'), review('y', 'DISMISSED')], 'tsowner');
  assert.is(m.state, 'pending');
  assert.equal(m.approvedBy, []);
  assert.equal(m.waitingFor, ['TsOwner', 'second']);
  assert.equal(
    m.reviewers.map((r) => [r.login, r.counted, r.stale, r.note]),
    [
      ['TSOWNER', false, false, 'the author'],
      ['second', false, true, 'approved an older commit (0123456); approve the current head (hhhhhhh) again'],
      ['x', false, false, 'requested changes'],
      ['y', false, false, 'review dismissed'],
    ],
  );
  assert.equal(m.stale.map((r) => r.login), ['second']);
});

test('maintainers: a file owned by a team only is left to branch protection; a team beside users is named when no user approved', () => {
  let m = maint(['team/x'], []);
  assert.is(m.state, 'success');
  assert.equal(m.teams, ['@org/team']);
  assert.equal(m.waitingFor, []);
  m = maint(['docs/a.md', 'team/x'], []);
  assert.is(m.state, 'success');
  assert.equal(m.teams, ['@org/docs', '@org/team']);
  m = maint(['team/x', 'docs/a.md'], []);
  assert.equal(m.teams, ['@org/docs', '@org/team'], 'sorted');
  m = maint(['team/x', 'a.ts'], []);
  assert.is(m.state, 'pending');
  assert.equal(m.teams, ['@org/team']);
  assert.equal(m.waitingFor, ['TsOwner', 'second']);
});

test('maintainers: an unowned file (or one owned only by an e-mail address) falls back to any user CODEOWNERS names', () => {
  let m = maint(['free/a', 'mail/b'], []);
  assert.is(m.state, 'pending');
  assert.equal(m.unowned, ['free/a', 'mail/b']);
  assert.equal(m.waitingFor, ['TsOwner', 'second', 'writer']);
  m = maint(['free/a'], approve('writer'));
  assert.is(m.state, 'success');
  assert.equal(m.approvedBy, ['writer']);
  m = maint(['nowhere.yaml'], approve('second'));
  assert.is(m.state, 'success', 'no rule at all is unowned too');
  assert.equal(m.unowned, ['nowhere.yaml']);
});

test('maintainers: an owner that is neither @user nor @org/team (a deeper path, a login before the @) owns nothing', () => {
  const rules = parseCodeowners('* @all\n/odd/ @org/team/sub me@org/team\n');
  const m = maint(['odd/x'], approve('all'), 's', rules);
  assert.equal(m.unowned, ['odd/x']);
  assert.equal(m.teams, []);
  assert.equal(m.approvedBy, ['all']);
  assert.is(m.state, 'success');
});

test('maintainers: with one maintainer counted, another approver of no changed file is not counted', () => {
  const m = maint(['a.ts'], approve('writer', 'second'));
  assert.is(m.state, 'success');
  assert.equal(m.approvedBy, ['second']);
  assert.equal(
    m.reviewers.map((r) => [r.login, r.counted, r.note]),
    [
      ['writer', false, 'not a maintainer of the changed files (CODEOWNERS)'],
      ['second', true, ''],
    ],
  );
});

test('maintainers: a file nobody can approve fails; teams do not count as users anywhere else', () => {
  let m = maint(['free/a'], approve('x'), 'a', parseCodeowners('/free/\n/t/ @org/t\n'));
  assert.is(m.state, 'failure');
  assert.equal(m.waitingFor, []);
  assert.equal(m.unowned, ['free/a']);
  m = maint([], [], 'a', parseCodeowners(''));
  assert.is(m.state, 'success', 'no files, nothing to approve');
});

test('maintainers: users listed by several rules are waited for once; every approving owner is listed, sorted', () => {
  const rules = parseCodeowners('*.ts @b @a\n*.md @a\n');
  let m = maint(['x.ts', 'y.md'], []);
  m = maint(['x.ts', 'y.md'], [], 's', rules);
  assert.equal(m.waitingFor, ['a', 'b']);
  m = maint(['x.ts'], approve('b', 'a'), 's', rules);
  assert.equal(m.approvedBy, ['a', 'b']);
  assert.equal(m.reviewers.map((r) => r.counted), [true, true]);
});

test.run();
