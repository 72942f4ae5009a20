// Starts a real BIND `named` on 127.0.0.1 with a generated config, for tests.
// In CI (CI=true) a missing `named` is a failure, never a skip.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  stop(): Promise<void>;
}

const SEARCH = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin'];

export function findTool(name: string): string | undefined {
  for (const d of SEARCH) {
    const p = join(d, name);
    if (spawnSync('test', ['-x', p]).status === 0) return p;
  }
  return undefined;
}

/**
 * Whether BIND tests can run. Outside CI a missing named returns false (caller skips loudly);
 * in CI it throws, so the run fails.
 */
export function bindAvailable(): boolean {
  const ok = !!findTool('named') && !!findTool('named-checkzone');
  if (!ok && process.env.CI === 'true') {
    throw new Error('named / named-checkzone not found, and CI=true: install bind9 and bind9-utils (.ci/run does).');
  }
  if (!ok) console.warn('  ! SKIPPING BIND tests: named not installed (apt-get install bind9 bind9-utils)');
  return ok;
}

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
  const named = findTool('named');
  if (!named) throw new Error('named not found');
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
  const child: ChildProcess = spawn(named, ['-g', '-c', confFile, '-u', 'root', '-n', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  // named logs "running on Linux ..." first; the lone "running" line means zones are loaded.
  await waitForOutput(child, 'named', /\brunning\r?\n/, /exiting \(due to fatal error\)|loading configuration: failure/);
  return {
    host,
    port,
    address: `${host}:${port}`,
    dir,
    async stop() {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves once the child's output matches `ready`; rejects on `fatal`, on exit, or after 10 s. */
export function waitForOutput(child: ChildProcess, what: string, ready: RegExp, fatal?: RegExp): Promise<void> {
  let log = '';
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(() => settle(new Error(`${what} did not start within 10 s:\n${log}`)), 10_000);
    const onData = (b: Buffer) => {
      if (settled) return;
      log += b.toString();
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

/** Runs named-checkzone in the strict mode the zone issue requires. */
export function checkZoneStrict(origin: string, file: string): { ok: boolean; output: string } {
  const tool = findTool('named-checkzone');
  if (!tool) throw new Error('named-checkzone not found');
  const r = spawnSync(tool, ['-i', 'full', '-k', 'fail', '-M', 'fail', '-S', 'fail', '-n', 'fail', origin, file], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}
