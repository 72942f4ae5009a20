// Zone generation for 10,000 synthetic members (median of 5, in-process) and named-checkzone
// on the same file. Run: node dist/test/zone/bench.js [members]
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateZone } from '../../scripts/zone/generate.js';
import { buildRecords } from '../../scripts/zone/records.js';
import { render, withSerial } from '../../scripts/zone/render.js';
import { findTool } from '../harness/bind.js';
import { exampleNetwork, manyMembers, tempDir } from './fixtures.js';

const n = Number(process.argv[2] ?? 10_000);
const net = exampleNetwork();
const members = manyMembers(n);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const gen: number[] = [];
let text = '';
for (let i = 0; i < 5; i++) {
  const t = process.hrtime.bigint();
  text = generateZone(net, members, undefined, new Date('2026-11-24T00:00:00Z'), { maxRecordsPerRRset: 0 }).text;
  gen.push(Number(process.hrtime.bigint() - t) / 1e6);
}
const again: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = process.hrtime.bigint();
  generateZone(net, members, text, new Date('2026-11-25T00:00:00Z'), { maxRecordsPerRRset: 0 });
  again.push(Number(process.hrtime.bigint() - t) / 1e6);
}
const file = join(tempDir(), 'bench.zone');
writeFileSync(file, text);
// The same members with the shared RRsets cut to 100 records each: a zone BIND can load
// (10,000 A records at one name exceed the 64 KiB an RRset may take; see docs/zone.md).
const loadable = render('bdbnetwork.io.', net.zone.ttl, withSerial(buildRecords(net, members), 2026112400).map((s) => (s.name === 'api.bdbnetwork.io.' ? { ...s, values: s.values.slice(0, 100) } : s)));
const file2 = join(tempDir(), 'bench-loadable.zone');
writeFileSync(file2, loadable);
console.log(`members: ${n}; zone: ${text.split('\n').length - 1} lines, ${(text.length / 1024).toFixed(0)} KiB`);
console.log(`generate (no existing file): median ${median(gen).toFixed(1)} ms of ${gen.map((x) => x.toFixed(1)).join(', ')}`);
console.log(`generate (unchanged, reads serial + compares): median ${median(again).toFixed(1)} ms`);
const tool = findTool('named-checkzone');
for (const [label, f] of tool ? ([['full 10k zone', file], ['shared RRsets cut to 100', file2]] as const) : []) {
  const ck: number[] = [];
  let out = '';
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(tool!, ['-i', 'full', '-k', 'fail', '-M', 'fail', '-S', 'fail', '-n', 'fail', 'bdbnetwork.io', f], { encoding: 'utf8' });
    ck.push(Number(process.hrtime.bigint() - t) / 1e6);
    out = `exit ${r.status}: ${r.stdout.trim()}`;
  }
  console.log(`named-checkzone strict, ${label}: median ${median(ck).toFixed(1)} ms of ${ck.map((x) => x.toFixed(0)).join(', ')} (${out.replace(/\n/g, ' | ').replace(/\/tmp\/\S+\//g, '')})`);
}
