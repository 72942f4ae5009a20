// Row 10's floor: the CPU one SecretConnection handshake and NodeInfo exchange costs on each side,
// against pmnet's Node peer (the code bench/p2p-serve.ts runs) and, when ../shared has it, the
// real upstream peer (cmtpeer: CometBFT 0.34's Go code). The client's CPU is this process's
// (user + system, so the kernel's loopback TCP work it triggers counts); the peer's is read from
// /proc/<pid>/stat. Prints one JSON line.
// Run: node dist/bench/p2p-floor.js [--n 2000]
// Internal: node dist/bench/p2p-floor.js --serve (the Node peer; prints its port)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { checkerNodeInfo, handshakeOn, p2pHandshake } from '../scripts/live/p2p/handshake.js';
import { newEd25519Key, nodeIdOf } from '../scripts/tendermint/keys.js';
import { findTool } from '../test/harness/needs.js';
import { BENCH_CHAIN, BENCH_VERSION, peerNodeInfo } from './lib.js';

const { values } = parseArgs({ options: { n: { type: 'string' }, serve: { type: 'boolean' } } });

export interface PeerCost {
  peer: string;
  /** Per handshake, ms. */
  clientCpuMs: number;
  peerCpuMs: number;
  wallMs: number;
  failed: number;
}

if (values.serve) {
  const nodeKey = newEd25519Key();
  const nodeInfo = peerNodeInfo(nodeIdOf(nodeKey.pub), 'tcp://127.0.0.1:26656', 'floor');
  const server = createServer((sock) => void handshakeOn(sock, { timeoutMs: 3000, nodeKey, nodeInfo }).finally(() => sock.destroy()));
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as { port: number }).port}\n`));
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
} else {
  const n = Number(values.n ?? 2000);
  const out: PeerCost[] = [await measure('pmnet (Node)', n, startNodePeer)];
  const cmtpeer = findTool('cmtpeer');
  if (cmtpeer) out.push(await measure('cmtpeer (CometBFT 0.34, Go)', n, () => startCmtpeer(cmtpeer)));
  console.log(JSON.stringify(out));
}

/** CPU ms (user + system) of a process so far, from /proc/<pid>/stat (clock ticks of 10 ms). */
function cpuOf(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

async function portFrom(read: () => string, re: RegExp, child: ChildProcess): Promise<number> {
  for (let i = 0; i < 500; i++) {
    if (child.exitCode !== null) throw new Error(`the peer exited (${child.exitCode})`);
    const m = re.exec(read());
    if (m) return Number(m[1]);
    await sleep(20);
  }
  throw new Error('the peer did not start');
}

async function startNodePeer(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  return { child, port: await portFrom(() => text, /^(\d+)\n/, child) };
}

async function startCmtpeer(bin: string): Promise<{ child: ChildProcess; port: number }> {
  // Its JSON log goes to a file: one line per session, not worth a pipe's back-pressure.
  const log = join(mkdtempSync(join(tmpdir(), 'pmnet-floor-')), 'cmtpeer.jsonl');
  const child = spawn(bin, ['--listen', '127.0.0.1:0', '--network', BENCH_CHAIN, '--version', BENCH_VERSION], { stdio: ['ignore', openSync(log, 'w'), 'ignore'] });
  return { child, port: await portFrom(() => readFileSync(log, 'utf8'), /"listen_addr":"127\.0\.0\.1:(\d+)"/, child) };
}

async function measure(peer: string, n: number, start: () => Promise<{ child: ChildProcess; port: number }>): Promise<PeerCost> {
  const { child, port } = await start();
  try {
    const opts = { host: '127.0.0.1', port, timeoutMs: 3000, nodeKey: newEd25519Key(), nodeInfo: checkerNodeInfo(BENCH_CHAIN, BENCH_VERSION) };
    for (let i = 0; i < 50; i++) await p2pHandshake(opts);
    const p0 = cpuOf(child.pid!);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let failed = 0;
    let next = 0;
    // Eight at a time: enough to keep both processes busy without queueing in the kernel.
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next++ < n) if ((await p2pHandshake(opts)).outcome.kind !== 'ok') failed++;
      }),
    );
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const p = cpuOf(child.pid!) - p0;
    return { peer, clientCpuMs: (c.user + c.system) / 1000 / n, peerCpuMs: p / n, wallMs: wall / n, failed };
  } finally {
    child.kill();
  }
}
