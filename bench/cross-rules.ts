// CPU time of each cross-member rule (scope 'members') in one `pmnet validate` run, in process.
// A first child fills the cache for this build; then each run is a fresh child process (cold JIT,
// empty parse memo, like the CLI) in which one member file reads changed (an overlay adds a
// comment), the cache unsaved, so every run sees 1 miss and N-1 hits. Prints the median per rule.
// Run: node dist/bench/cross-rules.js ROOT [CACHE_DIR] [--runs N]
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './lib.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string' }, once: { type: 'boolean' }, fill: { type: 'boolean' } } });
const [root, cacheDir = root && join(root, '.pmnet-cache')] = positionals;
if (!root || !cacheDir) {
  console.error('usage: node dist/bench/cross-rules.js ROOT [CACHE_DIR] [--runs N]');
  process.exit(2);
}

if (values.fill) {
  const { PackCache } = await import('../scripts/load/cache.js');
  const { validateOffline } = await import('../scripts/validate.js');
  const pack = PackCache.open(cacheDir);
  await validateOffline({ root, cache: pack });
  pack.save();
} else if (values.once) {
  const { offlineRules } = await import('../scripts/rules/index.js');
  const { PackCache } = await import('../scripts/load/cache.js');
  const { validateOffline } = await import('../scripts/validate.js');
  const ms: Record<string, number> = {};
  for (const rule of offlineRules) {
    if (rule.scope !== 'members') continue;
    const check = rule.check;
    rule.check = (ctx) => {
      const c = process.cpuUsage();
      try {
        check(ctx);
      } finally {
        const d = process.cpuUsage(c);
        ms[rule.meta.id] = (d.user + d.system) / 1000;
      }
    };
  }
  const file = `members/${readdirSync(join(root, 'members')).sort()[0]}`;
  const overlay = new Map([[file, Buffer.concat([readFileSync(join(root, file)), Buffer.from('\n# changed\n')])]]);
  const r = await validateOffline({ root, cache: PackCache.open(cacheDir), overlay });
  console.log(JSON.stringify({ ms, findings: r.findings.length }));
} else {
  const fill = spawnSync(process.execPath, [process.argv[1]!, root, cacheDir, '--fill'], { encoding: 'utf8' });
  if (fill.status !== 0) throw new Error(fill.stderr);
  const runs = Number(values.runs ?? 5);
  const all: Record<string, number>[] = [];
  for (let i = 0; i < runs; i++) {
    const c = spawnSync(process.execPath, [process.argv[1]!, root, cacheDir, '--once'], { encoding: 'utf8' });
    if (c.status !== 0) throw new Error(c.stderr);
    const { ms } = JSON.parse(c.stdout.trim().split('\n').pop()!) as { ms: Record<string, number> };
    all.push({ ...ms, total: Object.values(ms).reduce((a, b) => a + b, 0) });
  }
  const ids = Object.keys(all[0]!).sort((a, b) => median(all.map((m) => m[b]!)) - median(all.map((m) => m[a]!)));
  for (const id of ids) console.log(`${id.padEnd(34)} ${median(all.map((m) => m[id]!)).toFixed(1).padStart(7)} ms`);
}
