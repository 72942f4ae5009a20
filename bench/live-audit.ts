// One live audit run, in a fresh process so its peak memory is its own.
//   pmnet: validateOffline + runLive (DNS + TLS + API + rules) on the consortium dir, in process.
//   bare:  tls.connect to every member endpoint, handshake only, same concurrency and trust store.
//   bare-get: the same, plus `GET /` over the connection and reading the body (what pmnet's API check adds).
//   bare-get-dns: bare-get, plus what any client judging what the audit judges must also do per
//     member: A, AAAA and TXT questions to the resolver on one connected UDP socket (in parallel
//     with the handshake), and reading the certificates the server sent. No parse, no verdict,
//     no rules: its excess over bare-get is the floor of row 4a's extra work (its notes).
//   bare-get-p2p: bare-get, then pmnet's SecretConnection handshake and NodeInfo exchange with the
//     member's P2P peer (bench/p2p-serve.ts): no DNS, no private-port probes, no rules. Its excess
//     over bare-get is the floor of what a P2P identity check can add (row 10's notes).
// --areas dns,tls,p2p restricts pmnet (to see which part costs what).
// Prints one JSON line: times (ms), peak RSS (MB), what was found.
// Run: node dist/bench/live-audit.js pmnet|bare FLEET_JSON [--root DIR] [--timeout MS] [--concurrency N]
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { createSecureContext, connect, rootCertificates } from 'node:tls';
import * as dnsPacket from 'dns-packet';
import { parseArgs } from 'node:util';
import { checkerNodeInfo, p2pHandshake } from '../scripts/live/p2p/handshake.js';
import { DEFAULT_PROOF_LABEL } from '../scripts/live/dns/gather.js';
import { createLimiter } from '../scripts/live/pool.js';
import { sentChain } from '../scripts/live/tls/fetch.js';
import { parseEndpoint } from '../scripts/lib/endpoint.js';
import { newEd25519Key } from '../scripts/tendermint/keys.js';
import { runLive } from '../scripts/live/run.js';
import { validateOffline } from '../scripts/validate.js';
import type { FleetInfo } from './fleet-serve.js';
import { BENCH_CHAIN, BENCH_VERSION } from './lib.js';

export interface AuditResult {
  mode: Mode;
  members: number;
  offlineMs: number;
  liveMs: number;
  /** CPU time (user + system) of this process during the live part: a measure that other load on the machine does not inflate. */
  liveCpuMs: number;
  maxRssMB: number;
  /** pmnet: members with a live finding of severity error; bare: failed handshakes. */
  failing: string[];
  rules: Record<string, number>;
}

const MODES = ['pmnet', 'bare', 'bare-get', 'bare-get-dns', 'bare-get-p2p'] as const;
export type Mode = (typeof MODES)[number];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { root: { type: 'string' }, timeout: { type: 'string' }, concurrency: { type: 'string' }, areas: { type: 'string' } },
});
const [mode, fleetJson] = positionals as [Mode | undefined, string | undefined];
if (!mode || !MODES.includes(mode) || !fleetJson) {
  console.error(`usage: node dist/bench/live-audit.js ${MODES.join('|')} FLEET_JSON [--root DIR] [--timeout MS] [--concurrency N] [--areas dns,tls]`);
  process.exit(2);
}
const areas = (values.areas ?? 'dns,tls').split(',') as Array<'dns' | 'tls' | 'p2p'>;
const fleet = JSON.parse(readFileSync(fleetJson, 'utf8')) as FleetInfo & { p2pPort?: number };
const root = values.root ?? fleet.root;
const timeoutMs = Number(values.timeout ?? 1000);
const parsedResolver = parseEndpoint(fleet.resolver);
if (!parsedResolver.ok) throw new Error(`fleet resolver ${fleet.resolver}: ${parsedResolver.reason}`);
const resolver = parsedResolver.endpoint;
const concurrency = Number(values.concurrency ?? 64);

function cpuMsSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
}

const result: AuditResult = { mode, members: 0, offlineMs: 0, liveMs: 0, liveCpuMs: 0, maxRssMB: 0, failing: [], rules: {} };
if (mode === 'pmnet') {
  const t0 = performance.now();
  const offline = await validateOffline({ root });
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const live = await runLive(offline, { root, areas, caFiles: [], newMembers: [], timeoutMs, concurrency });
  result.liveMs = performance.now() - t1;
  result.liveCpuMs = cpuMsSince(c1);
  result.offlineMs = t1 - t0;
  result.members = live.facts.size;
  const failing = new Set<string>();
  for (const f of live.findings) {
    result.rules[f.rule] = (result.rules[f.rule] ?? 0) + 1;
    if (f.severity === 'error' && f.member) failing.add(f.member);
  }
  result.failing = [...failing].sort();
} else {
  // The same endpoints pmnet probes: every active member's address, port and SNI name.
  const targets = fleet.members.filter((m) => m.status === 'active');
  const ctx = createSecureContext({ ca: [...rootCertificates, readFileSync(fleet.caFile, 'utf8')] });
  const limit = createLimiter(concurrency);
  if (mode === 'bare-get-p2p' && !fleet.p2pPort) throw new Error('bare-get-p2p needs the fleet.json of bench/p2p-serve.js');
  const p2p = { timeoutMs, nodeKey: newEd25519Key(), nodeInfo: checkerNodeInfo(BENCH_CHAIN, BENCH_VERSION) };
  const withP2p = async (m: FleetInfo['members'][number], tlsOk: boolean) =>
    mode !== 'bare-get-p2p' ? tlsOk : tlsOk && (await p2pHandshake({ ...p2p, host: m.address, port: fleet.p2pPort! })).outcome.kind === 'ok';
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const ok = await Promise.all(
    targets.map((m) =>
      limit(() => {
        const dns = mode === 'bare-get-dns' ? askThree(m.domain) : Promise.resolve(true);
        return new Promise<boolean>((resolve) => {
          const s = connect({ host: m.address, port: fleet.port, servername: m.domain, secureContext: ctx, rejectUnauthorized: false });
          const timer = setTimeout(() => (s.destroy(), resolve(false)), timeoutMs);
          s.once('secureConnect', () => {
            if (mode === 'bare') return clearTimeout(timer), s.destroy(), resolve(s.authorized);
            if (mode === 'bare-get-dns') sentChain(s.getPeerX509Certificate()!);
            const req = request({ createConnection: () => s, path: '/', headers: { host: `${m.domain}:${fleet.port}` } }, (res) => {
              res.resume();
              res.once('end', () => (clearTimeout(timer), s.destroy(), resolve(s.authorized && res.statusCode === 200)));
            });
            req.once('error', () => (clearTimeout(timer), resolve(false)));
            req.end();
          });
          s.once('error', () => (clearTimeout(timer), resolve(false)));
        })
          .then((tlsOk) => withP2p(m, tlsOk))
          .then(async (tlsOk) => (await dns) && tlsOk);
      }),
    ),
  );
  result.liveMs = performance.now() - t0;
  result.liveCpuMs = cpuMsSince(c0);
  result.members = targets.length;
  result.failing = targets.filter((_, i) => !ok[i]).map((m) => m.id);
}
/** A, AAAA and the proof TXT for DOMAIN on one connected UDP socket; true when all three are answered. */
function askThree(domain: string): Promise<boolean> {
  const { host, port } = resolver;
  const questions = [
    { type: 'A' as const, name: domain },
    { type: 'AAAA' as const, name: domain },
    { type: 'TXT' as const, name: `${DEFAULT_PROOF_LABEL}.${domain}` },
  ].map((q) => ({ ...q, id: randomInt(0x10000) }));
  return new Promise((resolve) => {
    const sock = createSocket('udp4');
    let left = questions.length;
    const done = (ok: boolean) => (clearTimeout(timer), sock.close(), resolve(ok));
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.on('error', () => done(false));
    sock.on('message', (buf) => {
      const msg = dnsPacket.decode(buf);
      if (questions.some((q) => q.id === msg.id) && --left === 0) done(true);
    });
    sock.connect(port, host, () => {
      for (const q of questions) sock.send(dnsPacket.encode({ type: 'query', id: q.id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: q.type, name: q.name, class: 'IN' }] }));
    });
  });
}

result.maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify(result));
