// The result cache (scripts/load/cache.ts): a run from the cache reports exactly what a cold run
// reports (file, line, column, message, order); a changed file or network.yaml is judged anew;
// a corrupt, truncated, stale or linked pack is ignored, never trusted, and never written through.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashBytes, jsonSafe, MemoryCache, PACK_NAME, PackCache, toolKey, type CachedFile, type ResultCache } from '../../scripts/load/cache.js';
import { validateOffline, type ValidateResult } from '../../scripts/validate.js';
import { EXAMPLE, makeConsortium, runCli } from '../helpers/consortium.js';

const first = Object.keys(EXAMPLE.members)[0]!;
const firstText = EXAMPLE.members[first]!;
const MEMBERS: Record<string, string> = {
  // Per-file rule findings (ip-syntax at line 10, column 10).
  'bad.yaml': ['id: bad', 'organization:', '  name: Bad Org', 'contacts:', '  - email: ops@bad-node.net', 'github: [bad-ops]', 'status: active', 'node:', '  domain: bad-node.net', '  ipv4: ["127.1"]', ''].join('\n'),
  // A cross-member finding: the first example member's address and login, again.
  'twin.yaml': firstText.replace(/^id: .*$/m, 'id: twin').replace(/domain: .*/, 'domain: twin-node.net'),
  // A schema finding (wrong type): no member, no rules.
  'typed.yaml': 'id: typed\norganization: 5\n',
  // Not YAML at all: never cached.
  'broken.yaml': 'id: [broken\n',
  // An unknown key holding .inf: still a member, but its data does not survive JSON, so not cached.
  'inf.yaml': firstText.replace(/^id: .*$/m, 'id: inf').replace(/domain: .*/, 'domain: inf-node.net').replace(/ipv4: .*/, 'ipv4: [198.51.100.7]').replace(/github: .*/, 'github: [inf-ops]') + 'extra: .inf\n',
};

/** Everything a reporter or generator reads from a run. */
function view(r: ValidateResult) {
  return { findings: r.findings, ok: r.ok, internal: r.internalErrors, texts: [...r.texts].sort(), members: r.members.map((m) => [m.id, m.source.file, m.data, m.model]), model: r.model };
}

/** Counts lookups and hits of a cache. */
function counting(inner: ResultCache) {
  const c = { hits: 0, misses: 0, puts: 0 };
  const cache: ResultCache = {
    get size() {
      return inner.size;
    },
    get(file, hash) {
      const e = inner.get(file, hash);
      if (e) c.hits++;
      else c.misses++;
      return e;
    },
    put(file, hash, entry) {
      c.puts++;
      inner.put(file, hash, entry);
    },
  };
  return { cache, c };
}

async function cold(dir: string) {
  return view(await validateOffline({ root: dir }));
}

async function cached(dir: string, cacheDir: string) {
  const pack = PackCache.open(cacheDir);
  const { cache, c } = counting(pack);
  const r = await validateOffline({ root: dir, cache });
  pack.save();
  return { v: view(r), state: pack.state, ...c };
}

test('a run from the cache reports exactly what a cold run reports, and parses nothing', async () => {
  const k = makeConsortium({ members: MEMBERS });
  const cacheDir = join(k.dir, '.pmnet-cache');
  const want = await cold(k.dir);
  assert.ok(want.findings.some((f) => f.file === 'members/bad.yaml' && f.rule === 'member/ip-syntax' && f.line === 10 && f.column === 10));
  assert.ok(want.findings.some((f) => f.file === 'members/twin.yaml' && f.rule === 'member/unique-ip'), 'a cross-member finding');
  assert.ok(want.findings.some((f) => f.file === 'members/typed.yaml' && f.rule.startsWith('schema/')));
  assert.ok(want.findings.some((f) => f.file === 'members/broken.yaml' && f.rule === 'yaml/syntax'));

  const one = await cached(k.dir, cacheDir);
  assert.is(one.state, 'absent');
  assert.equal(one.v, want);
  assert.ok(existsSync(join(cacheDir, PACK_NAME)));

  const two = await cached(k.dir, cacheDir);
  assert.is(two.state, 'loaded');
  assert.equal(two.v, want);
  // Every file that loaded is a hit but inf.yaml (not JSON-safe); broken.yaml is not cached.
  const files = Object.keys(EXAMPLE.members).length + Object.keys(MEMBERS).length;
  assert.is(two.hits, files - 2);
  assert.is(two.misses, 2);
});

test('one changed member file: only it is parsed again, the findings are a cold run\'s', async () => {
  const k = makeConsortium({ members: MEMBERS });
  const cacheDir = join(k.dir, 'cache');
  await cached(k.dir, cacheDir);
  // bad.yaml fixed; twin.yaml now also claims bad.yaml's domain; a new file arrives.
  k.write('members/bad.yaml', MEMBERS['bad.yaml']!.replace('"127.1"', '"198.51.100.99"'));
  k.write('members/newer.yaml', MEMBERS['bad.yaml']!.replace('id: bad', 'id: newer').replace('"127.1"', '"198.51.100.99"'));
  const want = await cold(k.dir);
  const got = await cached(k.dir, cacheDir);
  assert.equal(got.v, want);
  assert.ok(want.findings.some((f) => f.file === 'members/newer.yaml' && f.rule === 'member/unique-ip'), 'cross-member rules see the changed files');
  assert.ok(!want.findings.some((f) => f.file === 'members/bad.yaml' && f.rule === 'member/ip-syntax'));
  assert.is(got.misses, 4, 'bad.yaml, newer.yaml, inf.yaml, broken.yaml');
  // A removed file drops out of the pack.
  k.remove('members/newer.yaml');
  const after = await cached(k.dir, cacheDir);
  assert.equal(after.v, await cold(k.dir));
  assert.not.match(readFileSync(join(cacheDir, PACK_NAME), 'utf8'), 'members/newer.yaml');
});

test('a changed network.yaml: per-file rules run again on the cached data', async () => {
  const k = makeConsortium({ members: MEMBERS });
  const cacheDir = join(k.dir, 'cache');
  await cached(k.dir, cacheDir);
  const domain = /^domain: (\S+)/m.exec(EXAMPLE.network)![1]!;
  // Members may now sit under the consortium's zone only by other names: domain-in-consortium-zone changes.
  k.write('network.yaml', EXAMPLE.network.replace(`domain: ${domain}`, 'domain: abc-org73.net'));
  const want = await cold(k.dir);
  const got = await cached(k.dir, cacheDir);
  assert.equal(got.v, want);
  assert.is(got.misses, 2, 'the files themselves are still cached');
  const before = await validateOffline({ root: makeConsortium({ members: MEMBERS }).dir });
  assert.not.equal(want.findings, before.findings, 'the new network.yaml changes the findings');
});

test('a corrupt, truncated, stale, misshapen or linked pack is ignored and the run is a cold run', async () => {
  const k = makeConsortium({ members: MEMBERS });
  const want = await cold(k.dir);
  const cacheDir = join(k.dir, 'cache');
  await cached(k.dir, cacheDir);
  const packFile = join(cacheDir, PACK_NAME);
  const good = readFileSync(packFile);

  const cases: [string, Buffer | string, string][] = [];
  // One byte changed inside a cached message: still valid JSON, caught by the body hash.
  const at = good.indexOf('Line 10');
  assert.ok(at > 0 || good.includes('"message"'));
  const flipped = Buffer.from(good);
  const msg = flipped.indexOf('"message":"') + 12;
  flipped[msg] = flipped[msg] === 0x41 ? 0x42 : 0x41;
  cases.push(['one byte flipped', flipped, 'corrupt']);
  cases.push(['truncated', good.subarray(0, Math.floor(good.length / 2)), 'corrupt']);
  cases.push(['header only', good.subarray(0, good.indexOf(0x0a)), 'corrupt']);
  cases.push(['empty', Buffer.alloc(0), 'corrupt']);
  cases.push(['not JSON', 'garbage\n{}', 'corrupt']);
  // Another tool's pack (a rebuilt pmnet, another Node): its results are not this tool's.
  const header = JSON.parse(good.subarray(0, good.indexOf(0x0a)).toString()) as Record<string, string>;
  cases.push(['stale', Buffer.concat([Buffer.from(JSON.stringify({ ...header, tool: 'another tool' })), good.subarray(good.indexOf(0x0a))]), 'stale']);
  // A well-formed, correctly hashed body of the wrong shape.
  const body = JSON.stringify({ 'members/bad.yaml': { h: 1, base: 'no' } });
  cases.push(['misshapen', `${JSON.stringify({ ...header, body: hashBytes(Buffer.from(body)) })}\n${body}`, 'corrupt']);

  for (const [what, bytes, state] of cases) {
    writeFileSync(packFile, bytes);
    const got = await cached(k.dir, cacheDir);
    assert.is(got.state, state, what);
    assert.is(got.hits, 0, what);
    assert.equal(got.v, want, what);
    // The run wrote a good pack again.
    assert.is(PackCache.open(cacheDir).state, 'loaded', what);
  }
});

test('a pack or cache directory that is a link is neither read nor written through', async () => {
  const k = makeConsortium({ members: MEMBERS });
  const want = await cold(k.dir);
  const elsewhere = mkdtempSync(join(tmpdir(), 'pmnet-cache-target-'));
  await cached(k.dir, elsewhere);
  const target = join(elsewhere, PACK_NAME);
  const before = readFileSync(target);

  // The pack is a link to a valid pack.
  const linkedPack = join(k.dir, 'c1');
  mkdirSync(linkedPack);
  symlinkSync(target, join(linkedPack, PACK_NAME));
  const a = await cached(k.dir, linkedPack);
  assert.is(a.state, 'link');
  assert.is(a.hits, 0);
  assert.equal(a.v, want);

  // The directory is a link to a directory holding a valid pack.
  const linkedDir = join(k.dir, 'c2');
  symlinkSync(elsewhere, linkedDir);
  k.write('members/bad.yaml', MEMBERS['bad.yaml']!.replace('"127.1"', '"198.51.100.99"'));
  const b = await cached(k.dir, linkedDir);
  assert.is(b.state, 'link');
  assert.is(b.hits, 0);
  assert.equal(b.v, await cold(k.dir));
  assert.equal(readFileSync(target), before, 'nothing written through either link');
});

test('pr-check\'s case: the base, then a copy with one file added, share a memory cache: one file parsed the second time', async () => {
  const base = makeConsortium({ members: MEMBERS });
  const next = makeConsortium({ members: { ...MEMBERS, 'joiner.yaml': MEMBERS['bad.yaml']!.replace('id: bad', 'id: joiner').replace('"127.1"', '"198.51.100.98"') } });
  const { cache, c } = counting(new MemoryCache());
  assert.equal(view(await validateOffline({ root: base.dir, cache })), await cold(base.dir));
  assert.is(c.hits + c.misses, 0, 'an empty cache is not even asked: the first run parses everything (in workers when many)');
  const files = [join(next.dir, 'members/joiner.yaml')];
  const got = view(await validateOffline({ root: next.dir, files, cache }));
  assert.equal(got, view(await validateOffline({ root: next.dir, files })));
  assert.is(c.misses, 3, 'joiner.yaml, and the two files never cached (broken.yaml, inf.yaml)');
  assert.is(c.hits, Object.keys(EXAMPLE.members).length + Object.keys(MEMBERS).length - 2);
});

test('pr-check\'s second run takes the files its base run read from the same root by hash, without reading them; another root is read', async () => {
  const base = makeConsortium({ members: MEMBERS });
  const cache = new MemoryCache();
  await validateOffline({ root: base.dir, cache });
  assert.is(cache.seen.get(join(base.dir, 'members', 'bad.yaml')), hashBytes(Buffer.from(MEMBERS['bad.yaml']!)));
  // Same relative paths under another root, one file different: judged from its own bytes.
  const other = makeConsortium({ members: { ...MEMBERS, 'bad.yaml': MEMBERS['bad.yaml']!.replace('"127.1"', '"198.51.100.99"') } });
  assert.equal(view(await validateOffline({ root: other.dir, cache })), await cold(other.dir));
  // The same root: a file the overlay does not replace is taken as the base run read it (the
  // checkout does not change within one pr-check); one the overlay replaces is the overlay's.
  base.write('members/twin.yaml', MEMBERS['bad.yaml']!.replace('id: bad', 'id: twin'));
  const joiner = MEMBERS['bad.yaml']!.replace('id: bad', 'id: joiner').replace('"127.1"', '"198.51.100.98"');
  const overlay = new Map<string, Uint8Array | null>([['members/joiner.yaml', Buffer.from(joiner)], ['members/typed.yaml', Buffer.from('id: typed\n')]]);
  const got = await validateOffline({ root: base.dir, cache, overlay });
  assert.ok(got.members.some((m) => m.id === 'twin' && m.data.node.domain === 'twin-node.net'), 'twin.yaml as the base run read it');
  assert.ok(got.findings.some((f) => f.file === 'members/typed.yaml' && f.rule.startsWith('schema/')), 'typed.yaml as the overlay has it');
  assert.ok(got.members.some((m) => m.id === 'joiner'));
});

test('an overlay (pr-check: base + the pull request\'s files, no copy) reports what a copy with those files reports', async () => {
  const base = makeConsortium({ members: MEMBERS });
  const joiner = MEMBERS['bad.yaml']!.replace('id: bad', 'id: joiner');
  const typed = 'id: typed\norganization: {name: Typed, country: DE}\n';
  const copy = makeConsortium({ members: { ...MEMBERS, 'joiner.yaml': joiner, 'typed.yaml': typed, 'twin.yaml': null } });
  // A link on the base side is replaced by the overlay's regular file.
  base.write('members/linked.yaml', { symlink: join(base.dir, 'members', 'bad.yaml') });
  copy.write('members/linked.yaml', MEMBERS['bad.yaml']!.replace('id: bad', 'id: linked'));
  const overlay = new Map<string, Uint8Array | null>([
    ['members/joiner.yaml', Buffer.from(joiner)],
    ['members/typed.yaml', Buffer.from(typed)],
    ['members/twin.yaml', null],
    ['members/linked.yaml', Buffer.from(MEMBERS['bad.yaml']!.replace('id: bad', 'id: linked'))],
  ]);
  for (const judged of [undefined, 'members/joiner.yaml']) {
    const want = view(await validateOffline({ root: copy.dir, ...(judged ? { files: [join(copy.dir, judged)] } : {}) }));
    for (const cache of [undefined, new MemoryCache()]) {
      if (cache) await validateOffline({ root: base.dir, cache });
      const got = view(await validateOffline({ root: base.dir, overlay, ...(cache ? { cache } : {}), ...(judged ? { files: [join(base.dir, judged)] } : {}) }));
      assert.equal(got, want, `${judged ?? 'all'}, ${cache ? 'cached' : 'cold'}`);
    }
  }
  assert.ok(existsSync(join(base.dir, 'members', 'twin.yaml')), 'nothing written under root');
  assert.not.ok(existsSync(join(base.dir, 'members', 'joiner.yaml')));
});

test('jsonSafe refuses what JSON would change', () => {
  assert.ok(jsonSafe({ a: [1, 'x', null, true, { b: 2.5 }] }));
  for (const bad of [Infinity, NaN, -0, { a: -Infinity }, [undefined], JSON.parse('{"__proto__": 1}'), new Date(0), 1n]) assert.not.ok(jsonSafe(bad), String(bad));
});

test('the memory cache hands out copies (one run never sees another run\'s objects)', () => {
  const m = new MemoryCache();
  const entry: CachedFile = { base: [], data: { id: 'x', node: { ipv4: ['198.51.100.1'] } } };
  m.put('members/x.yaml', 'h', entry);
  const a = m.get('members/x.yaml', 'h')!;
  (a.data as { id: string }).id = 'changed';
  assert.equal(m.get('members/x.yaml', 'h')!.data, entry.data);
  (entry.data as { id: string }).id = 'also changed';
  assert.is((m.get('members/x.yaml', 'h')!.data as { id: string }).id, 'x');
  assert.is(m.get('members/x.yaml', 'other'), undefined, 'keyed by content hash');
  assert.is(m.get('members/y.yaml', 'h'), undefined, 'and by path');
  assert.is(m.size, 1);
});

test('the tool key is stable within a run and covers the Node version', () => {
  assert.is(toolKey(), toolKey());
  assert.match(toolKey(), /^[A-Za-z0-9+/]{43}=$/);
});

test('CLI: ROOT/.pmnet-cache by default, --cache-dir DIR, --no-cache; the JSON output is the same cold and warm', async () => {
  const k = makeConsortium({ members: MEMBERS });
  const none = await runCli(['validate', '--root', k.dir, '--format', 'json', '--no-cache']);
  assert.is(none.code, 1, none.stderr);
  assert.not.ok(existsSync(join(k.dir, '.pmnet-cache')), '--no-cache writes nothing');
  const a = await runCli(['validate', '--root', k.dir, '--format', 'json']);
  assert.ok(existsSync(join(k.dir, '.pmnet-cache', PACK_NAME)));
  // A repository whose .gitignore predates the cache still never sees (or commits) the pack.
  assert.match(readFileSync(join(k.dir, '.pmnet-cache', '.gitignore'), 'utf8'), /^\*$/m);
  const b = await runCli(['validate', '--root', k.dir, '--format', 'json']);
  assert.is(a.stdout, none.stdout);
  assert.is(b.stdout, none.stdout);
  assert.is(b.code, 1);
  const text = await runCli(['validate', '--root', k.dir]);
  const textCold = await runCli(['validate', '--root', k.dir, '--no-cache']);
  assert.is(text.stdout, textCold.stdout, 'the text report shows the same source lines');
  const dir = join(mkdtempSync(join(tmpdir(), 'pmnet-cd-')), 'c');
  const c = await runCli(['validate', '--root', k.dir, '--format', 'json', '--cache-dir', dir]);
  assert.is(c.stdout, none.stdout);
  assert.ok(existsSync(join(dir, PACK_NAME)));
  const both = await runCli(['validate', '--root', k.dir, '--no-cache', '--cache-dir', dir]);
  assert.is(both.code, 2);
  assert.match(both.stderr, /--no-cache and --cache-dir/);
});

test.run();
