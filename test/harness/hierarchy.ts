// A real DNS hierarchy on loopback for recursive-resolver tests: a signed root, a signed TLD
// and authoritative BIND servers (each on its own port on 127.0.0.1), and Unbound as the
// validating recursor.
//
// Delegations cannot carry ports, so Unbound is told where each zone lives with stub-zones
// ("stub-addr: 127.0.0.1@PORT", unbound.conf(5)); `do-not-query-localhost: no` lets it ask
// 127.0.0.1 at all. Validation still walks the chain of trust from the root trust anchor:
// root DNSKEY -> DS test. -> DS <leaf>. Keys are made at test time (dnssec-keygen,
// dnssec-signzone from bind9-utils).
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startBind, stopProcess, waitForOutput, type BindServer } from './bind.js';
import { spawnTool, tool, toolClock, toolEnv } from './needs.js';

export type Signing = 'none' | 'signed' | 'bogus' | 'expired';

export interface LeafZone {
  /** e.g. "member.test" (directly below the TLD). */
  origin: string;
  /** Records after the generated SOA/NS, names relative to the origin. */
  records: string;
  signing?: Signing;
}

/** A zone served by something that is not BIND (e.g. a fault server), delegated from the TLD. */
export interface ExternalZone {
  origin: string;
  /** "127.0.0.1:PORT" */
  address: string;
}

export interface Hierarchy {
  /** The validating recursor, "127.0.0.1:PORT". */
  resolver: string;
  /** The BIND serving the leaf zones (authoritative only: a non-recursive server). */
  authoritative: BindServer;
  stop(): Promise<void>;
}

/** The tools a test using this harness declares with needs(). */
export const HIERARCHY_TOOLS = ['named', 'unbound', 'dnssec-keygen', 'dnssec-signzone', 'dnssec-dsfromkey'] as const;

function run(name: string, args: string[], cwd: string): string {
  const r = spawnSync(tool(name), args, { cwd, encoding: 'utf8', env: toolEnv() });
  if (r.status !== 0) throw new Error(`${name} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

function header(origin: string): string {
  const o = origin === '.' ? '.' : `${origin}.`;
  const ns = origin === '.' ? 'ns.test.' : `ns.${o}`;
  return `$ORIGIN ${o}\n$TTL 300\n@ IN SOA ${ns} hostmaster.${o === '.' ? '' : o} 1 7200 3600 1209600 300\n@ IN NS ${ns}\n`;
}

const stamp = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(0, 14);

/** Signs `text` for `origin` in `dir`; returns the signed text and the DS record for the parent. */
function sign(dir: string, origin: string, text: string, how: Exclude<Signing, 'none'>): { text: string; ds: string; dnskey: string } {
  const o = origin === '.' ? '.' : `${origin}.`;
  const base = run('dnssec-keygen', ['-q', '-a', 'ECDSAP256SHA256', '-f', 'KSK', '-n', 'ZONE', '-K', dir, o], dir).trim();
  const dnskey = readFileSync(join(dir, `${base}.key`), 'utf8');
  const unsigned = join(dir, `${base}.unsigned`);
  const signed = join(dir, `${base}.signed`);
  writeFileSync(unsigned, `${text}${dnskey.split('\n').filter((l) => !l.startsWith(';')).join('\n')}\n`);
  // Expired well past Unbound's allowed clock skew (val-sig-skew-max, default one day). Times on
  // Unbound's clock, which is not ours under faketime.
  const now = toolClock();
  const times =
    how === 'expired'
      ? ['-P', '-s', stamp(new Date(now - 30 * 86400_000)), '-e', stamp(new Date(now - 5 * 86400_000))]
      : ['-s', stamp(new Date(now - 3600_000)), '-e', stamp(new Date(now + 30 * 86400_000))];
  // -z: the one key signs everything (a combined signing key, enough for tests).
  run('dnssec-signzone', ['-q', '-z', ...times, '-K', dir, '-o', o, '-f', signed, unsigned, join(dir, base)], dir);
  let out = readFileSync(signed, 'utf8');
  // Bogus: change one signed address after signing; the RRSIG no longer matches.
  if (how === 'bogus') out = out.replace(/(\sA\s+)192\.0\.2\.(\d+)/, (_m, a: string, n: string) => `${a}192.0.2.${(Number(n) + 1) % 250}`);
  const ds = run('dnssec-dsfromkey', ['-2', join(dir, `${base}.key`)], dir).trim();
  return { text: out, ds, dnskey };
}

export async function startHierarchy(leaves: LeafZone[], external: ExternalZone[] = []): Promise<Hierarchy> {
  const dir = mkdtempSync(join(tmpdir(), 'pmnet-hier-'));
  const started: BindServer[] = [];
  let unbound: ChildProcess | undefined;
  const stopAll = async () => {
    if (unbound) await stopProcess(unbound);
    await Promise.all(started.map((b) => b.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Leaves, bottom-up: their DS records go into the TLD.
    let tld = header('test') + 'ns IN A 127.0.0.1\n';
    const leafZones = leaves.map((z) => {
      let text = `${header(z.origin)}ns IN A 127.0.0.1\n${z.records}\n`;
      tld += `${z.origin}. IN NS ns.${z.origin}.\nns.${z.origin}. IN A 127.0.0.1\n`;
      if (z.signing && z.signing !== 'none') {
        const s = sign(dir, z.origin, text, z.signing);
        text = s.text;
        tld += `${s.ds}\n`;
      }
      return { origin: z.origin, text };
    });
    for (const e of external) tld += `${e.origin}. IN NS ns.${e.origin}.\nns.${e.origin}. IN A 127.0.0.1\n`;
    const tldSigned = sign(dir, 'test', tld, 'signed');
    const root = sign(dir, '.', `${header('.')}test. IN NS ns.test.\nns.test. IN A 127.0.0.1\n${tldSigned.ds}\n`, 'signed');

    const auth = await startBind(leafZones);
    started.push(auth);
    const tldServer = await startBind([{ origin: 'test', text: tldSigned.text }]);
    started.push(tldServer);
    const rootServer = await startBind([{ origin: '.', text: root.text }]);
    started.push(rootServer);

    const anchor = join(dir, 'root.key');
    writeFileSync(anchor, root.dnskey.split('\n').filter((l) => !l.startsWith(';')).join('\n'));
    const port = await freePort();
    const stub = (name: string, address: string) => `stub-zone:\n  name: "${name}"\n  stub-addr: ${address.replace(':', '@')}\n`;
    const conf = join(dir, 'unbound.conf');
    writeFileSync(
      conf,
      `server:
  interface: 127.0.0.1
  port: ${port}
  do-ip6: no
  do-not-query-localhost: no
  access-control: 127.0.0.0/8 allow
  username: ""
  chroot: ""
  directory: "${dir}"
  pidfile: "${join(dir, 'unbound.pid')}"
  use-syslog: no
  logfile: ""
  verbosity: 1
  num-threads: 1
  so-reuseport: no
  qname-minimisation: no
  aggressive-nsec: no
  module-config: "validator iterator"
  trust-anchor-file: "${anchor}"
  ede: yes
  val-log-level: 2
  edns-buffer-size: 1232
  local-zone: "test." nodefault
remote-control:
  control-enable: no
${stub('.', rootServer.address)}${stub('test.', tldServer.address)}${leaves.map((z) => stub(`${z.origin}.`, auth.address)).join('')}${external.map((e) => stub(`${e.origin}.`, e.address)).join('')}`,
    );
    const child = spawnTool('unbound', ['-d', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    unbound = child;
    await waitForOutput(child, 'unbound', /start of service/);
    return { resolver: `127.0.0.1:${port}`, authoritative: auth, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
