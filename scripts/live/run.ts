// Live checks: gather DNS and TLS facts for every active, offline-clean member under one
// concurrency bound, then run the live rules on what was fetched.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../commands/args.js';
import type { Finding } from '../findings.js';
import { registerMeta } from '../rules/index.js';
import { dnsRules } from '../rules/dns/index.js';
import { tlsRules } from '../rules/tls/index.js';
import { p2pRules } from '../rules/p2p/index.js';
import type { LiveFacts, LiveMember, LiveRule } from '../rules/types.js';
import { Collector, type ValidateResult } from '../validate.js';
import { gatherDns, ResolverConfigError } from './dns/gather.js';
import { createLimiter } from './pool.js';
import { gatherTls, TrustStoreError } from './tls/gather.js';
import { SILENT, type Progress } from './progress.js';
import { gatherP2p } from './p2p/gather.js';

export const liveRules: LiveRule[] = [...dnsRules, ...tlsRules, ...p2pRules];
registerMeta(liveRules.map((r) => r.meta));

export type LiveArea = 'dns' | 'tls' | 'p2p';

export interface LiveOptions {
  root: string;
  areas: LiveArea[];
  /** Overrides network.yaml live.resolvers. */
  resolvers?: string[] | undefined;
  /** Extra root certificates (PEM files, relative to the current directory). */
  caFiles: string[];
  /** Member ids treated as joining (stricter proof rules). */
  newMembers: string[];
  timeoutMs?: number | undefined;
  concurrency?: number | undefined;
  /** Members done / with problems, as they finish (a terminal display). */
  progress?: ((total: number, areas: number) => Progress) | undefined;
  /** Judge certificate validity as of this instant (--at); the handshake still happens now. */
  at?: Date | undefined;
}

export interface LiveResult {
  findings: Finding[];
  internalErrors: number;
  /** What was fetched, per member id (for pr-check and audit reports). */
  facts: Map<string, LiveFacts>;
}

function readPem(file: string, from: string): string {
  try {
    return readFileSync(resolve(from, file), 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read CA file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

export async function runLive(offline: ValidateResult, opts: LiveOptions): Promise<LiveResult> {
  const out = new Collector();
  const facts = new Map<string, LiveFacts>();
  const network = offline.network;
  if (!network) return { findings: [], internalErrors: 0, facts };
  const net = network.model;
  // Suspended members are out of the zone; members with offline errors cannot be judged live.
  const sources = offline.members.filter((m) => m.model && m.model.status === 'active');
  const models = sources.map((m) => m.model!);
  const limiter = createLimiter(opts.concurrency ?? net.live.concurrency);
  const timeoutMs = opts.timeoutMs ?? net.live.timeoutMs;
  const progress = opts.progress?.(models.length, opts.areas.filter((a) => a === 'dns' || a === 'tls').length) ?? SILENT;

  const extraCa = () => [...net.live.caFiles.map((f) => readPem(f, opts.root)), ...opts.caFiles.map((f) => readPem(f, process.cwd()))];
  const [dns, tls, p2p] = await Promise.all([
    opts.areas.includes('dns')
      ? gatherDns(net, models, { resolvers: opts.resolvers?.length ? opts.resolvers : net.live.resolvers, timeoutMs, retries: net.live.retries, limiter, onMember: progress.dns }).catch((err) => {
          if (err instanceof ResolverConfigError) throw new UsageError(err.message);
          throw err;
        })
      : undefined,
    opts.areas.includes('tls')
      ? gatherTls(net, models, {
          timeoutMs,
          limiter,
          onMember: progress.tls,
          extraCa: extraCa(),
          ...(opts.at ? { now: opts.at } : {}),
        }).catch((err) => {
          // OpenSSL silently skips an unreadable CA; a bad file must stop the run instead.
          if (err instanceof TrustStoreError) throw new UsageError(err.message);
          throw err;
        })
      : undefined,
    opts.areas.includes('p2p') ? gatherP2p(net, models, { timeoutMs, limiter, extraCa: extraCa(), registry: offline.model?.members ?? models }) : undefined,
  ]).finally(() => progress.done());

  const live: LiveMember[] = sources.map((source) => {
    const f: LiveFacts = {};
    const d = dns?.get(source.id);
    const t = tls?.get(source.id);
    const p = p2p?.get(source.id);
    if (d) f.dns = d;
    if (t) f.tls = t;
    if (p) f.p2p = p;
    facts.set(source.id, f);
    return { source, model: source.model!, isNew: opts.newMembers.includes(source.id), facts: f };
  });

  for (const rule of liveRules) {
    const ready = live.filter((m) => m.facts[rule.needs] !== undefined);
    if (!ready.length) continue;
    if (rule.scope === 'live-members') {
      out.guard(rule.meta, 'network.yaml', () => rule.check({ network, members: ready, report: out.reporter(rule.meta, network) }));
    } else {
      for (const m of ready) out.guard(rule.meta, m.source.source.file, () => rule.check({ network, member: m, report: out.reporter(rule.meta, network, m.source) }));
    }
  }
  return { findings: out.findings, internalErrors: out.internalErrors, facts };
}
