// Hostile member files through the real CLI: every one is an error with a position and exit 1,
// never a crash, fast; no output format lets member text through raw.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { makeConsortium, REPO_ROOT, runCli, type CliResult, type Content } from '../helpers/consortium.js';
import { MAX_ANNOTATIONS } from '../../scripts/report/github.js';
import { assertNoHang } from '../harness/no-hang.js';

const CORPUS = join(REPO_ROOT, 'test', 'hostile', 'corpus');

/** The rule each corpus file must trip (an error in that file). */
const EXPECTED: Record<string, string> = {
  'alias-bomb-nested': 'yaml/alias',
  'billion-laughs': 'yaml/alias',
  'merge-key': 'yaml/alias',
  'duplicate-key': 'yaml/duplicate-key',
  'duplicate-key-nested': 'yaml/duplicate-key',
  'duplicate-key-quoted': 'yaml/duplicate-key',
  'multi-document': 'yaml/multi-document',
  'list-root': 'yaml/not-mapping',
  'scalar-root': 'yaml/not-mapping',
  empty: 'yaml/not-mapping',
  'only-comments': 'yaml/not-mapping',
  tabs: 'yaml/tab',
  'syntax-error': 'yaml/syntax',
  'deep-nesting': 'yaml/syntax',
  'deep-nesting-seq': 'yaml/syntax',
  'deep-nesting-block': 'schema/unknown-key',
  'p2p-address-injection': 'tendermint/p2p-address',
  'domain-newline': 'member/domain-syntax',
  'domain-semicolon': 'member/domain-syntax',
  'domain-quote': 'member/domain-syntax',
  'domain-include': 'member/domain-syntax',
  'domain-origin': 'member/domain-syntax',
  'domain-paren': 'member/domain-syntax',
  'gh-command-injection': 'member/domain-syntax',
  'org-newline': 'member/plain-text',
  'org-ansi': 'member/plain-text',
  'org-bidi': 'member/plain-text',
  'email-newline': 'member/contact-email',
  'email-semicolon': 'member/contact-email',
  'email-quote': 'member/contact-email',
  'email-include': 'member/contact-email',
  'markup-injection': 'member/github-login',
  'ip-hex-short': 'member/ip-syntax',
  'ip-short': 'member/ip-syntax',
  'ip-short-unquoted': 'schema/wrong-type',
  'ip-octal': 'member/ip-syntax',
  'ip-integer': 'member/ip-syntax',
  'ip-zone-id': 'member/ip-syntax',
  'ip-trailing-junk': 'member/ip-syntax',
  'ip-mapped-loopback': 'member/ip-not-public',
  'ip-outside-2000': 'member/ip-not-public',
  'ip-private': 'member/ip-not-public',
  'label-64': 'member/domain-syntax',
  'name-254': 'member/domain-syntax',
  'uppercase-domain': 'member/domain-canonical',
  'homoglyph-ulabel': 'member/domain-mixed-script',
  'homoglyph-alabel': 'member/domain-mixed-script',
  wildcard: 'member/domain-syntax',
  underscore: 'member/domain-syntax',
  'trailing-dot': 'member/domain-canonical',
  'mention-login': 'member/github-login',
  'unknown-keys': 'schema/unknown-key',
  'proto-key': 'schema/unknown-key',
  'constructor-key': 'schema/unknown-key',
  'wrong-type-id': 'schema/wrong-type',
  'wrong-type-ipv4': 'schema/wrong-type',
  'wrong-type-null': 'schema/wrong-type',
  'tag-js-function': 'yaml/syntax',
  'tag-custom': 'yaml/syntax',
  'tag-binary': 'schema/wrong-type',
  'yaml11-booleans': 'schema/invalid-value',
  // generated below
  huge: 'yaml/too-large',
  'binary-random': 'yaml/encoding',
  'binary-nul': 'yaml/encoding',
  'invalid-utf8': 'yaml/encoding',
  'utf16le-bom': 'yaml/encoding',
  'overlong-utf8': 'yaml/encoding',
};

function memberText(id: string): string {
  return `id: ${id}\norganization:\n  name: Hostile Org\ncontacts:\n  - email: ops@${id}.net\ngithub: [${id}-ops]\nstatus: active\nnode:\n  domain: ${id}.net\n  ipv4: [203.0.113.77]\n`;
}

/** Deterministic bytes (no committed binary blobs). */
function pseudoRandom(n: number, seed = 42): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = x >> 16;
  }
  return out;
}

function generated(): Record<string, Content> {
  const huge = memberText('huge') + `# ${'x'.repeat(78)}\n`.repeat(100_000); // ~8 MB
  return {
    huge,
    'binary-random': pseudoRandom(4096),
    'binary-nul': memberText('binary-nul').replace('Hostile Org', 'Hostile\0Org'),
    'invalid-utf8': Buffer.from(memberText('invalid-utf8').replace('Hostile Org', 'Z\u00fcrich AG'), 'latin1'),
    'utf16le-bom': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(memberText('utf16le-bom'), 'utf16le')]),
    'overlong-utf8': Buffer.concat([Buffer.from('id: overlong-utf8\n# '), Buffer.from([0xc0, 0xaf, 0xe0, 0x80, 0xaf]), Buffer.from('\n')]),
  };
}

const committed = readdirSync(CORPUS).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
const corpus: Array<[string, Content]> = [
  ...committed.map((n): [string, Content] => [n, readFileSync(join(CORPUS, `${n}.yaml`))]),
  ...Object.entries(generated()),
];

const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/;
const STACK = /\n\s+at .+:\d+:\d+|internal error|Error: /;

interface Run {
  name: string;
  r: CliResult;
}
const runs: Run[] = [];

test('the corpus has at least 30 files and an expectation for each', () => {
  assert.ok(corpus.length >= 30, `${corpus.length} files`);
  for (const [n] of corpus) assert.ok(EXPECTED[n], `no expected rule for ${n}`);
  for (const n of Object.keys(EXPECTED)) assert.ok(corpus.some(([c]) => c === n), `expected rule for missing file ${n}`);
});

test('each hostile file: exit 1, a positioned error from its rule, no crash, no hang', async () => {
  // A few processes at a time: the suite stays fast, each process stays unhurried.
  const width = Math.max(2, Math.min(4, cpus().length));
  const t0 = performance.now();
  const queue = [...corpus];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [name, content] = next;
        const k = makeConsortium({ members: { [`${name}.yaml`]: content } });
        const r = await runCli(['validate', '--root', k.dir, '--format', 'json', `members/${name}.yaml`], { cwd: k.dir });
        k.cleanup();
        runs.push({ name, r });
      }
    }),
  );
  for (const { name, r } of runs.sort((a, b) => a.name.localeCompare(b.name))) {
    const file = `members/${name}.yaml`;
    const where = `${name}: stderr=${JSON.stringify(r.stderr.slice(0, 300))}`;
    assert.is(r.code, 1, `${where} exit ${r.code}`);
    assert.not.match(r.stderr, STACK, where);
    assert.is(r.stderr, '', where);
    let json: { findings: Array<{ rule: string; severity: string; file: string; line: number; column: number; message: string }>; errors: number };
    try {
      json = JSON.parse(r.stdout);
    } catch {
      throw new assert.Assertion({ message: `${name}: stdout is not JSON: ${r.stdout.slice(0, 200)}`, generated: false, operator: 'json', expects: '', actual: '' });
    }
    const errors = json.findings.filter((f) => f.severity === 'error' && f.file === file);
    assert.ok(errors.length > 0, `${name}: no error finding for ${file}: ${r.stdout.slice(0, 400)}`);
    for (const f of errors) assert.ok(Number.isInteger(f.line) && f.line >= 1 && Number.isInteger(f.column) && f.column >= 1, `${name}: ${f.rule} at ${f.line}:${f.column}`);
    assert.ok(errors.some((f) => f.rule === EXPECTED[name]), `${name}: expected ${EXPECTED[name]}, got ${errors.map((f) => f.rule).join(', ')}`);
    assert.not.ok(json.findings.some((f) => f.rule.startsWith('internal/')), `${name}: a rule crashed`);
    // The parser's own failures become advice: no engine message such as "Maximum call stack size exceeded".
    assert.not.ok(json.findings.some((f) => /call stack|RangeError|TypeError/.test(f.message)), `${name}: an engine message reached the user`);
    // Only the named file is reported (and network.yaml errors, of which there are none).
    assert.ok(json.findings.every((f) => f.file === file), `${name}: findings for other files`);
    assert.not.match(r.stdout, RAW_CONTROL, `${name}: raw control character in JSON`);
    assert.not.ok(r.stdout.includes('\u202e'), `${name}: raw U+202E in JSON`);
    assertNoHang(r.ms, name);
  }
  const slowest = runs.reduce((a, b) => (b.r.ms > a.r.ms ? b : a));
  console.log(`  hostile: ${runs.length} files, slowest ${slowest.name} ${slowest.r.ms.toFixed(0)} ms (node start-up included), median ${median(runs.map((x) => x.r.ms)).toFixed(0)} ms, ${width} at a time, ${((performance.now() - t0) / 1000).toFixed(1)} s in all`);
});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

// All hostile files in one consortium: every reporter sees every message once.
let all: ReturnType<typeof makeConsortium> | undefined;
function allInOne() {
  if (!all) all = makeConsortium({ members: Object.fromEntries(corpus.map(([n, c]) => [`${n}.yaml`, c])) });
  return all;
}

// JSON was checked file by file above; text shows each offending source line, so run it on all.
test('text: no raw control character or bidi override from the input', async () => {
  const k = allInOne();
  for (const format of ['text']) {
    const t0 = performance.now();
    const r = await runCli(['validate', '--root', k.dir, '--format', format], { cwd: k.dir });
    assert.is(r.code, 1, `${format}: ${r.stderr}`);
    assert.is(r.stderr, '');
    assert.not.match(r.stdout, RAW_CONTROL, format);
    assert.not.ok(r.stdout.includes('\u202e'), `${format}: raw U+202E`);
    assert.ok(r.stdout.includes('\\u202e'), `${format}: the override is shown escaped`);
    for (const [n] of corpus) assert.ok(r.stdout.includes(`members/${n}.yaml\n`), `${n} reported`);
    console.log(`  all-in-one ${format}: ${(performance.now() - t0).toFixed(0)} ms`);
  }
});

test('github: workflow commands one per line, % CR LF escaped', async () => {
  const k = allInOne();
  const summary = join(mkdtempSync(join(tmpdir(), 'pmnet-summary-')), 'summary.md');
  const r = await runCli(['validate', '--root', k.dir, '--format', 'github'], { cwd: k.dir, env: { GITHUB_STEP_SUMMARY: summary } });
  assert.is(r.code, 1);
  assert.not.ok(r.stdout.includes('\r'), 'raw CR');
  const lines = r.stdout.trimEnd().split('\n');
  // Annotations are capped (GitHub shows 50 per job); the last line counts the rest.
  assert.is(lines.length, MAX_ANNOTATIONS + 1, `${lines.length} annotations`);
  assert.match(lines.pop()!, /^::notice title=pmnet::\d+ more findings not annotated/);
  for (const l of lines) {
    assert.match(l, /^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=[^,:]+::\S/, l);
    assert.not.match(l, /%(?!25|0D|0A|3A|2C)/, `unescaped %: ${l}`);
    assert.not.match(l, RAW_CONTROL, l);
    assert.not.ok(l.includes('\u202e'), l);
  }
  // A literal "%0A" typed into a member file must not become a line break on GitHub.
  const two = makeConsortium({ members: Object.fromEntries(corpus.filter(([n]) => n === 'gh-command-injection' || n === 'ip-zone-id').map(([n, c]) => [`${n}.yaml`, c])) });
  const r2 = await runCli(['validate', '--root', two.dir, '--format', 'github'], { cwd: two.dir });
  assert.ok(r2.stdout.includes('%250A'), 'literal %0A from the input is escaped as %250A');
  assert.ok(r2.stdout.includes('fe80::1%25eth0'), 'zone id % escaped');
  const md = readFileSync(summary, 'utf8');
  rmSync(dirname(summary), { recursive: true, force: true });
  assert.match(md, /\| Severity \| Where \| Finding \| Rule \|/);
  assert.not.match(md, /</);
});

test('markdown: no raw "<", no @mention', async () => {
  const k = allInOne();
  const r = await runCli(['validate', '--root', k.dir, '--format', 'markdown'], { cwd: k.dir });
  assert.is(r.code, 1);
  assert.not.match(r.stdout, /</);
  assert.not.match(r.stdout, /@[A-Za-z]/);
  assert.not.match(r.stdout, RAW_CONTROL);
  assert.not.ok(r.stdout.includes('\u202e'));
  // The injected markup stays visible, as text; an escape must not break its own entity
  // ("&\\#64;" renders as the literal text "&#64;").
  assert.match(r.stdout, /(&lt;|\\<)img/, 'markup shown escaped');
  assert.ok(r.stdout.includes('everyone'), 'mention shown, neutralised');
  assert.not.match(r.stdout, /&\\#\d+;/, 'an HTML entity broken by a Markdown escape');
  all?.cleanup();
});

test.run();
