// needs(): the one way to write a test that runs an external tool (named, dig, unbound, chromium,
// faketime, openssl, ...).
//
//   const bindTest = needs(test, 'named', 'dig');      // or needs(mySuite, ...)
//   bindTest('named answers', async () => { ... });
//   bindTest.before(async () => { srv = await startBind(...) });   // hooks that run a tool
//   runTool('dig', [...]), spawnTool('unbound', [...])              // inside such a test
//
// A tool is looked up on PATH. If one is missing the test is not run and not passed: it is
// registered as skipped and listed BY NAME above test/run.mjs's closing line "N passed,
// M failed, K skipped". With CI=true a missing tool fails the test instead. The harness
// functions that run a tool (startBind, checkZoneStrict, runTool, spawnTool, tool) throw unless
// the running test declared that tool with needs(), so a test that forgets it fails on every
// machine that has the tool (test/harness/honesty.test.ts also checks the test files).
import { AsyncLocalStorage } from 'node:async_hooks';
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Callback, Test } from 'uvu';

/** Printed at registration for each skipped test; test/run.mjs collects these lines. */
export const SKIP_MARK = 'SKIP-NEEDS';

/**
 * Not a tool: the requirement that the tools' clock is ours. Tools run on the real clock
 * (toolEnv), so under `faketime` a test where pmnet and BIND must agree on the time (TSIG) cannot
 * run; it is then skipped by name, with CI=true too (CI never shifts the clock).
 */
export const SAME_CLOCK = 'same-clock';

/** Whether this process runs under libfaketime (its clock shifted from the tools'). */
function clockShifted(): boolean {
  return process.env.FAKETIME !== undefined || /faketime/.test(process.env.LD_PRELOAD ?? '');
}

/**
 * Now on the tools' clock, in ms: what to base times handed to a tool on (signature validity
 * for dnssec-signzone, say). Date.now() unless this process runs under faketime.
 */
export function toolClock(): number {
  if (!clockShifted()) return Date.now();
  const s = execFileSync('date', ['+%s%3N'], { encoding: 'utf8', env: toolEnv(), timeout: 30_000 });
  return Number(s.trim());
}

/** Where each tool comes from on Debian (what .ci/run installs). */
const PACKAGE: Record<string, string> = {
  named: 'bind9',
  'named-checkzone': 'bind9-utils',
  'named-checkconf': 'bind9-utils',
  'dnssec-keygen': 'bind9-utils',
  'dnssec-signzone': 'bind9-utils',
  'dnssec-dsfromkey': 'bind9-utils',
  dig: 'bind9-dnsutils',
  nsupdate: 'bind9-dnsutils',
  unbound: 'unbound',
  'unbound-checkconf': 'unbound',
  chromium: 'chromium',
  faketime: 'faketime',
  openssl: 'openssl',
  python3: 'python3',
};

/**
 * Tools that are not Debian packages but live beside the clone (CI checks out ../shared next to
 * the repository); an environment variable may point elsewhere.
 */
const BESIDE: Record<string, { env: string; path: string[]; where: string }> = {
  cmtpeer: { env: 'CMTPEER_DIR', path: ['..', 'shared', 'tendermint', 'cmtpeer'], where: '../shared/tendermint/cmtpeer/bin/cmtpeer beside the clone, or $CMTPEER_DIR/bin/cmtpeer' },
};

const found = new Map<string, string | undefined>();

/** The tool's path on PATH (or beside the clone), or undefined. No declaration needed (bench and scripts use this). */
export function findTool(name: string): string | undefined {
  if (!found.has(name) && BESIDE[name]) {
    const b = BESIDE[name]!;
    const dir = process.env[b.env] ?? join(fileURLToPath(new URL('../../../', import.meta.url)), ...b.path);
    const p = join(dir, 'bin', name);
    let hit: string | undefined;
    try {
      accessSync(p, constants.X_OK);
      hit = p;
    } catch {
      /* not there */
    }
    found.set(name, hit);
  }
  if (!found.has(name)) {
    let hit: string | undefined;
    for (const dir of (process.env.PATH ?? '').split(delimiter)) {
      if (!dir) continue;
      try {
        accessSync(join(dir, name), constants.X_OK);
        hit = join(dir, name);
        break;
      } catch {
        /* not here */
      }
    }
    found.set(name, hit);
  }
  return found.get(name);
}

const declared = new AsyncLocalStorage<ReadonlySet<string>>();
// Only test processes (uvu loaded) enforce declarations; the bench reuses the harness freely.
const underTest = () => 'UVU_QUEUE' in globalThis;

/** The path of a tool the running test declared with needs(); throws otherwise. */
export function tool(name: string): string {
  if (underTest() && !declared.getStore()?.has(name)) {
    throw new Error(`this test runs \`${name}\` but did not declare it: register it with needs(test, '${name}') (test/harness/needs.ts)`);
  }
  const p = findTool(name);
  if (!p) throw new Error(`${name} not found on PATH${PACKAGE[name] ? ` (Debian package ${PACKAGE[name]})` : ''}`);
  return p;
}

/**
 * The environment for a tool: ours without libfaketime's preload. Tests may run under
 * `faketime` to shift pmnet's clock; BIND's multi-threaded tools hang under it, and they are
 * the real infrastructure, not the code whose clock is tested.
 */
export function toolEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env = { ...base };
  for (const k of Object.keys(env)) if (k === 'LD_PRELOAD' || k === 'DYLD_INSERT_LIBRARIES' || k.startsWith('FAKETIME')) delete env[k];
  return env;
}

/**
 * Runs a declared tool to completion (30 s at most) and returns its standard output; a non-zero
 * exit throws, with the tool's stderr in the message.
 */
export function runTool(name: string, args: string[], opts: { input?: string; cwd?: string } = {}): string {
  return execFileSync(tool(name), args, { encoding: 'utf8', env: toolEnv(), timeout: 30_000, stdio: ['pipe', 'pipe', 'pipe'], ...opts });
}

/** Starts a declared tool (a server, say) with toolEnv(). */
export function spawnTool(name: string, args: string[], opts: SpawnOptions = {}): ChildProcess {
  return spawn(tool(name), args, { ...opts, env: toolEnv(opts.env) });
}

function missingMessage(all: string[]): string {
  const missing = all.filter((t) => t !== SAME_CLOCK);
  const beside = missing.filter((t) => BESIDE[t]);
  const onPath = missing.filter((t) => !BESIDE[t]);
  const parts: string[] = [];
  if (onPath.length) {
    const pkgs = [...new Set(onPath.map((t) => PACKAGE[t] ?? t))].join(' ');
    const sbin = onPath.some((t) => t === 'named' || t === 'tsig-keygen') ? '; Debian keeps it in /usr/sbin' : '';
    parts.push(`${onPath.join(', ')} not on PATH (Debian: ${pkgs}${sbin})`);
  }
  for (const t of beside) parts.push(`${t} not found (${BESIDE[t]!.where})`);
  if (all.includes(SAME_CLOCK)) parts.push('the clock is shifted (faketime) while the tools keep the real one, and TSIG needs both to agree');
  return parts.join('; ');
}

/** The registering test file, e.g. "dns/bind.test". */
function caller(): string {
  const line = new Error().stack?.split('\n').find((l) => /\.test\.m?[jt]s/.test(l)) ?? '';
  return (/\/test\/(.+\.test)\.m?[jt]s/.exec(line) ?? /([^/\\(]+\.test)\.m?[jt]s/.exec(line))?.[1] ?? '?';
}

export interface ToolTest<T> {
  (name: string, fn: Callback<T>): void;
  /** Whether every tool is present (tests registered through this run). */
  readonly ok: boolean;
  /** A suite hook that runs tools: skipped with the tests when a tool is missing. */
  before(fn: Callback<T>): void;
  after(fn: Callback<T>): void;
}

/** Registers tests on `t` that need `tools`; see the comment at the top of this file. */
export function needs<T>(t: Test<T>, ...tools: string[]): ToolTest<T> {
  const set = new Set(tools);
  const missing = tools.filter((x) => (x === SAME_CLOCK ? clockShifted() : !findTool(x)));
  const ok = missing.length === 0;
  // CI (.ci/run) checks out ../shared beside the clone; a consortium's GitHub Actions run does
  // not, so there a missing beside-the-clone tool is skipped by name like on a laptop. A shifted
  // clock (faketime runs of the suite) skips, never fails.
  const real = missing.filter((x) => x !== SAME_CLOCK);
  const ci = process.env.CI === 'true' && real.length > 0 && !(process.env.GITHUB_ACTIONS === 'true' && real.every((x) => BESIDE[x]));
  const file = caller();
  const wrap = (fn: Callback<T>): Callback<T> => (ctx) => declared.run(new Set([...(declared.getStore() ?? []), ...set]), () => fn(ctx));
  const reg = (name: string, fn: Callback<T>) => {
    if (ok) t(name, wrap(fn));
    else if (ci) {
      t(name, () => {
        throw new Error(`${missingMessage(missing)}, and CI=true: in CI a test that cannot run fails (.ci/run installs the tools)`);
      });
    } else {
      console.log(`${SKIP_MARK} ${file}: ${name} (${missingMessage(missing)})`);
      t.skip(name, fn);
    }
  };
  return Object.assign(reg, {
    ok,
    before: (fn: Callback<T>) => (ok ? t.before(wrap(fn)) : undefined),
    after: (fn: Callback<T>) => (ok ? t.after(wrap(fn)) : undefined),
  });
}
