// The real upstream peer (CometBFT v0.34 code, ../shared/tendermint/cmtpeer/bin/cmtpeer) started
// as a server on 127.0.0.1 with a fault mode. CI has the folder; a clone without it skips the
// interop tests by name (and CI=true makes a missing folder a failure).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../helpers/consortium.js';

/** bin/cmtpeer: $CMTPEER_DIR, else ../shared/tendermint/cmtpeer beside the clone. */
export function cmtpeerBinary(): string | undefined {
  const dir = process.env.CMTPEER_DIR ?? resolve(REPO_ROOT, '..', 'shared', 'tendermint', 'cmtpeer');
  const bin = join(dir, 'bin', 'cmtpeer');
  return existsSync(bin) ? bin : undefined;
}

export function cmtpeerAvailable(): boolean {
  const ok = !!cmtpeerBinary();
  if (!ok && process.env.CI === 'true') {
    throw new Error('../shared/tendermint/cmtpeer/bin/cmtpeer not found, and CI=true: the CI checkout must have the reference peer beside the clone (or set CMTPEER_DIR).');
  }
  return ok;
}

export interface CmtpeerServer {
  nodeId: string;
  pubKey: string;
  host: string;
  port: number;
  /** Session JSON lines the server logged so far. */
  sessions: Array<Record<string, unknown>>;
  /** Resolves with the next session line. */
  nextSession(): Promise<Record<string, unknown>>;
  stop(): void;
}

/** A node key file with a fixed seed (node_key.json format). */
export function nodeKeyFile(seed: Uint8Array, pub: Uint8Array): string {
  const f = join(mkdtempSync(join(tmpdir(), 'pmnet-cmtpeer-')), 'node_key.json');
  writeFileSync(f, JSON.stringify({ priv_key: { type: 'tendermint/PrivKeyEd25519', value: Buffer.concat([seed, pub]).toString('base64') } }));
  return f;
}

export async function startCmtpeer(args: string[], host = '127.0.0.1'): Promise<CmtpeerServer> {
  const bin = cmtpeerBinary();
  if (!bin) throw new Error('cmtpeer not found');
  const child: ChildProcess = spawn(bin, ['--listen', `${host}:0`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const sessions: Array<Record<string, unknown>> = [];
  const waiting: Array<(s: Record<string, unknown>) => void> = [];
  const lines = createInterface({ input: child.stdout! });
  const first = new Promise<Record<string, unknown>>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`cmtpeer did not start: ${stderr}`)), 10_000);
    child.once('exit', (code) => rej(new Error(`cmtpeer exited (${code}): ${stderr}`)));
    lines.on('line', (line) => {
      const o = JSON.parse(line) as Record<string, unknown>;
      if (o.event === 'listening') {
        clearTimeout(timer);
        res(o);
      } else if (o.event === 'session') {
        const w = waiting.shift();
        if (w) w(o);
        else sessions.push(o);
      }
    });
  });
  const hello = await first;
  const [boundHost, port] = String(hello.listen_addr).split(':');
  return {
    nodeId: String(hello.node_id),
    pubKey: String((hello.local as Record<string, unknown>).pub_key_base64),
    host: boundHost!,
    port: Number(port),
    sessions,
    nextSession: () => (sessions.length ? Promise.resolve(sessions.shift()!) : new Promise((res) => waiting.push(res))),
    stop: () => {
      child.kill();
    },
  };
}
