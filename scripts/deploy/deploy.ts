// pmnet deploy, end to end: AXFR the primary (TSIG), plan the change to the committed zone,
// send it as one signed UPDATE with the served SOA as prerequisite, then wait until every
// name server serves the new serial and verify their records.
import { performance } from 'node:perf_hooks';
import type { Endpoint } from '../lib/endpoint.js';
import { axfr } from '../live/dns/axfr.js';
import type { TsigKey } from '../live/dns/tsig.js';
import { sendUpdate, type UpdateResult } from '../live/dns/update.js';
import type { Network } from '../model/types.js';
import { queryServer } from '../zone/dnsquery.js';
import { guardMessage, planToJson, planToText } from '../zone/plan.js';
import { withSerial, type ParsedZone } from '../zone/render.js';
import { compareSerial } from '../zone/serial.js';
import { verifyToJson, verifyToText, verifyZone, type Transfer, type VerifyReport } from '../zone/verify.js';
import { DeployError, planDeploy, servedZone, type DeployPlan } from './diff.js';
import { encodeUpdate, toNsupdate, updateOps, type UpdateOp } from './update.js';

export interface DeployOptions {
  primary: Endpoint;
  /** Name servers to verify (every address of every server in network.yaml by default). */
  servers: Endpoint[];
  key: TsigKey;
  /** Budget for one network operation (the AXFR, the UPDATE, one query). */
  timeoutMs: number;
  /** How long secondaries get to serve the new serial. */
  waitMs: number;
  retries: number;
  concurrency: number;
  force: boolean;
  dryRun: boolean;
  /**
   * 'changes' (default): each server's SOA and every RRset this deploy added, changed or
   * removed; 'full': every RRset of the zone (pmnet verify-zone). The AXFR already showed the
   * rest is on the primary, and a secondary serving the serial holds the primary's zone.
   */
  verify?: 'changes' | 'full';
  pollMs?: number;
}

export type DeployStatus =
  | 'up-to-date'
  | 'dry-run'
  | 'deployed'
  /** The mass-change guard stopped it. */
  | 'blocked'
  /** Nothing was applied: AXFR, serial, key, refusal or prerequisite. */
  | 'failed'
  /** Applied, but not every server served the new serial before the deadline. */
  | 'not-propagated'
  /** Applied and propagated, but some server's records differ. */
  | 'verify-failed';

export interface ServerSerial {
  server: string;
  serial?: number;
  detail?: string;
}

export interface DeployOutcome {
  status: DeployStatus;
  message: string;
  plan?: DeployPlan;
  ops?: UpdateOp[];
  update?: UpdateResult;
  lagging?: ServerSerial[];
  verify?: VerifyReport;
  ms: { axfr?: number; update?: number; propagate?: number; verify?: number };
}

export async function deploy(committed: ParsedZone, guard: Network['zone']['guard'], opts: DeployOptions): Promise<DeployOutcome> {
  const ms: DeployOutcome['ms'] = {};
  let t = performance.now();
  const got = await axfr(opts.primary, committed.origin, { key: opts.key, timeoutMs: opts.timeoutMs });
  ms.axfr = Math.round(performance.now() - t);
  if (!got.ok) return { status: 'failed', message: `${got.detail}; nothing was sent`, ms };

  let plan: DeployPlan;
  try {
    plan = planDeploy(servedZone(got.zone, got.soa, got.records), committed, guard, opts.force);
  } catch (err) {
    if (err instanceof DeployError) return { status: 'failed', message: err.message, ms };
    throw err;
  }
  if (plan.upToDate) {
    if (opts.dryRun) return { status: 'up-to-date', message: `the primary already serves serial ${plan.targetSerial} with the committed records`, plan, ms };
    return propagate(committed, plan, [], opts, ms, 'up-to-date');
  }
  if (plan.plan.guard.status === 'blocked') return { status: 'blocked', message: guardMessage(plan.plan), plan, ms };
  const ops = updateOps(plan);
  if (opts.dryRun) return { status: 'dry-run', message: `would send ${ops.length} update record(s) to ${opts.primary.label}; nothing was sent`, plan, ops, ms };

  t = performance.now();
  const update = await sendUpdate(opts.primary, encodeUpdate(plan, ops), opts.key, opts.timeoutMs);
  ms.update = Math.round(performance.now() - t);
  if (update.status !== 'APPLIED') return { status: 'failed', message: update.detail, plan, ops, update, ms };
  return propagate(committed, plan, ops, opts, ms, 'deployed', update);
}

async function propagate(committed: ParsedZone, plan: DeployPlan, ops: UpdateOp[], opts: DeployOptions, ms: DeployOutcome['ms'], done: 'deployed' | 'up-to-date', update?: UpdateResult): Promise<DeployOutcome> {
  const base = { plan, ops, ...(update ? { update } : {}), ms };
  const t = performance.now();
  const lagging = await waitForSerial(plan.zone, plan.targetSerial, opts);
  ms.propagate = Math.round(performance.now() - t);
  const applied = done === 'deployed' ? `serial ${plan.targetSerial} is on the primary, ` : `the primary already serves serial ${plan.targetSerial}, `;
  if (lagging.length) {
    return { status: 'not-propagated', message: `${applied}but ${lagging.length} of ${opts.servers.length} name server(s) did not serve it within ${Math.round(opts.waitMs / 1000)} s (NOTIFY/IXFR not reaching them?)`, ...base, lagging };
  }
  const tv = performance.now();
  const all = withSerial(committed.sets, 0);
  const touched = new Set([...plan.plan.added, ...plan.plan.changed.map((c) => c.after)].map((x) => `${x.name} ${x.type}`));
  const intended = opts.verify === 'full' ? all : all.filter((x) => x.type === 'SOA' || touched.has(`${x.name} ${x.type}`));
  // full: each server's whole zone by AXFR with the deploy key (what verify-zone does).
  const transfer = async (ep: { host: string; port: number }): Promise<Transfer> => {
    const server = opts.servers.find((x) => x.host === ep.host && x.port === ep.port)!;
    const t = await axfr(server, plan.zone, { key: opts.key, timeoutMs: opts.timeoutMs });
    if (!t.ok) return { ok: false, detail: t.detail };
    const z = servedZone(plan.zone, t.soa, t.records);
    return { ok: true, sets: z.sets, foreign: z.foreign };
  };
  const verify = await verifyZone(plan.zone, intended, opts.servers, {
    timeoutMs: opts.timeoutMs,
    retries: opts.retries,
    concurrency: opts.concurrency,
    absent: plan.plan.removed.map((s) => ({ name: s.name, type: s.type })),
    committedSerial: plan.targetSerial,
    ...(opts.verify === 'full' ? { whole: true, transfer } : {}),
  });
  ms.verify = Math.round(performance.now() - tv);
  const what = opts.verify === 'full' ? 'every committed RRset' : done === 'up-to-date' ? 'the SOA' : `the SOA and the ${verify.checked - 1} RRset(s) this change touched`;
  if (!verify.ok) return { status: 'verify-failed', message: `${applied}and every name server serves it, but ${verify.problems.length} record problem(s) remain (checked ${what})`, ...base, verify };
  return { status: done, message: `${applied}and all ${opts.servers.length} name server(s) serve it (checked ${what})`, ...base, verify };
}

/** Servers that do not serve `serial` (or newer) before the deadline; empty when all do. */
async function waitForSerial(zone: string, serial: number, opts: DeployOptions): Promise<ServerSerial[]> {
  const deadline = performance.now() + opts.waitMs;
  const poll = opts.pollMs ?? 250;
  const results = await Promise.all(
    opts.servers.map(async (ep): Promise<ServerSerial | undefined> => {
      let last: ServerSerial = { server: ep.label };
      for (;;) {
        const left = deadline - performance.now();
        try {
          const r = await queryServer(ep, zone, 'SOA', Math.max(50, Math.min(opts.timeoutMs, left)));
          const soa = r.answers.find((a) => a.type === 'SOA');
          const got = soa && soa.type === 'SOA' && r.aa ? soa.data.serial : undefined;
          if (got !== undefined && (compareSerial(got, serial) ?? -1) >= 0) return undefined;
          last = got !== undefined ? { server: ep.label, serial: got } : { server: ep.label, detail: `answered ${r.rcode}${r.aa ? '' : ' without AA'}` };
        } catch (err) {
          last = { server: ep.label, ...(last.serial !== undefined ? { serial: last.serial } : {}), detail: (err as Error).message };
        }
        if (performance.now() + poll > deadline) return last;
        await new Promise((r) => setTimeout(r, poll));
      }
    }),
  );
  return results.filter((r): r is ServerSerial => r !== undefined);
}

// ---------- renderers ----------

export function deployToText(o: DeployOutcome, primary?: Endpoint): string {
  const out: string[] = [];
  const p = o.plan;
  if (p) {
    out.push(`primary serves ${p.zone} serial ${p.servedSerial}; committed serial ${p.targetSerial}`);
    if (p.foreign.length) out.push(`note: left alone (types pmnet does not write): ${p.foreign.join(', ')}`);
    if (!p.upToDate) out.push(planToText(p.plan).trimEnd());
  }
  if (o.status === 'dry-run' && p && o.ops) out.push('# the update, as nsupdate(1) input:', toNsupdate(p, o.ops, primary).trimEnd());
  for (const l of o.lagging ?? []) out.push(`${l.server}: ${l.serial !== undefined ? `serves serial ${l.serial}` : 'no serial'}${l.detail ? ` (${l.detail})` : ''}`);
  if (o.verify && !o.verify.ok) out.push(verifyToText(o.verify).trimEnd());
  out.push(`deploy ${o.status}: ${o.message}`);
  const steps = Object.entries(o.ms).map(([k, v]) => `${k} ${v} ms`);
  if (steps.length) out.push(`time: ${steps.join(', ')}`);
  return out.join('\n') + '\n';
}

/** Stable JSON shape (docs/zone.md); `version` changes only on breaking changes. */
export function deployToJson(o: DeployOutcome, primary?: Endpoint): string {
  const p = o.plan;
  const doc = {
    version: 1,
    status: o.status,
    message: o.message,
    zone: p?.zone ?? null,
    servedSerial: p?.servedSerial ?? null,
    committedSerial: p?.targetSerial ?? null,
    foreign: p?.foreign ?? [],
    plan: p && !p.upToDate ? (JSON.parse(planToJson(p.plan)) as unknown) : null,
    nsupdate: p && o.ops ? toNsupdate(p, o.ops, primary) : null,
    update: o.update ? { status: o.update.status, rcode: o.update.rcode ?? null, detail: o.update.detail } : null,
    lagging: o.lagging ?? [],
    verify: o.verify ? (JSON.parse(verifyToJson(o.verify)) as unknown) : null,
    ms: o.ms,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

export const EXIT: Record<DeployStatus, number> = { 'up-to-date': 0, 'dry-run': 0, deployed: 0, blocked: 1, failed: 1, 'not-propagated': 1, 'verify-failed': 1 };
