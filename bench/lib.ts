// Small helpers shared by the benchmark runner and its child scripts.
import { spawn, spawnSync } from 'node:child_process';
import { cpus, freemem, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { NodeInfo } from '../scripts/tendermint/proto.js';

/** The repository checkout (this file runs as dist/bench/lib.js). */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = `${REPO}dist/`;
/** What `npx pmnet` runs. */
export const PMNET_BIN = `${REPO}scripts/bin/pmnet.js`;

export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface ChildResult {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a process to completion, asynchronously (servers in this process keep working), timed from spawn to exit. */
export function timeChild(cmd: string, args: readonly string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd ?? REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - t0, code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** The last line of a child's stdout, parsed as JSON (children report that way). */
export function lastJson<T>(r: ChildResult, what: string): T {
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`${what}: no JSON result (exit ${r.code})\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
  }
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  freeGiB: number;
  node: string;
  bind: string;
  os: string;
}

export function machine(): Machine {
  const c = cpus();
  const named = spawnSync('named', ['-v'], { encoding: 'utf8' });
  const uname = spawnSync('uname', ['-sr'], { encoding: 'utf8' });
  return {
    cpu: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    node: process.version,
    bind: named.status === 0 ? named.stdout.trim() : 'named not found',
    os: uname.status === 0 ? uname.stdout.trim() : process.platform,
  };
}

export function progress(msg: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

export const fmtMs = (ms: number): string =>
  ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms < 10 ? `${ms.toFixed(2)} ms` : `${Math.round(ms)} ms`;

/** The chain ID of the bench's P2P peers (bench/p2p-serve.ts) and of its network.yaml. */
export const BENCH_CHAIN = 'bench-chain';
/** The Tendermint version the bench's peers announce and its checker presents. */
export const BENCH_VERSION = '0.34.24';

/** What a bench P2P peer announces: a full node of the bench chain (upstream node.go's channels). */
export function peerNodeInfo(id: string, listenAddr: string, moniker: string): NodeInfo {
  return {
    protocolVersion: { p2p: 8, block: 11, app: 0 },
    id,
    listenAddr,
    network: BENCH_CHAIN,
    version: BENCH_VERSION,
    channels: '40202122233038606100',
    moniker,
    other: { txIndex: 'on', rpcAddress: 'tcp://127.0.0.1:26657' },
  };
}
