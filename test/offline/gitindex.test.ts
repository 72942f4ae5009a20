// Files git vouches for (scripts/load/gitindex.ts) are looked up in the cache by blob id and not
// read. Every way a file can differ from what git last recorded must still be judged from its
// bytes: an edit, an edit that keeps size and mtime (ctime, despite a repository that says not to
// trust it), assume-unchanged and skip-worktree entries, untracked files, a conflict; and an
// environment that points git elsewhere changes nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { git } from '../github/helpers.js';
import { join } from 'node:path';
import { PackCache, type CachedFile, type ResultCache } from '../../scripts/load/cache.js';
import { gitBlobId, gitVouched, parseLsFiles } from '../../scripts/load/gitindex.js';
import { validateOffline, type ValidateResult } from '../../scripts/validate.js';
import { EXAMPLE, makeConsortium, runCli } from '../helpers/consortium.js';

const first = Object.keys(EXAMPLE.members)[0]!;
const firstText = EXAMPLE.members[first]!;
const MEMBERS: Record<string, string> = {
  'bad.yaml': ['id: bad', 'organization:', '  name: Bad Org', 'contacts:', '  - email: ops@bad-node.net', 'github: [bad-ops]', 'status: active', 'node:', '  domain: bad-node.net', '  ipv4: ["127.1"]', ''].join('\n'),
  'twin.yaml': firstText.replace(/^id: .*$/m, 'id: twin').replace(/domain: .*/, 'domain: twin-node.net'),
  'good.yaml': firstText.replace(/^id: .*$/m, 'id: good').replace(/domain: .*/, 'domain: good-node.net').replace(/ipv4: .*/, 'ipv4: [198.51.100.7]').replace(/github: .*/, 'github: [good-ops]'),
};
// The same length as good.yaml's address: an edit that keeps the file's size.
const GOOD_EDITED = MEMBERS['good.yaml']!.replace('198.51.100.7', '127.000.0.01');


function repo(members = MEMBERS) {
  const k = makeConsortium({ members });
  git(k.dir, 'init', '-q');
  git(k.dir, 'add', '-A');
  git(k.dir, 'commit', '-qm', 'members');
  return k;
}

function view(r: ValidateResult) {
  return { findings: r.findings, ok: r.ok, texts: [...r.texts].sort(), members: r.members.map((m) => [m.id, m.source.file, m.data, m.model]) };
}

/** A pack that counts how its entries were found. */
function counting(dir: string) {
  const pack = PackCache.open(dir);
  const c = { byGit: 0, byContent: 0 };
  const cache: ResultCache = {
    byGit: pack.byGit,
    get size() {
      return pack.size;
    },
    get(file, hash) {
      const e = pack.get(file, hash);
      if (e) c.byContent++;
      return e;
    },
    getByGit(file, id) {
      const e = pack.getByGit(file, id);
      if (e) c.byGit++;
      return e;
    },
    put(file: string, hash: string, entry: CachedFile, id?: string) {
      pack.put(file, hash, entry, id);
    },
  };
  return { pack, cache, c };
}

async function cached(root: string, cacheDir: string) {
  const { pack, cache, c } = counting(cacheDir);
  const r = await validateOffline({ root, cache, vouched: gitVouched(root) });
  pack.save();
  return { v: view(r), ...c };
}

const cold = async (root: string) => view(await validateOffline({ root }));
const files = Object.keys(EXAMPLE.members).length + Object.keys(MEMBERS).length;

test('gitBlobId is the id git gives the bytes', () => {
  const k = repo();
  for (const name of Object.keys(MEMBERS)) {
    const bytes = readFileSync(join(k.dir, 'members', name));
    assert.is(gitBlobId(bytes), git(k.dir, 'hash-object', `members/${name}`).trim());
  }
});

test('a clean checkout: every cached file is found by blob id, none is read, the report is a cold run\'s', async () => {
  const k = repo();
  const cacheDir = join(k.dir, '.pmnet-cache');
  const want = await cold(k.dir);
  assert.ok(want.findings.some((f) => f.file === 'members/twin.yaml' && f.rule === 'member/unique-ip'));
  const one = await cached(k.dir, cacheDir);
  assert.equal(one.v, want);
  const vouched = await gitVouched(k.dir);
  assert.is(vouched?.size, files);
  const two = await cached(k.dir, cacheDir);
  assert.is(two.byGit, files);
  assert.is(two.byContent, 0);
  assert.equal(two.v, want);
  // The text report shows the same offending lines (texts read only when asked for).
  const a = await runCli(['validate', '--root', k.dir, '--no-cache']);
  const b = await runCli(['validate', '--root', k.dir]);
  assert.is(b.stdout, a.stdout);
});

test('an edit that keeps size and mtime is still seen (ctime), even where the repository says not to trust ctime', async () => {
  const k = repo();
  git(k.dir, 'config', 'core.trustctime', 'false');
  git(k.dir, 'config', 'core.checkStat', 'minimal');
  const cacheDir = join(k.dir, 'c');
  // Past git's racy window: the index is older than any later change by whole seconds.
  await new Promise((r) => setTimeout(r, 1100));
  git(k.dir, 'status', '--porcelain');
  const file = join(k.dir, 'members', 'good.yaml');
  // Whole seconds: utimes from JavaScript restores them exactly (nanoseconds would be rounded).
  const when = Math.floor(Date.now() / 1000) - 60;
  utimesSync(file, when, when);
  git(k.dir, 'update-index', '--refresh');
  await cached(k.dir, cacheDir);
  const before = statSync(file, { bigint: true });
  await new Promise((r) => setTimeout(r, 1100));
  k.write('members/good.yaml', GOOD_EDITED);
  utimesSync(file, when, when);
  assert.is(statSync(file, { bigint: true }).size, before.size);
  assert.is(statSync(file, { bigint: true }).mtimeNs, before.mtimeNs);
  // Without pmnet's settings, this repository's git calls the file unchanged.
  assert.is(git(k.dir, 'ls-files', '-m', '--', 'members'), '');
  const want = await cold(k.dir);
  assert.ok(want.findings.some((f) => f.file === 'members/good.yaml' && f.rule === 'member/ip-syntax'), 'the edit is a finding');
  const got = await cached(k.dir, cacheDir);
  assert.equal(got.v, want);
  assert.is(got.byGit, files - 1);
});

test('assume-unchanged, skip-worktree, untracked, removed and conflicted files are read, not trusted', async () => {
  const k = repo();
  const cacheDir = join(k.dir, 'c');
  await cached(k.dir, cacheDir);
  git(k.dir, 'update-index', '--assume-unchanged', 'members/good.yaml');
  k.write('members/good.yaml', GOOD_EDITED);
  git(k.dir, 'update-index', '--skip-worktree', 'members/bad.yaml');
  k.write('members/bad.yaml', MEMBERS['bad.yaml']!.replace('"127.1"', '"198.51.100.99"'));
  k.write('members/new.yaml', MEMBERS['good.yaml']!.replace('id: good', 'id: new').replace('good-node', 'new-node'));
  k.remove('members/twin.yaml');
  const vouched = (await gitVouched(k.dir))!;
  for (const f of ['good', 'bad', 'new', 'twin']) assert.not.ok(vouched.has(`members/${f}.yaml`), f);
  const want = await cold(k.dir);
  const got = await cached(k.dir, cacheDir);
  assert.equal(got.v, want);
  assert.ok(want.findings.some((f) => f.file === 'members/good.yaml' && f.rule === 'member/ip-syntax'));
  assert.not.ok(want.findings.some((f) => f.file === 'members/bad.yaml' && f.rule === 'member/ip-syntax'));
  assert.is(got.byGit, Object.keys(EXAMPLE.members).length);
});

test('an environment pointing git at another index or work tree is not inherited', async () => {
  const k = repo();
  const other = repo({ ...MEMBERS, 'good.yaml': GOOD_EDITED });
  const saved = { ...process.env };
  try {
    process.env.GIT_DIR = join(other.dir, '.git');
    process.env.GIT_WORK_TREE = other.dir;
    const vouched = (await gitVouched(k.dir))!;
    assert.is(vouched.get('members/good.yaml'), gitBlobId(Buffer.from(MEMBERS['good.yaml']!)));
  } finally {
    for (const key of ['GIT_DIR', 'GIT_WORK_TREE']) if (saved[key] === undefined) delete process.env[key];
  }
});

test('no repository, or members/ untracked: nothing is vouched for and the run reads every file', async () => {
  const k = makeConsortium({ members: MEMBERS });
  assert.is(await gitVouched(k.dir), undefined);
  const cacheDir = join(k.dir, 'c');
  await cached(k.dir, cacheDir);
  const got = await cached(k.dir, cacheDir);
  assert.is(got.byGit, 0);
  assert.is(got.byContent, files);
  assert.equal(got.v, await cold(k.dir));
});

test('parseLsFiles: only clean stage-0 regular files; another object format or garbage is no answer', () => {
  const id = 'a'.repeat(40);
  const rec = (tag: string, path: string, mode = '100644', stage = '0', h = id) => `${tag} ${mode} ${h} ${stage}\t${path}\0`;
  const out = rec('H', 'members/a.yaml') + rec('H', 'members/b.yaml') + rec('C', 'members/b.yaml') + rec('h', 'members/c.yaml') + rec('S', 'members/d.yaml') + rec('H', 'members/e.yaml', '120000') + rec('M', 'members/f.yaml', '100644', '2') + rec('H', 'members/g.yaml', '100755') + rec('H', 'members/tab\tname.yaml');
  assert.equal([...parseLsFiles(out, 'members')!], [['members/a.yaml', id], ['members/g.yaml', id], ['members/tab\tname.yaml', id]]);
  assert.is(parseLsFiles(rec('H', 'members/a.yaml', '100644', '0', 'b'.repeat(64)), 'members'), undefined, 'SHA-256 repository');
  assert.is(parseLsFiles(rec('H', 'other/a.yaml'), 'members'), undefined, 'outside the asked directory');
  assert.is(parseLsFiles('fatal: not a git repository\0', 'members'), undefined);
  assert.is(parseLsFiles(rec('H', 'members/a.yaml', '100644', '0', 'G'.repeat(40)), 'members'), undefined);
  assert.equal(parseLsFiles('', 'members')?.size, 0);
});

test.run();
