// Starts a real BIND `named` on 127.0.0.1 with a generated config, for tests.
// Tests that call these register with needs(test, 'named', ...) (./needs.ts): a missing tool is a
// named skip locally and a failure in CI.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server as TcpServer } from 'node:net';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tool } from './needs.js';

export interface ZoneSpec {
  /** Zone origin without trailing dot, e.g. "example.test". */
  origin: string;
  /** RFC 1035 master file text. */
  text: string;
}

export interface BindServer {
  host: string;
  port: number;
  /** "127.0.0.1:PORT" */
  address: string;
  dir: string;
  /** What named has printed so far (it runs in the foreground, logging to stderr). */
  log(): string;
  stop(): Promise<void>;
}

export { findTool } from './needs.js';

/** A port free for both UDP and TCP on 127.0.0.1 (checked, then released). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, host, () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const u = createSocket('udp4');
      u.once('error', () => resolve(false));
      u.bind(port, host, () => u.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
  throw new Error('no free port found');
}

/**
 * Listens with `tcp` and binds a UDP socket from `makeUdp` to one port on `host`. The kernel picks
 * the TCP port; when its UDP twin is taken, both are released and another port tried, so a caller
 * never meets EADDRINUSE (binding TCP to a UDP socket's port failed about once in 40 runs).
 */
export async function listenPair(makeUdp: () => UdpSocket, tcp: TcpServer, host = '127.0.0.1'): Promise<{ udp: UdpSocket; port: number }> {
  for (let attempt = 0; ; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(0, host, () => {
        tcp.off('error', reject);
        resolve((tcp.address() as { port: number }).port);
      });
    });
    const udp = makeUdp();
    const err = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      udp.once('error', resolve);
      udp.bind(port, host, () => {
        udp.off('error', resolve);
        resolve(undefined);
      });
    });
    if (!err) return { udp, port };
    udp.close();
    await new Promise<void>((r) => tcp.close(() => r()));
    if (err.code !== 'EADDRINUSE' || attempt >= 50) throw err;
  }
}

export async function startBind(zones: ZoneSpec[], opts: { extraOptions?: string } = {}): Promise<BindServer> {
  const named = tool('named');
  const dir = mkdtempSync(join(tmpdir(), 'pmnet-bind-'));
  const port = await freePort();
  const host = '127.0.0.1';
  const zoneConf = zones
    .map((z, i) => {
      const f = join(dir, `z${i}.zone`);
      writeFileSync(f, z.text);
      return `zone "${z.origin}" { type primary; file "${f}"; };`;
    })
    .join('\n');
  const conf = `options {
  directory "${dir}";
  listen-on port ${port} { ${host}; };
  listen-on-v6 { none; };
  pid-file "${join(dir, 'named.pid')}";
  recursion no;
  allow-query { any; };
  dnssec-validation no;
  notify no;
  ${opts.extraOptions ?? ''}
};
controls { };
${zoneConf}
`;
  const confFile = join(dir, 'named.conf');
  writeFileSync(confFile, conf);
  const child: ChildProcess = spawn(named, ['-g', '-c', confFile, '-u', 'root', '-n', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`named did not start within 10 s:\n${log}`)), 10_000);
    const onData = (b: Buffer) => {
      log += b.toString();
      // named logs "running on Linux ..." first; the lone "running" line means zones are loaded.
      if (/\brunning\r?\n/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
      if (/exiting \(due to fatal error\)|loading configuration: failure/.test(log)) {
        clearTimeout(timer);
        reject(new Error(`named failed to start:\n${log}`));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`named exited with ${code}:\n${log}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    host,
    port,
    address: `${host}:${port}`,
    dir,
    log: () => log,
    async stop() {
      if (child.exitCode === null) {
        const gone = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 3000);
        await gone;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs named-checkzone in the strict mode the zone issue requires. */
export function checkZoneStrict(origin: string, file: string): { ok: boolean; output: string } {
  const r = spawnSync(tool('named-checkzone'), ['-i', 'full', '-k', 'fail', '-M', 'fail', '-S', 'fail', '-n', 'fail', origin, file], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}
