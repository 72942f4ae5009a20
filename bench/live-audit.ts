// One live audit run, in a fresh process so its peak memory is its own.
//   pmnet: validateOffline + runLive (DNS + TLS + API + rules) on the consortium dir, in process.
//   bare:  tls.connect to every member endpoint, handshake only, same concurrency and trust store.
//   bare-get: the same, plus `GET /` over the connection and reading the body (what pmnet's API check adds).
//   bare-get-p2p: bare-get, then pmnet's SecretConnection handshake and NodeInfo exchange with the
//     member's P2P peer (bench/p2p-serve.ts): no DNS, no private-port probes, no rules. Its excess
//     over bare-get is the floor of what a P2P identity check can add (row 10's notes).
// --areas dns,tls,p2p restricts pmnet (to see which part costs what).
// Prints one JSON line: times (ms), peak RSS (MB), what was found.
// Run: node dist/bench/live-audit.js pmnet|bare FLEET_JSON [--root DIR] [--timeout MS] [--concurrency N]
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createSecureContext, connect, rootCertificates } from 'node:tls';
import { parseArgs } from 'node:util';
import { checkerNodeInfo, p2pHandshake } from '../scripts/live/p2p/handshake.js';
import { createLimiter } from '../scripts/live/pool.js';
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

type Mode = 'pmnet' | 'bare' | 'bare-get' | 'bare-get-p2p';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { root: { type: 'string' }, timeout: { type: 'string' }, concurrency: { type: 'string' }, areas: { type: 'string' } },
});
const [mode, fleetJson] = positionals as [Mode | undefined, string | undefined];
if ((mode !== 'pmnet' && mode !== 'bare' && mode !== 'bare-get' && mode !== 'bare-get-p2p') || !fleetJson) {
  console.error('usage: node dist/bench/live-audit.js pmnet|bare|bare-get|bare-get-p2p FLEET_JSON [--root DIR] [--timeout MS] [--concurrency N] [--areas dns,tls]');
  process.exit(2);
}
const areas = (values.areas ?? 'dns,tls').split(',') as Array<'dns' | 'tls' | 'p2p'>;
const fleet = JSON.parse(readFileSync(fleetJson, 'utf8')) as FleetInfo & { p2pPort?: number };
const root = values.root ?? fleet.root;
const timeoutMs = Number(values.timeout ?? 1000);
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
      limit(
        () =>
          new Promise<boolean>((resolve) => {
            const s = connect({ host: m.address, port: fleet.port, servername: m.domain, secureContext: ctx, rejectUnauthorized: false });
            const timer = setTimeout(() => (s.destroy(), resolve(false)), timeoutMs);
            s.once('secureConnect', () => {
              if (mode === 'bare') return clearTimeout(timer), s.destroy(), resolve(s.authorized);
              const req = request({ createConnection: () => s, path: '/', headers: { host: `${m.domain}:${fleet.port}` } }, (res) => {
                res.resume();
                res.once('end', () => (clearTimeout(timer), s.destroy(), resolve(s.authorized && res.statusCode === 200)));
              });
              req.once('error', () => (clearTimeout(timer), resolve(false)));
              req.end();
            });
            s.once('error', () => (clearTimeout(timer), resolve(false)));
          }).then((tlsOk) => withP2p(m, tlsOk)),
      ),
    ),
  );
  result.liveMs = performance.now() - t0;
  result.liveCpuMs = cpuMsSince(c0);
  result.members = targets.length;
  result.failing = targets.filter((_, i) => !ok[i]).map((m) => m.id);
}
result.maxRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify(result));
