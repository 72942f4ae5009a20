// The reference peer is found beside the clone (../shared/tendermint/cmtpeer or $CMTPEER_DIR).
// Without it: skipped by name locally and in a consortium's GitHub Actions run (which never has
// ../shared), failed under CI=true elsewhere (.ci/run's machine has it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REPO_ROOT } from '../helpers/consortium.js';

function runCase(env: Record<string, string | undefined>): { status: number | null; out: string } {
  const dir = mkdtempSync(join(REPO_ROOT, 'dist', 'needs-cmtpeer-'));
  try {
    const needsJs = join(REPO_ROOT, 'dist', 'test', 'harness', 'needs.js');
    writeFileSync(join(dir, 'case.test.mjs'), `import { test } from 'uvu';\nimport { needs } from ${JSON.stringify(needsJs)};\nneeds(test, 'cmtpeer')('talks to the peer', () => {});\ntest.run();\n`);
    const base: NodeJS.ProcessEnv = { ...process.env, CMTPEER_DIR: '/nonexistent/cmtpeer' };
    delete base.CI;
    delete base.GITHUB_ACTIONS;
    const r = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'uvu', 'bin.js'), dir, '\\.test\\.mjs$'], { encoding: 'utf8', cwd: REPO_ROOT, env: { ...base, ...env } });
    return { status: r.status, out: r.stdout + r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('without the peer: skipped by name locally, saying where it is looked for', () => {
  const r = runCase({});
  assert.is(r.status, 0);
  assert.match(r.out, /SKIP-NEEDS .*: talks to the peer \(cmtpeer not found \(\.\.\/shared\/tendermint\/cmtpeer\/bin\/cmtpeer beside the clone/);
});

test('without the peer and CI=true: the test fails', () => {
  const r = runCase({ CI: 'true' });
  assert.is(r.status, 1);
  assert.match(r.out, /cmtpeer not found .* and CI=true/);
});

test('without the peer in a GitHub Actions run (CI=true, no ../shared): skipped by name', () => {
  const r = runCase({ CI: 'true', GITHUB_ACTIONS: 'true' });
  assert.is(r.status, 0);
  assert.match(r.out, /SKIP-NEEDS .*talks to the peer/);
});

test.run();
