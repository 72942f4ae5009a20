// The production install: `npm ci --omit=dev` on a fresh copy builds pmnet without the dev
// dependencies (sucrase transpiles, scripts/build.mjs) and stays within 20 MB; the transpiled
// program behaves exactly like the tsc build the other tests use.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_DIR, REPO_ROOT } from './helpers/consortium.js';
import { needs, spawnTool } from './harness/needs.js';

const BUDGET = 20 * 1024 * 1024;

function size(dir: string): number {
  let n = 0;
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) n += size(p);
    else n += lstatSync(p).size;
  }
  return n;
}

const node = (cwd: string, ...args: string[]) => spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 60000, env: { ...process.env, FORCE_COLOR: '0' } });

test('the transpiled build (production install) gives the same output as the tsc build', () => {
  const out = '.build-check';
  const b = node(REPO_ROOT, 'scripts/build.mjs', '--transpile', '--out', out);
  assert.is(b.status, 0, b.stderr);
  for (const args of [['validate', '--format', 'json'], ['zone', '--out', '-'], ['rules', '--format', 'json'], ['validate', 'test/hostile/corpus/tabs.yaml', 'test/hostile/corpus/ip-private.yaml', 'test/hostile/corpus/syntax-error.yaml'], ['plan', '--base-root', '.', '--format', 'json'], ['join', '--help']]) {
    const a = node(REPO_ROOT, 'dist/scripts/cli.js', ...args);
    const t = node(REPO_ROOT, `${out}/scripts/cli.js`, ...args);
    assert.is(t.status, a.status, args.join(' '));
    assert.is(t.stdout, a.stdout, args.join(' '));
    assert.is(t.stderr, a.stderr, args.join(' '));
  }
  rmSync(join(REPO_ROOT, out), { recursive: true, force: true });
});

/** Exit code and output of a started process (killed after 4 minutes: no hang). */
function finished(child: ChildProcess): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    let out = '';
    child.stdout?.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr?.on('data', (b: Buffer) => (out += b.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

needs(test, 'npm')('npm ci --omit=dev on a fresh copy: builds, runs pmnet validate and zone --check, node_modules within 20 MB', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pmnet-install-'));
  for (const f of ['package.json', 'package-lock.json', 'scripts', 'schemas']) cpSync(join(REPO_ROOT, f), join(dir, f), { recursive: true, filter: (src) => !src.includes('node_modules') });
  for (const f of ['network.yaml', 'members', 'zone']) cpSync(join(EXAMPLE_DIR, f), join(dir, f), { recursive: true });
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('npm_')) delete env[k];
  const ci = await finished(spawnTool('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  assert.is(ci.code, 0, ci.out);
  const modules = size(join(dir, 'node_modules'));
  console.log(`  production install: node_modules ${(modules / 1048576).toFixed(1)} MB, dist ${(size(join(dir, 'dist')) / 1048576).toFixed(1)} MB`);
  assert.ok(modules <= BUDGET, `${modules} bytes`);
  assert.throws(() => lstatSync(join(dir, 'node_modules', 'typescript')), /ENOENT/);
  // The installed bin, as npx runs it.
  const v = node(dir, join(dir, 'node_modules', '.bin', 'pmnet'), 'validate');
  assert.is(v.status, 0, v.stdout + v.stderr);
  const z = node(dir, join(dir, 'node_modules', '.bin', 'pmnet'), 'zone', '--check');
  assert.is(z.status, 0, z.stdout + z.stderr);
  rmSync(dir, { recursive: true, force: true });
});

test.run();
