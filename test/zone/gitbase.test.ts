// materialiseRef: a ref's network.yaml, members/ and zone/ copied byte for byte, with a fixed
// number of git processes however many members (two per file took 326 s at 10,000 members).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { materialiseRef } from '../../scripts/zone/gitbase.js';
import { makeConsortium } from '../helpers/consortium.js';
import { git } from '../github/helpers.js';

/** Runs `f` with a `git` on PATH that logs each call, then runs the real one; returns the calls. */
function countingGit<T>(f: () => T): { result: T; calls: string[] } {
  const real = (process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'git')).find((p) => existsSync(p));
  assert.ok(real, 'git on PATH');
  const dir = mkdtempSync(join(tmpdir(), 'git-shim-'));
  const log = join(dir, 'calls.log');
  writeFileSync(join(dir, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${real}' "$@"\n`);
  chmodSync(join(dir, 'git'), 0o755);
  const path = process.env.PATH;
  process.env.PATH = `${dir}${delimiter}${path}`;
  try {
    const result = f();
    return { result, calls: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [] };
  } finally {
    process.env.PATH = path;
    rmSync(dir, { recursive: true, force: true });
  }
}

test('300 member files, odd names and bytes: copied exactly, with four git processes; a symlink is left out', () => {
  const c = makeConsortium();
  const texts = new Map<string, Buffer>();
  for (let i = 0; i < 300; i++) texts.set(`members/m${i}.yaml`, Buffer.from(`id: m${i}\n# ${'x'.repeat(i)}\n`));
  texts.set('members/ünïcode name.yaml', Buffer.from('id: u\n'));
  texts.set('members/no-newline.yaml', Buffer.from('id: n'));
  texts.set('members/empty.yaml', Buffer.alloc(0));
  texts.set('members/binary.yaml', Buffer.from([0, 10, 255, 10, 10, 0]));
  for (const [path, bytes] of texts) writeFileSync(join(c.dir, path), bytes);
  symlinkSync('/etc/passwd', join(c.dir, 'members', 'link.yaml'));
  git(c.dir, 'init', '-q', '-b', 'main');
  git(c.dir, 'add', '-A');
  git(c.dir, 'commit', '-qm', 'members');
  // The working tree moves on; the ref is what gets copied.
  writeFileSync(join(c.dir, 'members', 'm0.yaml'), 'changed\n');

  const { result: m, calls } = countingGit(() => materialiseRef(c.dir, 'HEAD'));
  try {
    assert.ok(calls.length <= 4, calls.join('\n'));
    assert.is(m.commit, git(c.dir, 'rev-parse', 'HEAD'));
    for (const [path, bytes] of texts) assert.equal(readFileSync(join(m.dir, path)), bytes, path);
    assert.ok(readFileSync(join(c.dir, 'network.yaml')).equals(readFileSync(join(m.dir, 'network.yaml'))));
    assert.not.ok(existsSync(join(m.dir, 'members', 'link.yaml')), 'a symlink in the ref is not followed');
    const committed = readdirSync(join(c.dir, 'members')).filter((f) => f !== 'link.yaml').length;
    assert.is(readdirSync(join(m.dir, 'members')).length, committed);
  } finally {
    m.cleanup();
  }
});

test('a blob over 4 MiB in the ref is refused before it is read, and nothing is left behind', () => {
  const c = makeConsortium();
  writeFileSync(join(c.dir, 'members', 'huge.yaml'), Buffer.alloc(4 * 1024 * 1024 + 1, 0x61));
  git(c.dir, 'init', '-q', '-b', 'main');
  git(c.dir, 'add', '-A');
  git(c.dir, 'commit', '-qm', 'huge');
  const before = readdirSync(tmpdir()).filter((f) => f.startsWith('pmnet-base-')).length;
  assert.throws(() => materialiseRef(c.dir, 'HEAD'), /members\/huge\.yaml in HEAD is 4194305 bytes: too large/);
  assert.is(readdirSync(tmpdir()).filter((f) => f.startsWith('pmnet-base-')).length, before);
});

test.run();
