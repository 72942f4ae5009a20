// Where a cached `pmnet validate` run's time goes (row 1c's note), in process, CPU time per
// phase (process.cpuUsage: less noisy than wall time on a shared machine). Prints one JSON line.
// "validate" is the whole validateOffline call: files git does not vouch for read and hashed,
// cached results looked up, changed files parsed, per-file rules of changed files, and the
// cross-member rules over every member.
// Run: node dist/bench/cache-phases.js ROOT CACHE_DIR
import { readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';

const [root, cacheDir] = process.argv.slice(2);
if (!root || !cacheDir) {
  console.error('usage: node dist/bench/cache-phases.js ROOT CACHE_DIR');
  process.exit(2);
}
const startup = process.cpuUsage();
const c0 = process.cpuUsage();
let last = 0;
const lap = () => {
  const c = process.cpuUsage(c0);
  const now = (c.user + c.system) / 1000;
  const d = now - last;
  last = now;
  return Math.round(d);
};
const { PackCache, toolKey } = await import('../scripts/load/cache.js');
const { gitVouched } = await import('../scripts/load/gitindex.js');
const { validateOffline } = await import('../scripts/validate.js');
const imports = lap();
toolKey();
const tool = lap();
// git's answer, awaited alone here (the CLI reads the pack meanwhile): its wall time and its
// share of this process's CPU (reading the output).
const g0 = performance.now();
const vouched = await gitVouched(root);
const gitWall = Math.round(performance.now() - g0);
const git = lap();
const pack = PackCache.open(cacheDir);
const open = lap();
const names = readdirSync(join(root, 'members'));
const r = await validateOffline({ root, cache: pack, vouched: Promise.resolve(vouched) });
const validate = lap();
pack.save();
const save = lap();
console.log(JSON.stringify({ startup: Math.round((startup.user + startup.system) / 1000), imports, toolKey: tool, gitWall, git, vouched: vouched?.size ?? 0, packOpen: open, packState: pack.state, packEntries: pack.size, validate, save, files: names.length, findings: r.findings.length }));
