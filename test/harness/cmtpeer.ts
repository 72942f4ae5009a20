// The real upstream peer (CometBFT v0.34 code, ../shared/tendermint/cmtpeer/bin/cmtpeer) started
// as a server on loopback with a fault mode. Tests that start it register with
// needs(test, 'cmtpeer'): CI has the folder; a clone without it skips them by name.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { spawnTool } from './needs.js';

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
  const child: ChildProcess = spawnTool('cmtpeer', ['--listen', `${host}:0`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
