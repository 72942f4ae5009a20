// Where a cached `pmnet validate` run's time goes (row 1c's note), in process, CPU time per
// phase (process.cpuUsage: less noisy than wall time on a shared machine). Prints one JSON line.
// "read + hash" repeats the run's own first pass (readInto, hashBytes, decodeText over every
// member file) to show its share; "validate" is the whole validateOffline call, which includes
// that pass again, the cross-member rules and the models.
// Run: node dist/bench/cache-phases.js ROOT CACHE_DIR
import { readdirSync } from 'node:fs';
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
const { hashBytes, PackCache, toolKey } = await import('../scripts/load/cache.js');
const { readInto } = await import('../scripts/load/read.js');
const { decodeText } = await import('../scripts/load/source.js');
const { validateOffline } = await import('../scripts/validate.js');
const imports = lap();
toolKey();
const tool = lap();
const pack = PackCache.open(cacheDir);
const open = lap();
const names = readdirSync(join(root, 'members'));
for (const n of names) {
  const bytes = readInto(join(root, 'members', n));
  hashBytes(bytes);
  decodeText(bytes);
}
const readHash = lap();
const r = await validateOffline({ root, cache: pack });
const validate = lap();
pack.save();
const save = lap();
console.log(JSON.stringify({ startup: Math.round((startup.user + startup.system) / 1000), imports, toolKey: tool, packOpen: open, packState: pack.state, packEntries: pack.size, readHash, validate, save, files: names.length, findings: r.findings.length }));
