// Builds, then runs every uvu test file under dist/test and ends with "N passed, M failed, K skipped",
// skipped tests listed by name above it (test/summary.mjs).
import { spawnSync } from 'node:child_process';
import { summarize } from './summary.mjs';

// The same build as npm ci: TypeScript, then the precompiled schema validators.
const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
}
const pattern = process.argv[2] ?? '\\.test\\.js$';
// A hung suite fails after 30 minutes instead of blocking CI until its own limit.
const r = spawnSync(process.execPath, ['node_modules/uvu/bin.js', 'dist/test', pattern], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 30 * 60_000, killSignal: 'SIGKILL' });
if (r.error) console.log(`the test run did not finish: ${r.error.message}`);
process.stdout.write(r.stdout);
process.stderr.write(r.stderr);
const s = summarize(r.stdout, r.status);
console.log(s.text);
process.exit(s.ok ? 0 : 1);
