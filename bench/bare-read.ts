// Baseline for a validate run from the cache: the floor of any content-addressed check, a bare
// loop that lists members/ and reads every member file (readFileSync), nothing else. Prints
// {"files", "bytes", "ms"} as JSON.
// Run: node dist/bench/bare-read.js DIR
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node dist/bench/bare-read.js DIR');
  process.exit(2);
}
const t0 = performance.now();
let bytes = readFileSync(join(dir, 'network.yaml')).length;
const files = readdirSync(join(dir, 'members')).filter((f) => f.endsWith('.yaml'));
for (const f of files) bytes += readFileSync(join(dir, 'members', f)).length;
console.log(JSON.stringify({ files: files.length + 1, bytes, ms: performance.now() - t0 }));
