// Temporary consortium directories built from the shipped example, plus two ways to run the
// validator on them: in-process (validateOffline) and as the real CLI process.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateOffline, type ValidateResult } from '../../scripts/validate.js';

/** The repository checkout (this file runs as dist/test/helpers/consortium.js). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLI = join(REPO_ROOT, 'dist', 'scripts', 'cli.js');
/**
 * The example network the tests use: a copy of the shipped example (network.yaml, members/,
 * zone/, tendermint/). Tests never read the repository root's network files, which `pmnet init`
 * replaces when a consortium is founded in place (test/onboard/fixtures.test.ts checks both).
 */
export const EXAMPLE_DIR = join(REPO_ROOT, 'test', 'fixtures', 'example-network');

/** The example's texts, read once. */
export const EXAMPLE = {
  network: readFileSync(join(EXAMPLE_DIR, 'network.yaml'), 'utf8'),
  members: Object.fromEntries(
    readdirSync(join(EXAMPLE_DIR, 'members'))
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => [f, readFileSync(join(EXAMPLE_DIR, 'members', f), 'utf8')]),
  ) as Record<string, string>,
};

/** One example member file's text, e.g. exampleMember('dynabob8'). */
export const exampleMember = (id: string): string => {
  const text = EXAMPLE.members[`${id}.yaml`];
  if (text === undefined) throw new Error(`no example member ${id}`);
  return text;
};

/** File content, or a symbolic link to the given target. */
export type Content = string | Uint8Array | { symlink: string };

export interface ConsortiumOptions {
  /** network.yaml text, or an edit of the example's text; null leaves network.yaml out. */
  network?: string | ((example: string) => string) | null;
  /** Member files by file name (e.g. "zed.yaml"); null removes a shipped one. */
  members?: Record<string, Content | null>;
  /** Start without the shipped member files. */
  noExampleMembers?: boolean;
}

export interface Consortium {
  dir: string;
  write(rel: string, content: Content): void;
  remove(rel: string): void;
  cleanup(): void;
}

const made: string[] = [];
process.on('exit', () => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

export function makeConsortium(opts: ConsortiumOptions = {}): Consortium {
  const dir = mkdtempSync(join(tmpdir(), 'pmnet-test-'));
  made.push(dir);
  mkdirSync(join(dir, 'members'));
  const c: Consortium = {
    dir,
    write(rel, content) {
      const abs = join(dir, rel);
      mkdirSync(dirname(abs), { recursive: true });
      if (typeof content === 'object' && 'symlink' in content) symlinkSync(content.symlink, abs);
      else writeFileSync(abs, content);
    },
    remove(rel) {
      rmSync(join(dir, rel), { force: true });
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const net = opts.network;
  if (net !== null) c.write('network.yaml', net === undefined ? EXAMPLE.network : typeof net === 'function' ? net(EXAMPLE.network) : net);
  if (!opts.noExampleMembers) for (const f of Object.keys(EXAMPLE.members)) copyFileSync(join(EXAMPLE_DIR, 'members', f), join(dir, 'members', f));
  for (const [name, content] of Object.entries(opts.members ?? {})) {
    if (content === null) c.remove(`members/${name}`);
    else c.write(`members/${name}`, content);
  }
  return c;
}

/** The validator in-process; `files` are relative to dir. */
export function validate(dir: string, files?: string[]): Promise<ValidateResult> {
  return validateOffline({ root: dir, ...(files ? { files: files.map((f) => join(dir, f)) } : {}) });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of the whole process, node start-up included. */
  ms: number;
}

/** Spawns `node dist/scripts/cli.js …args` (no shell; by default in the example network) and collects its output. */
export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...opts.env };
    delete env.GITHUB_STEP_SUMMARY;
    delete env.PMNET_DEBUG;
    // uvu sets FORCE_COLOR=1 for itself; a user's pipe does not have it.
    if (opts.env?.FORCE_COLOR === undefined) delete env.FORCE_COLOR;
    if (opts.env?.GITHUB_STEP_SUMMARY) env.GITHUB_STEP_SUMMARY = opts.env.GITHUB_STEP_SUMMARY;
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? EXAMPLE_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 20000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: performance.now() - t0 });
    });
  });
}

/** 1-based line and column of the first occurrence of `needle` in `text` (for fixtures). */
export function positionOf(text: string, needle: string, from = 0): { line: number; column: number } {
  const i = text.indexOf(needle, from);
  if (i < 0) throw new Error(`"${needle}" not in text`);
  const before = text.slice(0, i);
  const line = before.split('\n').length;
  return { line, column: i - before.lastIndexOf('\n') };
}
