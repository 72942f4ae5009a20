// Change classification (scripts/github/classify.ts): which kind a pull request is from its file
// list alone, and the exact reasons a mixed or malformed one is refused.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { areaOf, classify, memberId } from '../../scripts/github/classify.js';
import type { PrFile } from '../../scripts/github/client.js';

const test = suite('github classify');
const f = (filename: string, status = 'modified', previous_filename?: string): PrFile => ({ filename, status, ...(previous_filename !== undefined ? { previous_filename } : {}) });
const problems = (files: PrFile[]) => {
  const c = classify(files);
  if (c.ok) throw new Error(`expected problems, got ${c.kind}`);
  return c.problems;
};

test('memberId: members/<id>.yaml and nothing else', () => {
  assert.is(memberId('members/acme.yaml'), 'acme');
  assert.is(memberId('members/a.b.yaml'), 'a.b');
  for (const p of ['members/a/b.yaml', 'members/x.yaml.bak', 'old/members/x.yaml', 'members/x.yml', 'members/.yaml', 'members/xyaml', 'members/x.YAML', 'members/', 'x.yaml']) {
    assert.is(memberId(p), undefined, p);
  }
});

test('areaOf: members/, then zone/ and tendermint/ (generated), everything else governance', () => {
  assert.is(areaOf('members/x.yaml'), 'member');
  assert.is(areaOf('members/notes.txt'), 'member');
  assert.is(areaOf('zone/bdbnetwork.io.zone'), 'zone');
  assert.is(areaOf('tendermint/genesis.json'), 'zone');
  for (const p of ['network.yaml', 'membersx/a.yaml', 'members', 'zone', 'zones/a', 'tendermint', 'docs/members/x.yaml', 'x/zone/a', '.github/CODEOWNERS']) {
    assert.is(areaOf(p), 'governance', p);
  }
});

test('classify: one member file by its status', () => {
  const one = (status: string, previous?: string) => classify([f('members/new.yaml', status, previous)]);
  assert.equal(one('added'), { ok: true, kind: 'join', member: { kind: 'join', file: 'members/new.yaml', id: 'new' } });
  assert.equal(one('copied'), { ok: true, kind: 'join', member: { kind: 'join', file: 'members/new.yaml', id: 'new' } });
  assert.equal(one('modified'), { ok: true, kind: 'update', member: { kind: 'update', file: 'members/new.yaml', id: 'new' } });
  assert.equal(one('changed'), { ok: true, kind: 'update', member: { kind: 'update', file: 'members/new.yaml', id: 'new' } });
  assert.equal(one('removed'), { ok: true, kind: 'leave', member: { kind: 'leave', file: 'members/new.yaml', id: 'new' } });
  assert.equal(one('renamed', 'members/old.yaml'), {
    ok: true,
    kind: 'rename',
    member: { kind: 'rename', file: 'members/new.yaml', id: 'new', previousFile: 'members/old.yaml', previousId: 'old' },
  });
  assert.equal(one('unchanged'), { ok: false, problems: ['members/new.yaml: unexpected change status "unchanged"'] });
});

test('classify: a rename must come from a member file', () => {
  assert.equal(problems([f('members/new.yaml', 'renamed', 'members/sub/old.yaml')]), ['members/new.yaml was renamed from members/sub/old.yaml, which is not a member file']);
  assert.equal(problems([f('members/new.yaml', 'renamed')]), ['members/new.yaml was renamed from , which is not a member file']);
  assert.equal(problems([f('members/new.yaml', 'renamed', 'docs/new.yaml')])[0]!.startsWith('a member change touches exactly one member file and nothing else, but this pull request also changes members/new.yaml'), true);
});

test('classify: a file under members/ that is not members/<id>.yaml is refused', () => {
  assert.equal(problems([f('members/notes.txt', 'added')]), ['members/notes.txt is not a member file: member files are members/<id>.yaml']);
  assert.equal(problems([f('members/sub/x.yaml', 'added')]), ['members/sub/x.yaml is not a member file: member files are members/<id>.yaml']);
});

test('classify: everything outside members/ and zone/ is one governance change, all files listed', () => {
  const files = ['network.yaml', 'schemas/member.schema.json', 'scripts/cli.ts', '.github/workflows/zone.yml', 'package.json', 'README.md'];
  assert.equal(classify(files.map((x) => f(x))), { ok: true, kind: 'governance', governanceFiles: files });
});

test('classify: no files', () => {
  assert.equal(problems([]), ['the pull request changes no files']);
});

test('classify: zone/ and tendermint/ are refused, it or them', () => {
  assert.equal(problems([f('zone/x.zone')]), ['zone/x.zone: zone/ is generated from the member files by the zone workflow after merge (so is tendermint/); remove it from this pull request']);
  assert.equal(problems([f('zone/x.zone'), f('tendermint/genesis.json')]), [
    'zone/x.zone, tendermint/genesis.json: zone/ is generated from the member files by the zone workflow after merge (so is tendermint/); remove them from this pull request',
  ]);
  assert.equal(problems([f('members/a.yaml', 'renamed', 'zone/a.yaml')]).length, 1, 'a rename out of zone/ touches zone/');
  assert.match(problems([f('members/a.yaml', 'renamed', 'zone/a.yaml')])[0]!, /^members\/a\.yaml: zone\/ is generated/);
});

test('classify: a member file with anything else is refused, listing the other files (five, then a count)', () => {
  assert.equal(problems([f('members/a.yaml'), f('network.yaml')]), [
    'a member change touches exactly one member file and nothing else, but this pull request also changes network.yaml; split it: the member file in one pull request, the other files (reviewed by the maintainers) in another',
  ]);
  const five = ['a', 'b', 'c', 'd', 'e'].map((x) => `docs/${x}.md`);
  assert.match(problems([f('members/a.yaml'), ...five.map((x) => f(x))])[0]!, /also changes docs\/a\.md, docs\/b\.md, docs\/c\.md, docs\/d\.md, docs\/e\.md; split it/);
  const seven = [...five, 'docs/f.md', 'docs/g.md'];
  assert.match(problems([f('members/a.yaml'), ...seven.map((x) => f(x))])[0]!, /also changes docs\/a\.md, docs\/b\.md, docs\/c\.md, docs\/d\.md, docs\/e\.md and 2 more; split it/);
  assert.match(problems([f('scripts/x.yaml', 'renamed', 'members/x.yaml')])[0]!, /also changes scripts\/x\.yaml; split it/);
});

test('classify: two member files are refused, counted and listed', () => {
  assert.equal(problems([f('members/a.yaml'), f('members/b.yaml', 'added')]), [
    'a member change touches exactly one member file, but this pull request changes 2: members/a.yaml, members/b.yaml; open one pull request per member',
  ]);
});

test('classify: every problem is reported at once, in order', () => {
  const p = problems([f('zone/z.zone'), f('members/a.yaml'), f('members/b.yaml'), f('README.md')]);
  assert.is(p.length, 3);
  assert.match(p[0]!, /^zone\/z\.zone: zone\/ is generated/);
  assert.match(p[1]!, /also changes README\.md; split it/);
  assert.match(p[2]!, /this pull request changes 2: members\/a\.yaml, members\/b\.yaml;/);
});

test.run();
