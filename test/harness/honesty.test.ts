// Keeps the suite honest: a test that cannot run says so (needs), and the patterns that let a
// test pass or fail for the wrong reason stay out of the test files.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBind } from './bind.js';
import { tool } from './needs.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SUMMARY = new URL('../../../test/summary.mjs', import.meta.url).href;

/** Every .ts file under test/ but this one (whose text holds the patterns), with its text. */
function testSources(): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'corpus') walk(p);
      } else if (e.name.endsWith('.ts') && e.name !== 'honesty.test.ts') out.push({ file: relative(REPO, p), text: readFileSync(p, 'utf8') });
    }
  };
  walk(join(REPO, 'test'));
  return out;
}

const TOOLS = ['named', 'named-checkzone', 'named-checkconf', 'dig', 'nsupdate', 'unbound', 'unbound-checkconf', 'dnssec-keygen', 'dnssec-signzone', 'dnssec-dsfromkey', 'chromium', 'faketime', 'openssl'];
/** Harness functions that run a tool; a test file calling one registers its tests with needs(). */
const TOOL_CALLS = ['startBind', 'checkZone', 'checkZoneStrict', 'strictCheck', 'startLoopbackFleet', 'startHierarchy', 'tool', 'runTool', 'spawnTool'];

test('test files run tools only through needs() and the harness', () => {
  const bad: string[] = [];
  const spawnLiteral = new RegExp(`\\b(?:spawn|spawnSync|execFile|execFileSync|exec|execSync)\\(\\s*['"\`](?:${TOOLS.join('|')})\\b`);
  for (const { file, text } of testSources()) {
    if (file === 'test/harness/needs.ts') continue;
    if (spawnLiteral.test(text)) bad.push(`${file}: runs a tool by name; use runTool('NAME', args) from test/harness/needs.ts`);
    if (/\bbindAvailable\b|\bhasBind\b/.test(text)) bad.push(`${file}: checks for BIND itself; register the test with needs()`);
    if (/\b(?:spawn|spawnSync|execFile|execFileSync|exec|execSync)\(\s*tool\(/.test(text) && !/\benv: toolEnv\(/.test(text)) {
      bad.push(`${file}: runs tool() without toolEnv(); runTool() and spawnTool() keep faketime away from the tool`);
    }
    if (!file.endsWith('.test.ts')) continue;
    // A test file starts node (the CLI under test) or git itself; every other program through the harness.
    if (/(?<![.\w])(?:spawn|spawnSync|execFile|execFileSync|execSync)\(\s*(?!process\.execPath\b|['"]git['"])/.test(text)) {
      bad.push(`${file}: starts a program itself; use runTool() or spawnTool() (test/harness/needs.ts)`);
    }
    const calls = TOOL_CALLS.filter((f) => new RegExp(`(?<![.\\w])${f}\\(`).test(text));
    if (calls.length && !/\bneeds\(/.test(text)) bad.push(`${file}: calls ${calls.join(', ')} but registers no test with needs()`);
    if (/\bfindTool\(/.test(text)) bad.push(`${file}: findTool decides nothing in a test; use needs()`);
  }
  assert.equal(bad, []);
});

/**
 * The calls of `callee(` in `text` that have a single argument: the first argument is scanned
 * (brackets and string literals) up to a top-level comma or the closing parenthesis.
 */
function singleArgumentCalls(text: string, callee: string): number[] {
  const lines: number[] = [];
  for (let at = text.indexOf(`${callee}(`); at !== -1; at = text.indexOf(`${callee}(`, at + 1)) {
    if (/[\w.]/.test(text[at - 1] ?? '')) continue; // assert.not.throws( and the like
    let depth = 0;
    let quote = '';
    let i = at + callee.length + 1;
    for (; i < text.length; i++) {
      const ch = text[i]!;
      if (quote) {
        if (ch === '\\') i++;
        else if (ch === quote) quote = '';
        continue;
      }
      if (ch === "'" || ch === '"' || ch === '`') quote = ch;
      else if ('([{'.includes(ch)) depth++;
      else if (')]}'.includes(ch)) {
        if (depth === 0) break;
        depth--;
      } else if (ch === ',' && depth === 0) break;
    }
    if (text[i] === ')') lines.push(text.slice(0, at).split('\n').length);
  }
  return lines;
}

test('singleArgumentCalls finds assert.throws without a matcher, and only those', () => {
  const src = [
    "assert.throws(() => f('a,b'));",
    "assert.throws(() => g({ a: [1, 2] }), /x/);",
    'assert.throws(() => h(`(${1})`), (e) => e instanceof Error);',
    'assert.not.throws(() => k());',
    'assert.throws(() => m(")"))',
  ].join('\n');
  assert.equal(singleArgumentCalls(src, 'assert.throws'), [1, 5]);
});

test('assert.throws always says what it expects (a RegExp or a predicate)', () => {
  const bad = testSources().flatMap(({ file, text }) => singleArgumentCalls(text, 'assert.throws').map((line) => `${file}:${line}`));
  assert.equal(bad, [], 'assert.throws(fn) passes on any error, a TypeError from a bug included');
});

test('durations are bounded only by assertNoHang (speed is for npm run bench)', () => {
  const bad: string[] = [];
  // An upper bound on something named like a duration, or on a clock difference.
  const durationBound = /assert\.\w+\([^;\n]*(?:\b(?:\w*(?:ms|Ms)|elapsed\w*|duration\w*|took)\]?!?|\.now\(\)\s*-\s*\w+)\s*<=?\s*[\w(]/;
  for (const { file, text } of testSources()) {
    if (file === 'test/harness/no-hang.ts') continue;
    const readsClock = /performance\.now\(\)|Date\.now\(\)|hrtime/.test(text);
    text.split('\n').forEach((line, i) => {
      if (durationBound.test(line)) bad.push(`${file}:${i + 1}: ${line.trim()}`);
      // In a file that reads the clock, any assert.ok(a < b) is taken for a time bound.
      else if (readsClock && /assert\.ok\([^;\n]*[^<]<[^<=]/.test(line)) bad.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.equal(bad, []);
});

test('no test is hidden: no .only, and skips only through needs()', () => {
  const bad: string[] = [];
  for (const { file, text } of testSources()) {
    if (file === 'test/harness/needs.ts') continue;
    text.split('\n').forEach((line, i) => {
      if (/^\s*\w+\.(?:only|skip)\(/.test(line)) bad.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.equal(bad, []);
});

test('a harness call that runs a tool throws unless the test declared it', async () => {
  assert.throws(() => tool('dig'), /runs `dig` but did not declare it: register it with needs\(test, 'dig'\)/);
  const e = await startBind([]).then(
    () => undefined,
    (x: Error) => x,
  );
  assert.instance(e, Error);
  assert.match(e!.message, /runs `named` but did not declare it/);
});

/** Runs one uvu test file with PATH and CI as given; returns uvu's output and the summary. */
async function runFixture(body: string, env: Record<string, string | undefined>) {
  const dir = mkdtempSync(join(REPO, 'dist', 'honesty-'));
  try {
    const needsJs = join(REPO, 'dist', 'test', 'harness', 'needs.js');
    writeFileSync(join(dir, 'case.test.mjs'), `import { test } from 'uvu';\nimport * as assert from 'uvu/assert';\nimport { needs } from ${JSON.stringify(needsJs)};\n${body}\ntest.run();\n`);
    const r = spawnSync(process.execPath, [join(REPO, 'node_modules', 'uvu', 'bin.js'), dir, '\\.test\\.mjs$'], { encoding: 'utf8', cwd: REPO, env: { ...process.env, ...env } });
    const { summarize } = (await import(SUMMARY)) as { summarize: (out: string, status: number | null) => { passed: number; failed: number; skipped: number; names: string[]; text: string } };
    return { r, s: summarize(r.stdout, r.status) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const FIXTURE = `
const withTool = needs(test, 'pmnet-no-such-tool');
withTool('uses the missing tool', () => { throw new Error('must not run'); });
test('plain', () => { assert.ok(true); });
`;

test('a test whose tool is missing is skipped by name locally, not passed', async () => {
  const { r, s } = await runFixture(FIXTURE, { CI: undefined });
  assert.is(r.status, 0, r.stdout + r.stderr);
  assert.equal([s.passed, s.failed, s.skipped], [1, 0, 1]);
  assert.equal(s.names, ['case.test: uses the missing tool (pmnet-no-such-tool not on PATH (Debian: pmnet-no-such-tool))']);
  assert.match(s.text, /\n {2}- case\.test: uses the missing tool .*\n1 passed, 0 failed, 1 skipped$/);
});

test('with CI=true the same test fails, saying which tool is missing', async () => {
  const { r, s } = await runFixture(FIXTURE, { CI: 'true' });
  assert.is(r.status, 1);
  assert.equal([s.passed, s.failed, s.skipped], [1, 1, 0]);
  assert.match(r.stdout, /pmnet-no-such-tool not on PATH .*and CI=true/);
});

test('under faketime a test that needs the tools\' clock is skipped by name, with CI=true too', async () => {
  const body = `import { SAME_CLOCK } from ${JSON.stringify(join(REPO, 'dist', 'test', 'harness', 'needs.js'))};\nneeds(test, SAME_CLOCK)('signs with TSIG', () => { throw new Error('must not run'); });\ntest('plain', () => {});`;
  const shifted = await runFixture(body, { CI: 'true', FAKETIME: '+2y' });
  assert.equal([shifted.s.passed, shifted.s.failed, shifted.s.skipped], [1, 0, 1]);
  assert.match(shifted.s.names[0]!, /^case\.test: signs with TSIG \(the clock is shifted \(faketime\)/);
  const real = await runFixture(body.replace("throw new Error('must not run')", ''), { CI: 'true', FAKETIME: undefined, LD_PRELOAD: undefined });
  assert.equal([real.s.passed, real.s.failed, real.s.skipped], [2, 0, 0]);
});

test('a suite whose before hook throws is counted failed and named (uvu itself prints nothing)', async () => {
  const body = `import { suite } from 'uvu';\nconst s = suite('hooked');\ns.before(() => { throw new Error('no server'); });\ns('one', () => {});\ns('two', () => {});\ns.run();\ntest('plain', () => {});`;
  const { s } = await runFixture(body, { CI: undefined });
  assert.equal([s.passed, s.failed, s.skipped], [1, 2, 0]);
  assert.match(s.text, /Failed \(by suite\):\n {2}- case\.test\.mjs › hooked: 2 of 2 did not pass\n/);
});

test('a tool found on PATH runs the test (PATH decides, not a fixed list of directories)', async () => {
  const bin = mkdtempSync(join(tmpdir(), 'pmnet-path-'));
  try {
    symlinkSync('/bin/true', join(bin, 'pmnet-no-such-tool'));
    const { s } = await runFixture(FIXTURE.replace("throw new Error('must not run')", 'assert.ok(true)'), { CI: 'true', PATH: `${bin}:${process.env.PATH}` });
    assert.equal([s.passed, s.failed, s.skipped], [2, 0, 0]);
  } finally {
    rmSync(bin, { recursive: true, force: true });
  }
});

test.run();
