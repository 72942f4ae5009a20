// The tests read the example network from test/fixtures/example-network, never from the
// repository root: `pmnet init` run in place replaces the root's network.yaml, members/, zone/
// and tendermint/, and the tool's own suite must still pass afterwards.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EXAMPLE_DIR, REPO_ROOT } from '../helpers/consortium.js';

const NETWORK_FILES = '(?:network\\.yaml|members|zone|tendermint)';

/** Ways a test could reach the root's network files; each names what to do instead. */
const PATTERNS: { re: RegExp; why: string; also?: RegExp }[] = [
  { re: new RegExp(`\\bREPO(?:_ROOT)?\\s*,\\s*['"\`]${NETWORK_FILES}\\b`), why: 'join(REPO_ROOT, <network file>): use EXAMPLE_DIR or exampleMember()' },
  { re: new RegExp(`\\$\\{REPO(?:_ROOT)?\\}/?${NETWORK_FILES}\\b`), why: '`${REPO_ROOT}/<network file>`: use EXAMPLE_DIR' },
  { re: new RegExp(`['"\`](?:\\.\\./)+${NETWORK_FILES}\\b`), why: 'a relative URL to the root: use EXAMPLE_DIR' },
  { re: new RegExp(`\\b(?:readFileSync|readdirSync|existsSync|statSync|cpSync|copyFileSync|openSync)\\(\\s*['"\`](?:\\./)?${NETWORK_FILES}\\b`), why: 'a path relative to the working directory (the repository root): use EXAMPLE_DIR' },
  { re: /['"]--root['"]\s*,\s*REPO(?:_ROOT)?\b/, why: '--root REPO_ROOT: use EXAMPLE_DIR' },
  { re: /\bcwd:\s*REPO(?:_ROOT)?\b/, also: /\bCLI\b|cli\.js|pmnet/, why: 'pmnet run in the repository root reads its network.yaml: use cwd: EXAMPLE_DIR' },
];

/** Every .ts file under dir (skipping fixtures and the x509-limbo data). */
function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'fixtures' && e.name !== 'node_modules') sources(p, out);
    } else if (e.name.endsWith('.ts') && e.name !== 'fixtures.test.ts') out.push(p);
  }
  return out;
}

/** The lines of `text` that match a pattern, as "file:line: why". */
export function rootReads(file: string, text: string): string[] {
  const hits: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const p of PATTERNS) if (p.re.test(line) && (!p.also || p.also.test(line))) hits.push(`${file}:${i + 1}: ${p.why}\n    ${line.trim()}`);
  });
  return hits;
}

test('no test or bench source reads the network files at the repository root', () => {
  const files = [...sources(join(REPO_ROOT, 'test')), ...sources(join(REPO_ROOT, 'bench'))];
  assert.ok(files.length > 50, `${files.length} sources found`);
  const hits = files.flatMap((f) => rootReads(relative(REPO_ROOT, f), readFileSync(f, 'utf8')));
  assert.equal(hits, [], hits.join('\n'));
});

test('the scan catches each way of reading a root network file, and lets fixtures through', () => {
  const bad = [
    "const t = readFileSync(join(REPO_ROOT, 'members', 'dynabob8.yaml'), 'utf8');",
    "cpSync(join(REPO, 'network.yaml'), dest);",
    'const z = `${REPO_ROOT}/zone/bdbnetwork.io.zone`;',
    "const u = new URL('../../../tendermint/genesis.json', import.meta.url);",
    "const z = readFileSync('zone/bdbnetwork.io.zone', 'utf8');",
    "existsSync('./network.yaml')",
    "await runCli(['validate', '--root', REPO_ROOT]);",
    "spawnSync(process.execPath, [CLI, 'validate'], { cwd: REPO_ROOT });",
  ];
  for (const line of bad) assert.is(rootReads('x.ts', line).length, 1, line);
  const good = [
    "readFileSync(join(EXAMPLE_DIR, 'members', 'dynabob8.yaml'), 'utf8')",
    "cpSync(join(REPO_ROOT, 'scripts'), dest)",
    "readFileSync(join(REPO_ROOT, '.github', 'workflows', 'validate.yml'), 'utf8')",
    "c.write('members/acme.yaml', text)",
    "readFileSync(join(k.dir, 'zone/bdbnetwork.io.zone'), 'utf8')",
    "const FIXTURES = new URL('../../../test/fixtures/x509-limbo/cases.json', import.meta.url);",
    "spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'uvu', 'bin.js'), dir], { cwd: REPO_ROOT });",
  ];
  for (const line of good) assert.equal(rootReads('x.ts', line), [], line);
});

/** Files under dir, relative, sorted; the validation cache (gitignored, written by validate runs on the fixture) is not the network's. */
function tree(dir: string, base = dir): string[] {
  return readdirSync(dir)
    .filter((f) => f !== '.pmnet-cache')
    .flatMap((f) => (statSync(join(dir, f)).isDirectory() ? tree(join(dir, f), base) : [relative(base, join(dir, f))]))
    .sort();
}

test('the fixture is the shipped example while the repository root still holds it', () => {
  const rootDomain = /^domain:\s*(\S+)/m.exec(readFileSync(join(REPO_ROOT, 'network.yaml'), 'utf8'))?.[1];
  assert.ok(rootDomain, 'the repository root has a network.yaml with a domain');
  const fixture = tree(EXAMPLE_DIR);
  assert.equal(fixture, [
    'members/abc-org73.yaml',
    'members/dynabob8.yaml',
    'members/figmentdb3.yaml',
    'network.yaml',
    'tendermint/genesis.json',
    'tendermint/peers/abc-org73.toml',
    'tendermint/peers/dynabob8.toml',
    'tendermint/peers/figmentdb3.toml',
    'zone/bdbnetwork.io.zone',
  ]);
  if (rootDomain === 'bdbnetwork.io') {
    // Not founded yet: the root is the example, byte for byte, so the two never drift apart.
    for (const f of fixture) assert.is(readFileSync(join(REPO_ROOT, f), 'utf8'), readFileSync(join(EXAMPLE_DIR, f), 'utf8'), f);
  } else {
    // Founded in place (pmnet init): none of the example's files is left at the root.
    for (const f of fixture.filter((f) => f !== 'network.yaml')) assert.not.ok(existsSync(join(REPO_ROOT, f)), `${f} is left at the root`);
  }
});

test.run();
