// `npm run mutate -- <module>`: StrykerJS over one verdict-deciding module, running only the test
// files that exercise it (MODULES below), so one module takes minutes on 2 cores. Prints the score,
// the surviving mutants, and records the row in bench/mutation.json and bench/MUTATION.md.
// Not part of `npm test` or CI (too slow); see docs/mutation.md.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Module → uvu pattern (a regex over paths under dist/test) of the tests that exercise it, and
// optionally `functions`: the top-level functions to mutate when only part of the file is judged
// by these tests (found by name, so edits elsewhere in the file do not shift them). Keep the
// selection narrow: every mutant runs these files once.
export const MODULES = {
  'scripts/lib/ip.ts': { tests: '(lib/ip|offline/rules)\\.test\\.js$' },
  'scripts/lib/domain.ts': { tests: '(lib/domain|offline/rules)\\.test\\.js$' },
  'scripts/zone/render.ts': { tests: 'zone/render(-values)?\\.test\\.js$' },
  'scripts/zone/serial.ts': { tests: 'zone/serial\\.test\\.js$' },
  'scripts/zone/shared.ts': { tests: 'zone/shared-choice\\.test\\.js$' },
  'scripts/pki/names.ts': { tests: 'pki/names\\.test\\.js$' },
  'scripts/pki/der.ts': { tests: 'pki/der\\.test\\.js$' },
  'scripts/pki/x509.ts': { tests: 'pki/x509\\.test\\.js$' },
  'scripts/pki/verify.ts': { tests: 'pki/(verify|limbo-cases)\\.test\\.js$' },
  // The zone generator (model -> records -> text with the serial); no BIND in these files.
  'scripts/zone/records.ts': { tests: 'zone/records(-values)?\\.test\\.js$' },
  'scripts/zone/generate.ts': { tests: 'zone/generate\\.test\\.js$' },
  // The uniqueness rules: the rule-case table (file, line, column, message) and the meta checks.
  'scripts/rules/member/unique.ts': { tests: 'offline/(rules|meta)\\.test\\.js$' },
  'scripts/rules/member/unique-id.ts': { tests: 'offline/(rules|meta)\\.test\\.js$' },
  'scripts/rules/member/unique-domain.ts': { tests: 'offline/(rules|meta)\\.test\\.js$' },
  'scripts/rules/member/unique-ip.ts': { tests: 'offline/(rules|meta)\\.test\\.js$' },
  'scripts/rules/member/unique-github.ts': { tests: 'offline/(rules|meta)\\.test\\.js$' },
  // The verdicts of gather.ts (dangling target, proof naming, resolver list); the canary and the
  // queries need real servers and are judged by dns/recursive.test.ts (see docs/mutation.md).
  'scripts/live/dns/gather.ts': { tests: 'dns/target\\.test\\.js$', functions: ['proofValue', 'proofName', 'parseResolvers', 'danglingReason', 'chainNote', 'targetFacts'] },
  // Tendermint encoders and verdicts: unit and upstream-vector tests only (no cmtpeer interop).
  'scripts/tendermint/proto.ts': { tests: 'tendermint/(proto|secret-connection)\\.test\\.js$' },
  'scripts/tendermint/address.ts': { tests: 'tendermint/address\\.test\\.js$' },
  'scripts/tendermint/keys.ts': { tests: 'tendermint/(keys|secret-connection)\\.test\\.js$' },
  'scripts/tendermint/merlin.ts': { tests: 'tendermint/merlin\\.test\\.js$' },
  'scripts/tendermint/power.ts': { tests: 'tendermint/power\\.test\\.js$' },
  'scripts/tendermint/genesis.ts': { tests: 'tendermint/genesis\\.test\\.js$' },
  // The validator plan of a pull request (power changes, the 1/3 limit, refused elections, peers).
  'scripts/tendermint/changes.ts': { tests: 'tendermint/(changes|power)\\.test\\.js$' },
  'scripts/rules/tendermint/unique-node-id.ts': { tests: 'offline/(rules|meta)\\.test\\.js$' },
  'scripts/rules/tendermint/unique-pub-key.ts': { tests: 'offline/(rules|meta)\\.test\\.js$' },
  'scripts/github/governance.ts': { tests: 'github/governance\\.test\\.js$' },
  'scripts/github/seat.ts': { tests: 'github/seat\\.test\\.js$' },
  'scripts/github/classify.ts': { tests: 'github/classify\\.test\\.js$' },
  // The verdict of judge.ts (who owns a member file, threshold choice, member and governance verdicts); the I/O around
  // it (API reads, validation in a copy) is judged by github/pr-check and trust (docs/mutation.md).
  'scripts/github/judge.ts': { tests: 'github/verdict\\.test\\.js$', functions: ['ownership', 'memberBar', 'verdictFor', 'approvals', 'governanceVerdict', 'clip'] },
};

/** Stryker mutation ranges ("first-last" lines) of top-level functions, from `function name(` to the first `}` line. */
export function functionLines(file, names) {
  const lines = readFileSync(file, 'utf8').split('\n');
  return names.map((name) => {
    const start = lines.findIndex((l) => new RegExp(`^(export )?(async )?function ${name}\\b`).test(l));
    const end = lines.findIndex((l, i) => i > start && l === '}');
    if (start < 0 || end < 0) throw new Error(`function ${name} not found in ${file}: update MODULES in test/mutate.mjs`);
    return `${start + 1}-${end + 1}`;
  });
}

const RESULTS_JSON = 'bench/mutation.json';
const RESULTS_MD = 'bench/MUTATION.md';

function usage(message) {
  if (message) console.error(message);
  console.error('usage: npm run mutate -- <module> [--concurrency N] [--tests <uvu pattern>] [--no-record]');
  console.error('  --tests  run these test files instead of the module\'s selection (e.g. to measure a baseline); not recorded');
  console.error('modules:\n' + Object.keys(MODULES).map((m) => `  ${m}`).join('\n'));
  process.exit(2);
}

function parseArgs(argv) {
  const out = { module: undefined, tests: undefined, concurrency: Math.min(2, Math.max(1, availableParallelism() - 1)), record: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--concurrency') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) usage(`--concurrency needs a positive integer, got ${argv[i]}`);
      out.concurrency = n;
    } else if (a === '--tests') {
      out.tests = argv[++i];
      if (!out.tests) usage('--tests needs a uvu pattern');
    } else if (a === '--no-record') out.record = false;
    else if (a === '--help' || a === '-h') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (out.module) usage('give one module per run');
    else out.module = a.replace(/^\.\//, '');
  }
  if (!out.module) usage('which module?');
  if (!(out.module in MODULES)) usage(`${out.module} has no test selection in test/mutate.mjs`);
  return out;
}

// Stryker's definition: detected (killed, timeout) over detected plus undetected (survived, no
// coverage); ignored mutants and compile/runtime errors are outside the score.
export function tally(results) {
  const n = (s) => results.filter((r) => r.status === s).length;
  const t = {
    mutants: results.length,
    killed: n('Killed'),
    timeout: n('Timeout'),
    survived: n('Survived'),
    noCoverage: n('NoCoverage'),
    ignored: n('Ignored'),
    errors: n('CompileError') + n('RuntimeError'),
  };
  const detected = t.killed + t.timeout;
  const valid = detected + t.survived + t.noCoverage;
  t.score = valid === 0 ? 0 : Math.round((1000 * detected) / valid) / 10;
  return t;
}

function describe(r) {
  const lines = readFileSync(r.fileName, 'utf8').split('\n');
  const { start, end } = r.location;
  const original =
    start.line === end.line
      ? lines[start.line - 1].slice(start.column - 1, end.column - 1)
      : lines[start.line - 1].slice(start.column - 1) + ' …';
  const clip = (s) => (s.length > 70 ? s.slice(0, 67) + '...' : s).replace(/\s+/g, ' ');
  return `${relative(process.cwd(), r.fileName)}:${start.line}:${start.column} ${r.mutatorName}: ${clip(original)} → ${clip(r.replacement ?? '')}`;
}

export function renderMarkdown(rows) {
  const cell = (t) => t.replace(/\|/g, '\\|');
  const out = [
    '# Mutation scores',
    '',
    'Written by `npm run mutate -- <module>` (StrykerJS, command runner, only the module\'s tests; see',
    '[docs/mutation.md](../docs/mutation.md)). Score = (killed + timeout) / (killed + timeout + survived +',
    'no coverage); the survivors judged equivalent are listed with reasons in docs/mutation.md. Target: ≥ 85 %.',
    'Seconds: wall time of the whole run (sandbox copy, build, every mutant) on the machine it ran on.',
    '',
    '| module | tests | mutants | killed | timeout | survived | ignored | score | seconds | date |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const [module, r] of Object.entries(rows).sort(([a], [b]) => a.localeCompare(b))) {
    out.push(
      `| \`${module}\`${r.functions ? ` (${r.functions})` : ''} | \`${cell(r.tests)}\` | ${r.mutants} | ${r.killed} | ${r.timeout} | ${r.survived + r.noCoverage} | ${r.ignored} | ${r.score.toFixed(1)} % | ${r.seconds} | ${r.date} |`,
    );
  }
  return out.join('\n') + '\n';
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const sel = MODULES[args.module];
  const lines = sel.functions ? functionLines(args.module, sel.functions) : undefined;
  const pattern = args.tests ?? sel.tests;
  if (args.tests) args.record = false;
  // Tests that need a tool fail instead of skipping, as in CI.
  process.env.CI = 'true';
  const { Stryker } = await import('@stryker-mutator/core');
  const started = Date.now();
  const stryker = new Stryker({
    mutate: lines ? lines.map((l) => `${args.module}:${l}`) : [args.module],
    testRunner: 'command',
    // uvu by absolute path: the sandbox has no node_modules of its own when the project's is a
    // symlink (a git worktree), and node's lookup of the compiled tests climbs to it anyway.
    commandRunner: { command: `node "${fileURLToPath(new URL('../node_modules/uvu/bin.js', import.meta.url))}" dist/test "${pattern}" --bail` },
    // The sandbox compiles its own dist/ from the instrumented source.
    buildCommand: 'npm run --silent build',
    ignorePatterns: ['/dist', '/bench/out', '/reports', '/.stryker-tmp'],
    disableTypeChecks: args.module,
    coverageAnalysis: 'off',
    concurrency: args.concurrency,
    timeoutMS: 5_000,
    reporters: ['progress'],
    tempDirName: '.stryker-tmp',
    cleanTempDir: true,
    logLevel: 'warn',
  });
  const results = await stryker.runMutationTest();
  const seconds = Math.round((Date.now() - started) / 1000);
  const t = tally(results);
  const survivors = results.filter((r) => r.status === 'Survived' || r.status === 'NoCoverage');
  survivors.sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column);
  if (survivors.length > 0) {
    console.log(`\nsurvivors (${survivors.length}):`);
    for (const r of survivors) console.log('  ' + describe(r));
  }
  console.log(
    `\n${args.module}: ${t.mutants} mutants, ${t.killed} killed, ${t.timeout} timeout, ${t.survived + t.noCoverage} survived, ${t.ignored} ignored, ${t.errors} errors: score ${t.score.toFixed(1)} % (${seconds} s, concurrency ${args.concurrency})`,
  );
  if (args.record) {
    const rows = existsSync(RESULTS_JSON) ? JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) : {};
    rows[args.module] = { tests: pattern, ...(sel.functions ? { functions: sel.functions.join(', ') } : {}), ...t, seconds, date: new Date().toISOString().slice(0, 10) };
    writeFileSync(RESULTS_JSON, JSON.stringify(rows, null, 2) + '\n');
    writeFileSync(RESULTS_MD, renderMarkdown(rows));
    console.log(`recorded in ${RESULTS_MD}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(`mutate: ${e?.stack ?? e}`);
    process.exit(2);
  });
}
