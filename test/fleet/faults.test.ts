// Fault injection at small N: a loopback fleet of 12 members (real BIND, real TLS servers), seven
// of them faulty. Every fault must yield its own finding, with its own wording, within the live
// deadline; healthy members must yield nothing.
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Finding } from '../../scripts/findings.js';
import { runLive } from '../../scripts/live/run.js';
import { validateOffline } from '../../scripts/validate.js';
import { needs } from '../harness/needs.js';
import { assertNoHang } from '../harness/no-hang.js';
import { startLoopbackFleet, type FleetMember, type LoopbackFleet } from '../harness/fleet.js';

const CLI = fileURLToPath(new URL('../../scripts/cli.js', import.meta.url));
/** network.yaml says 5 s; the runs below pass shorter deadlines, which must win. */
const CONFIGURED_TIMEOUT = 5000;
const FAULTS = { timeout: 2, reset: 1, expired: 1, 'wrong-address': 2, 'no-proof': 1 } as const;

const faults = suite<{ fleet?: LoopbackFleet }>('fleet faults');
const bindTest = needs(faults, 'named');

bindTest.before(async (ctx) => {
  ctx.fleet = await startLoopbackFleet({ n: 12, faults: FAULTS, live: { timeoutMs: CONFIGURED_TIMEOUT, retries: 1 } });
});
faults.after(async (ctx) => {
  await ctx.fleet?.stop();
});

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    // Asynchronous on purpose: this process serves the fleet while the CLI runs.
    execFile(process.execPath, [CLI, ...args], { timeout: 20_000, encoding: 'utf8' }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr, ms: performance.now() - t0 }),
    );
  });
}

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

/** What each member must (and only may) produce, as rule + message patterns. */
function expected(m: FleetMember, port: number, timeoutMs: number): Array<{ rule: string; message: RegExp[] }> {
  const at = `${m.address}:${port}`;
  const q = (s: string) => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  switch (m.fault) {
    case 'timeout':
      return [{ rule: 'tls/connect-failed', message: [q(`The server at ${at} accepted the TCP connection but never answered the TLS handshake`), q(`within ${timeoutMs} ms`)] }];
    case 'reset':
      return [{ rule: 'tls/connect-failed', message: [q(`The server at ${at} reset the connection before the TLS handshake finished`), /ECONNRESET/] }];
    case 'expired':
      return [{ rule: 'tls/expired', message: [q(`The certificate served at ${at} expired on ${yesterday()}`)] }];
    case 'wrong-address':
      return [{ rule: 'dns/a-record-mismatch', message: [q(`The A records of ${m.domain} differ from node.ipv4`), q(`missing ${m.address}; extra ${m.dnsA[0]}.`)] }];
    case 'no-proof':
      return [{ rule: 'dns/proof-missing', message: [q(`_planetmint.${m.domain} has no TXT record "pmnet-member=${m.id}"`), /answered: NXDOMAIN/] }];
    default:
      return [];
  }
}

function assertFindings(fleet: LoopbackFleet, findings: readonly Finding[], timeoutMs: number): void {
  for (const m of fleet.members) {
    const got = findings.filter((f) => f.file === `members/${m.id}.yaml`);
    const want = expected(m, fleet.port, timeoutMs);
    const show = JSON.stringify(got.map((f) => `${f.rule}: ${f.message}`), null, 1);
    assert.equal(got.map((f) => f.rule), want.map((w) => w.rule), `${m.id} (${m.fault ?? 'healthy'}): ${show}`);
    for (const [i, w] of want.entries()) {
      assert.is(got[i]!.severity, 'error', `${m.id}: ${show}`);
      assert.is(got[i]!.member, m.id);
      for (const re of w.message) assert.match(got[i]!.message, re, `${m.id}: ${show}`);
    }
  }
  // Nothing outside the member files but the test-network notice.
  assert.equal(findings.filter((f) => !f.file.startsWith('members/')).map((f) => f.rule), ['network/relaxed-policy']);
}

bindTest('the fleet holds each fault kind it was asked for, and healthy members', (ctx) => {
  const fleet = ctx.fleet!;
  const kinds = fleet.members.map((m) => m.fault ?? 'healthy');
  for (const [k, n] of Object.entries(FAULTS)) assert.is(kinds.filter((x) => x === k).length, n, k);
  assert.is(kinds.filter((x) => x === 'healthy').length, 12 - 7);
});

bindTest('pmnet validate --live --timeout 800: each fault its own finding, healthy none', async (ctx) => {
  const fleet = ctx.fleet!;
  const timeoutMs = 800;
  const r = await cli(['validate', '--live', '--root', fleet.root, '--timeout', String(timeoutMs), '--format', 'json']);
  assert.is(r.code, 1, r.stderr);
  assert.is(r.stderr, '');
  const out = JSON.parse(r.stdout) as { findings: Finding[]; errors: number };
  assertFindings(fleet, out.findings, timeoutMs);
  assert.is(out.errors, 7);
  // --timeout beat live.timeout_ms (5000): the timeout findings say "within 800 ms" (expected()).
  assertNoHang(r.ms, 'validate --live on the fleet');
});

bindTest('runLive in process: same findings; silent servers end at their deadline, resets are told apart', async (ctx) => {
  const fleet = ctx.fleet!;
  const timeoutMs = 600;
  const offline = await validateOffline({ root: fleet.root });
  assert.ok(offline.ok, JSON.stringify(offline.findings));
  const t0 = performance.now();
  const live = await runLive(offline, { root: fleet.root, areas: ['dns', 'tls'], caFiles: [], newMembers: [], timeoutMs });
  const ms = performance.now() - t0;
  assert.is(live.internalErrors, 0);
  assertFindings(fleet, [...offline.findings, ...live.findings], timeoutMs);
  assert.ok(ms >= timeoutMs, `finished in ${Math.round(ms)} ms, before the silent servers' deadline`);
  // That the faulty share costs about one deadline, not one per member, is npm run bench's row 5.
  assertNoHang(ms, 'runLive on the fleet');
  for (const m of fleet.members) {
    const a = live.facts.get(m.id)!.tls!.addresses[0]!;
    if (m.fault === 'timeout') {
      assert.equal({ kind: a.connect.kind, stage: (a.connect as { stage?: string }).stage }, { kind: 'timeout', stage: 'tls' });
      assert.ok(a.elapsedMs >= timeoutMs - 5, `${m.id}: gave up after ${a.elapsedMs} ms`);
    } else if (m.fault === 'reset') {
      assert.is(a.connect.kind, 'reset', 'told apart from a timeout, so not waited out');
    } else {
      // Every other member's endpoint answered TLS and GET / (the wrong-address and no-proof
      // faults are in DNS only).
      assert.is(a.connect.kind, 'ok', m.id);
      assert.is(a.api.kind, 'answered', m.id);
    }
  }
});

faults.run();
