// The CLI as a user runs it: the README's "done when" check, exit codes, usage errors without
// stack traces, --version, and the documented JSON shape.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { EXAMPLE_DIR, makeConsortium, REPO_ROOT, runCli } from '../helpers/consortium.js';

const BAD = [
  'id: bad', // 1
  'organization:', // 2
  '  name: Bad Org', // 3
  'contacts:', // 4
  '  - email: ops@bad-node.net', // 5
  'github: [bad-ops]', // 6
  'status: active', // 7
  'node:', // 8
  '  domain: bad-node.net', // 9
  '  ipv4: ["127.1"]', // 10: short form, column 10
  '',
].join('\n');

interface Json {
  findings: Array<Record<string, unknown> & { rule: string; severity: string; file: string; line: number; column: number; message: string }>;
  errors: number;
  warnings: number;
  notices?: number;
}

const NO_STACK = /\n\s+at |internal error/;

test('done when: a bad member file in a copy of the example is reported with line and column, exit 1', async () => {
  const k = makeConsortium({ members: { 'bad.yaml': BAD } });
  const r = await runCli(['validate', '--root', k.dir, '--format', 'json']);
  assert.is(r.code, 1, r.stderr);
  assert.is(r.stderr, '');
  const j = JSON.parse(r.stdout) as Json;
  const f = j.findings.find((x) => x.file === 'members/bad.yaml' && x.rule === 'member/ip-syntax');
  assert.ok(f, r.stdout);
  assert.is(f!.severity, 'error');
  assert.is(f!.line, 10);
  assert.is(f!.column, 10);
  assert.match(f!.message, /"127\.1"/);
  assert.ok(j.errors >= 1);
  // Only the bad file has errors: the example members are untouched.
  assert.equal([...new Set(j.findings.filter((x) => x.severity === 'error').map((x) => x.file))], ['members/bad.yaml']);
  k.cleanup();
});

test('the pristine example passes (exit 0), in place and copied', async () => {
  for (const root of [EXAMPLE_DIR, makeConsortium().dir]) {
    const r = await runCli(['validate', '--root', root, '--format', 'json']);
    assert.is(r.code, 0, `${root}: ${r.stdout}${r.stderr}`);
    const j = JSON.parse(r.stdout) as Json;
    assert.is(j.errors, 0);
    // The example has 3 validators: tendermint/few-validators says a 4th is needed (3f + 1).
    assert.equal(j.findings.filter((f) => f.severity === 'warning').map((f) => f.rule), ['tendermint/few-validators']);
  }
});

test('JSON shape: findings with rule, severity, file, line, column, message, messageId; counts; paths relative to the root', async () => {
  const k = makeConsortium({ members: { 'bad.yaml': BAD, 'near.yaml': BAD.replace(/bad/g, 'near').replace('["127.1"]', '[192.0.2.11]') } });
  const r = await runCli(['validate', '--root', k.dir, '--format', 'json']);
  const j = JSON.parse(r.stdout) as Json;
  assert.ok(Array.isArray(j.findings));
  assert.equal(Object.keys(j).slice(0, 3), ['findings', 'errors', 'warnings']);
  assert.is(typeof j.errors, 'number');
  assert.is(typeof j.warnings, 'number');
  assert.is(j.errors, j.findings.filter((f) => f.severity === 'error').length);
  assert.is(j.warnings, j.findings.filter((f) => f.severity === 'warning').length);
  assert.ok(j.warnings >= 1, 'near.yaml shares a /24 with abc-org73');
  for (const f of j.findings) {
    assert.equal(Object.keys(f).slice(0, 6), ['rule', 'severity', 'file', 'line', 'column', 'message']);
    assert.ok(Object.keys(f).every((key) => ['rule', 'severity', 'file', 'line', 'column', 'message', 'messageId', 'member'].includes(key)), Object.keys(f).join());
    assert.match(String((f as { messageId?: unknown }).messageId), /^[a-zA-Z]+$/, 'every finding names its message');
    assert.match(f.file, /^(network\.yaml|members\/[a-z0-9-]+\.yaml)$/);
    assert.not.ok(f.file.includes(k.dir));
    assert.ok(Number.isInteger(f.line) && f.line >= 1 && Number.isInteger(f.column) && f.column >= 1);
  }
  k.cleanup();
});

test('warnings alone exit 0', async () => {
  const k = makeConsortium({ members: { 'near.yaml': BAD.replace(/bad/g, 'near').replace('["127.1"]', '[192.0.2.11]') } });
  const r = await runCli(['validate', '--root', k.dir, '--format', 'json']);
  const j = JSON.parse(r.stdout) as Json;
  assert.is(j.errors, 0, r.stdout);
  assert.ok(j.warnings >= 1, r.stdout);
  assert.is(r.code, 0);
  k.cleanup();
});

test('FILES limits the report to those files; default root is the working directory', async () => {
  const k = makeConsortium({ members: { 'bad.yaml': BAD, 'worse.yaml': BAD.replace(/bad/g, 'worse').replace('127.1', '0x7f.1') } });
  const r = await runCli(['validate', '--format', 'json', 'members/worse.yaml'], { cwd: k.dir });
  assert.is(r.code, 1, r.stderr);
  const j = JSON.parse(r.stdout) as Json;
  assert.ok(j.findings.length > 0);
  assert.ok(j.findings.every((f) => f.file === 'members/worse.yaml'), r.stdout);
  // A relative --root works from elsewhere.
  const r2 = await runCli(['validate', '--root', basename(k.dir), '--format', 'json'], { cwd: dirname(k.dir) });
  assert.is(r2.code, 1);
  const files = new Set((JSON.parse(r2.stdout) as Json).findings.map((f) => f.file));
  assert.ok(files.has('members/bad.yaml') && files.has('members/worse.yaml'), [...files].join());
  k.cleanup();
});

test('text output: grouped by file, position, the YAML line with a caret, no colour when piped', async () => {
  const k = makeConsortium({ members: { 'bad.yaml': BAD } });
  const r = await runCli(['validate', '--root', k.dir]);
  assert.is(r.code, 1);
  assert.match(r.stdout, /^members\/bad\.yaml$/m);
  assert.match(r.stdout, /^ {2}10:10 {2}error {2}.*"127\.1".*member\/ip-syntax$/m);
  assert.match(r.stdout, /│ {3}ipv4: \["127\.1"\]\n.*│ {10}\^/);
  assert.match(r.stdout, /1 error, 1 warning\b/); // the example's tendermint/few-validators
  assert.not.ok(r.stdout.includes('\x1b['), 'no ANSI colour when stdout is not a TTY');
  const c = await runCli(['validate', '--root', k.dir, '--color']);
  assert.ok(c.stdout.includes('\x1b[31m'), '--color forces colour');
  k.cleanup();
});

test('usage errors: exit 2, one line, no stack', async () => {
  const noNetwork = mkdtempSync(join(tmpdir(), 'pmnet-empty-'));
  const cases: Array<[string[], RegExp]> = [
    [['validate', '--bogus'], /--bogus/],
    [['validate', '--format', 'xml'], /--format must be one of text, json, github, markdown/],
    [['validate', '--root', noNetwork], /no network\.yaml/],
    [['validate', '--root', join(noNetwork, 'does-not-exist')], /no network\.yaml/],
    [['validate', '--root', EXAMPLE_DIR, join(noNetwork, 'missing.yaml')], /cannot read/],
  ];
  for (const [args, re] of cases) {
    const r = await runCli(args);
    const where = `${args.join(' ')}: ${JSON.stringify(r.stderr)}`;
    assert.is(r.code, 2, where);
    assert.is(r.stdout, '', where);
    assert.match(r.stderr, /^pmnet: /, where);
    assert.match(r.stderr, re, where);
    assert.is(r.stderr.trimEnd().split('\n').length, 1, `one line: ${where}`);
    assert.not.match(r.stderr, NO_STACK, where);
  }
  const unknown = await runCli(['frobnicate']);
  assert.is(unknown.code, 2);
  assert.match(unknown.stderr, /^pmnet: unknown command "frobnicate"/);
  assert.not.match(unknown.stderr, NO_STACK);
});

test('--help exits 0; no command prints usage and exits 2', async () => {
  const h = await runCli(['validate', '--help']);
  assert.is(h.code, 0);
  assert.match(h.stdout, /usage: pmnet validate/);
  const none = await runCli([]);
  assert.is(none.code, 2);
  assert.match(none.stdout, /usage: pmnet <command>/);
});

// How fast start-up is (goal: 2x node -e 0) is measured by npm run bench, row 3.
test('--version prints the package.json version', async () => {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  const r = await runCli(['--version']);
  assert.is(r.code, 0);
  assert.is(r.stdout, `pmnet ${pkg.version}\n`);
  assert.is(r.stderr, '');
});

test.run();
