// Baseline for `pmnet validate`: a bare loop that reads every member file, yaml.parse()s it and
// checks it against the member schema with ajv (same options pmnet uses). No positions, no
// rules, no model. Prints {"files", "valid", "ms"} as JSON.
// Run: node dist/bench/bare-validate.js DIR
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { REPO } from './lib.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv') as typeof import('ajv');

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node dist/bench/bare-validate.js DIR');
  process.exit(2);
}
const t0 = performance.now();
const ajv = new Ajv.default({ allErrors: true, useDefaults: true, strict: true, verbose: true });
const member = ajv.compile(JSON.parse(readFileSync(join(REPO, 'schemas', 'member.schema.json'), 'utf8')));
const network = ajv.compile(JSON.parse(readFileSync(join(REPO, 'schemas', 'network.schema.json'), 'utf8')));
let valid = network(parse(readFileSync(join(dir, 'network.yaml'), 'utf8'))) ? 1 : 0;
const files = readdirSync(join(dir, 'members')).filter((f) => f.endsWith('.yaml'));
for (const f of files) if (member(parse(readFileSync(join(dir, 'members', f), 'utf8')))) valid++;
console.log(JSON.stringify({ files: files.length + 1, valid, ms: performance.now() - t0 }));
