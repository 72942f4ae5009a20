// npm's `prepare` step (npm ci, npm install): compiles scripts/ to dist/scripts/ and the JSON
// Schemas to standalone validators. With the dev dependencies installed it runs the TypeScript
// compiler, which also type-checks. A production install (npm ci --omit=dev) has no compiler
// (typescript alone is over 20 MB), so there the TypeScript is transpiled by sucrase, a small
// production dependency that only removes types; `npm test` proves both give the same program.
//   node scripts/build.mjs [--transpile] [--out DIR]   (DIR default: dist)
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outIdx = args.indexOf('--out');
const out = resolve(root, outIdx >= 0 ? args[outIdx + 1] : 'dist');
const require = createRequire(import.meta.url);

function has(pkg) {
  try {
    require.resolve(pkg, { paths: [root] });
    return true;
  } catch {
    return false;
  }
}

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [join(dir, d.name)] : []));
}

if (!args.includes('--transpile') && has('typescript') && out === resolve(root, 'dist')) {
  run(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [root] }), '-p', 'tsconfig.json']);
} else {
  const { transform } = require(require.resolve('sucrase', { paths: [root] }));
  for (const file of walk(join(root, 'scripts'))) {
    const rel = relative(root, file);
    // Class fields stay native (ES2022 semantics, as tsc emits them for this target).
    const { code } = transform(readFileSync(file, 'utf8'), { transforms: ['typescript'], disableESTransforms: true, filePath: rel });
    const dest = join(out, rel.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, code);
  }
}
run(process.execPath, [join(out, 'scripts', 'build-validators.js')]);
