// Pure parts: change classification, thresholds, latest reviews, CODEOWNERS matching.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { classify } from '../../scripts/github/classify.js';
import { checkMaintainers, latestReviews, ownersOf, parseCodeowners, requiredApprovals, tallyApprovals } from '../../scripts/github/governance.js';

const test = suite('github units');
const H = 'a'.repeat(40);

test('classify: one member file by status; everything else is governance; zone/ is refused', () => {
  const k = (files: { filename: string; status: string; previous_filename?: string }[]) => {
    const c = classify(files);
    return c.ok ? c.kind : `bad: ${c.problems.join(' | ')}`;
  };
  assert.is(k([{ filename: 'members/x.yaml', status: 'added' }]), 'join');
  assert.is(k([{ filename: 'members/x.yaml', status: 'modified' }]), 'update');
  assert.is(k([{ filename: 'members/x.yaml', status: 'removed' }]), 'leave');
  assert.is(k([{ filename: 'members/y.yaml', status: 'renamed', previous_filename: 'members/x.yaml' }]), 'rename');
  for (const g of ['network.yaml', 'schemas/member.schema.json', 'scripts/cli.ts', '.github/workflows/zone.yml', 'package.json', 'package-lock.json', 'README.md', 'docs/joining.md']) {
    assert.is(k([{ filename: g, status: 'modified' }]), 'governance', g);
  }
  assert.match(k([{ filename: 'members/notes.txt', status: 'added' }]), /not a member file/);
  assert.match(k([{ filename: 'members/sub/x.yaml', status: 'added' }]), /not a member file/);
  assert.match(k([{ filename: 'scripts/x.yaml', status: 'renamed', previous_filename: 'members/x.yaml' }]), /also changes scripts\/x\.yaml/);
  assert.match(k([{ filename: 'zone/bdbnetwork.io.zone', status: 'modified' }]), /zone\/ is generated/);
  assert.match(k([]), /changes no files/);
});

test('requiredApprovals = max(min, ceil(fraction × others))', () => {
  assert.is(requiredApprovals({ fraction: [2, 3], min: 1 }, 3), 2);
  assert.is(requiredApprovals({ fraction: [2, 3], min: 1 }, 4), 3);
  assert.is(requiredApprovals({ fraction: [2, 3], min: 1 }, 0), 1);
  assert.is(requiredApprovals({ fraction: [0, 1], min: 0 }, 9), 0);
  assert.is(requiredApprovals({ fraction: [1, 2], min: 3 }, 2), 3);
});

test('latest review per login: COMMENTED does not replace, DISMISSED and CHANGES_REQUESTED do', () => {
  const r = (login: string, state: string, id: number) => ({ id, login, state, commitId: H });
  const l = latestReviews([r('A', 'APPROVED', 1), r('a', 'COMMENTED', 2), r('b', 'APPROVED', 3), r('b', 'CHANGES_REQUESTED', 4), r('c', 'CHANGES_REQUESTED', 5), r('c', 'APPROVED', 6)]);
  assert.equal([...l].map(([k, v]) => [k, v.state]), [
    ['a', 'APPROVED'],
    ['b', 'CHANGES_REQUESTED'],
    ['c', 'APPROVED'],
  ]);
});

test('tally: suspended members neither count nor approve', () => {
  const t = tallyApprovals({
    reviews: [{ id: 1, login: 'sus', state: 'APPROVED', commitId: H }],
    headSha: H,
    author: 'new',
    members: [
      { id: 'a', github: ['a1'], status: 'active' },
      { id: 's', github: ['sus'], status: 'suspended' },
    ],
    subject: 'n',
    threshold: { fraction: [2, 3], min: 1 },
  });
  assert.is(t.others, 1);
  assert.is(t.required, 1);
  assert.equal(t.approvedBy, []);
  assert.is(t.reviewers[0]!.note, 'member s is suspended');
});

test('CODEOWNERS: last matching rule wins; anchored, directory and glob patterns', () => {
  const rules = parseCodeowners(`# comment
*                 @org/maint
/members/
*.md              @docs-person   # trailing comment
scripts/**/rules  @rules-person
/.github/         @sec
`);
  assert.equal(ownersOf(rules, 'network.yaml'), ['@org/maint']);
  assert.equal(ownersOf(rules, 'members/x.yaml'), []);
  assert.equal(ownersOf(rules, 'docs/joining.md'), ['@docs-person']);
  assert.equal(ownersOf(rules, 'scripts/a/b/rules/x.ts'), ['@rules-person']);
  assert.equal(ownersOf(rules, 'scripts/rules/x.ts'), ['@rules-person']);
  assert.equal(ownersOf(rules, '.github/workflows/zone.yml'), ['@sec']);
  assert.equal(ownersOf(rules, 'x/.github/y'), ['@org/maint'], 'a leading / anchors at the root');
});

test('maintainers: each file needs one of its users; the author cannot approve; unowned files fall back to any listed user', () => {
  const rules = parseCodeowners('*.ts @tsowner\n/docs/ @writer\n/free/\n');
  const base = { rules, headSha: H, author: 'tsowner' };
  let m = checkMaintainers({ ...base, files: ['scripts/a.ts', 'docs/x.md'], reviews: [{ id: 1, login: 'writer', state: 'APPROVED', commitId: H }, { id: 2, login: 'tsowner', state: 'APPROVED', commitId: H }] });
  assert.is(m.state, 'pending');
  assert.equal(m.waitingFor, ['tsowner']);
  m = checkMaintainers({ ...base, author: 'x', files: ['free/a'], reviews: [{ id: 1, login: 'writer', state: 'APPROVED', commitId: H }] });
  assert.is(m.state, 'success');
  assert.equal(m.unowned, ['free/a']);
  m = checkMaintainers({ rules: parseCodeowners('/free/\n'), headSha: H, author: 'x', files: ['free/a'], reviews: [] });
  assert.is(m.state, 'failure');
});

test.run();
