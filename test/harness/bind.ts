// Starts a real BIND `named` on 127.0.0.1 with a generated config, for tests.
// Tests that call these register with needs(test, 'named', ...) (./needs.ts): a missing tool is a
// named skip locally and a failure in CI.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server as TcpServer } from 'node:net';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnTool, tool, toolEnv } from './needs.js';

export interface ZoneSpec {
  /** Zone origin without trailing dot, e.g. "example.test". */
  origin: string;
  /** RFC 1035 master file text (a secondary starts empty and ignores it). */
  text: string;
  /** Default primary. A secondary transfers from `primaries` (named.conf syntax, e.g. `127.0.0.1 port 5300 key k`). */
  type?: 'primary' | 'secondary';
  primaries?: string;
  /** More statements inside the zone clause, e.g. `allow-update { key k; }; notify yes;`. */
  options?: string;
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

export interface BindOptions {
  /** More statements inside options { }. */
  extraOptions?: string;
  /** More top-level statements, e.g. key clauses. */
  extraConfig?: string;
  /** A port chosen beforehand (freePort), e.g. to name it in another server's also-notify. */
  port?: number;
  /**
   * RA set on answers: a stand-in resolver that serves the test zones itself (it never needs
   * to recurse, since every name asked is in its zones).
   */
  recursive?: boolean;
}

export async function startBind(zones: ZoneSpec[], opts: BindOptions = {}): Promise<BindServer> {
  const dir = mkdtempSync(join(tmpdir(), 'pmnet-bind-'));
  const port = opts.port ?? (await freePort());
  const host = '127.0.0.1';
  const zoneConf = zones
    .map((z, i) => {
      const f = join(dir, `z${i}.zone`);
      if (z.type === 'secondary') return `zone "${z.origin}" { type secondary; file "${f}"; primaries { ${z.primaries}; }; ${z.options ?? ''} };`;
      writeFileSync(f, z.text);
      return `zone "${z.origin}" { type primary; file "${f}"; ${z.options ?? ''} };`;
    })
    .join('\n');
  const conf = `options {
  directory "${dir}";
  listen-on port ${port} { ${host}; };
  listen-on-v6 { none; };
  pid-file "${join(dir, 'named.pid')}";
  ${opts.recursive ? 'recursion yes;\n  allow-recursion { 127.0.0.0/8; };' : 'recursion no;'}
  allow-query { any; };
  dnssec-validation no;
  notify no;
  ${opts.extraOptions ?? ''}
};
controls { };
${opts.extraConfig ?? ''}
${zoneConf}
`;
  const confFile = join(dir, 'named.conf');
  writeFileSync(confFile, conf);
  const child: ChildProcess = spawnTool('named', ['-g', '-c', confFile, '-u', 'root', '-n', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  // named logs "running on Linux ..." first; the lone "running" line means zones are loaded.
  const log = await waitForOutput(child, 'named', /\brunning\r?\n/, /exiting \(due to fatal error\)|loading configuration: failure/);
  return {
    host,
    port,
    address: `${host}:${port}`,
    dir,
    log,
    async stop() {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Resolves once the child's output matches `ready` (with a getter of everything it prints, now
 * and later); rejects on `fatal`, on exit, or after 10 s.
 */
export function waitForOutput(child: ChildProcess, what: string, ready: RegExp, fatal?: RegExp): Promise<() => string> {
  let log = '';
  return new Promise<() => string>((resolve, reject) => {
    let settled = false;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(() => log);
    };
    const timer = setTimeout(() => settle(new Error(`${what} did not start within 10 s:\n${log}`)), 10_000);
    const onData = (b: Buffer) => {
      log += b.toString();
      if (settled) return;
      if (fatal?.test(log)) settle(new Error(`${what} failed to start:\n${log}`));
      else if (ready.test(log)) settle();
    };
    const onExit = (code: number | null) => settle(new Error(`${what} exited with ${code}:\n${log}`));
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
}

/** SIGTERM, then SIGKILL after 3 s; resolves when the process is gone. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 3000);
  await gone;
  clearTimeout(t);
}

/** Runs named-checkzone with extra `flags` (none: the checks named applies when it loads a zone). */
export function checkZone(origin: string, file: string, flags: string[] = []): { ok: boolean; output: string } {
  const r = spawnSync(tool('named-checkzone'), [...flags, origin, file], { encoding: 'utf8', env: toolEnv(), timeout: 30_000 });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/** Runs named-checkzone in the strict mode the zone issue requires. */
export function checkZoneStrict(origin: string, file: string): { ok: boolean; output: string } {
  return checkZone(origin, file, ['-i', 'full', '-k', 'fail', '-M', 'fail', '-S', 'fail', '-n', 'fail']);
}
