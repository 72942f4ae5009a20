// Build step (npm ci / npm run build): compiles schemas/*.schema.json into standalone ajv
// validators under dist/validators/, so a run loads them in ~2 ms instead of compiling for
// ~60 ms. Each records the SHA-256 of its schema; a stale one is never used (rules/schema).
import { writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { SCHEMA_NAMES, ajvOptions, schemaText, schemaHash, VALIDATOR_DIR } from './rules/schema/index.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv') as typeof import('ajv');
const standalone = require('ajv/dist/standalone').default as (ajv: import('ajv').default, v: import('ajv').ValidateFunction) => string;

mkdirSync(VALIDATOR_DIR, { recursive: true });
for (const name of SCHEMA_NAMES) {
  const text = schemaText(name);
  const ajv = new Ajv.default({ ...ajvOptions, code: { source: true } });
  const code = standalone(ajv, ajv.compile(JSON.parse(text)));
  writeFileSync(`${VALIDATOR_DIR}/${name}.cjs`, `${code}\nmodule.exports.schemaSha256 = ${JSON.stringify(schemaHash(text))};\n`);
}
