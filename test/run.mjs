// Builds, then runs every uvu test file under dist/test and ends with "N passed, M failed".
import { spawnSync } from 'node:child_process';

// The same build as npm ci: TypeScript, then the precompiled schema validators.
const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const pattern = process.argv[2] ?? '\\.test\\.js$';
const r = spawnSync(process.execPath, ['node_modules/uvu/bin.js', 'dist/test', pattern], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
process.stdout.write(r.stdout);
process.stderr.write(r.stderr);
const total = Number(/Total:\s+(\d+)/.exec(r.stdout)?.[1] ?? 0);
const passed = Number(/Passed:\s+(\d+)/.exec(r.stdout)?.[1] ?? 0);
let failed = total - passed;
if (r.status !== 0 && failed === 0) failed = 1; // crashed before counting
console.log(`${passed} passed, ${failed} failed`);
process.exit(r.status === 0 && total > 0 && failed === 0 ? 0 : 1);
