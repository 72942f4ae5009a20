// Runs live rules the way the lead's runner will: gathered facts in, reports out, with each
// message template filled (a missing placeholder or unknown message id fails the test).
import type { Severity } from '../../scripts/findings.js';
import type { Path } from '../../scripts/load/source.js';
import type { TlsFacts } from '../../scripts/live/tls/facts.js';
import { gatherTls } from '../../scripts/live/tls/gather.js';
import { createLimiter } from '../../scripts/live/pool.js';
import type { Member, Network } from '../../scripts/model/types.js';
import { formatMessage } from '../../scripts/rules/message.js';
import { tlsRules } from '../../scripts/rules/tls/index.js';
import type { LiveMember, LiveRule, MemberSource, NetworkSource, Report } from '../../scripts/rules/types.js';
import { testPki, type CertOptions, type TestCert } from '../harness/certs.js';
import { loopback, startServer, testMember, testNetwork, type RunningServer, type ServerSpec } from '../harness/tls-fleet.js';

export interface Got {
  rule: string;
  messageId: string;
  severity: Severity;
  member: string;
  path: Path;
  message: string;
  data: Record<string, unknown>;
}

/** The message users see (formatMessage), failing on a placeholder without data. */
export function fill(template: string, data: Record<string, unknown>): string {
  for (const [, k] of template.matchAll(/\{(\w+)\}/g)) if (!(k! in data)) throw new Error(`placeholder {${k}} has no data in "${template}"`);
  return formatMessage(template, data);
}

export function liveMembers(members: Member[], facts: Map<string, TlsFacts>): LiveMember[] {
  return members.map((m) => {
    const source = { id: m.id, source: { file: m.file }, data: {}, model: m } as unknown as MemberSource;
    const f = facts.get(m.id);
    return { source, model: m, isNew: false, facts: f ? { tls: f } : {} };
  });
}

export function runRules(network: Network, members: Member[], facts: Map<string, TlsFacts>, rules: LiveRule[] = tlsRules): Got[] {
  const net = { source: { file: 'network.yaml' }, data: {}, model: network } as unknown as NetworkSource;
  const live = liveMembers(members, facts);
  const out: Got[] = [];
  for (const rule of rules) {
    const report = (owner: LiveMember | undefined) => (r: Report) => {
      const template = rule.meta.messages[r.messageId];
      if (template === undefined) throw new Error(`${rule.meta.id}: unknown messageId ${r.messageId}`);
      const data = r.data ?? {};
      const member = r.member ? live.find((l) => l.source === r.member)! : owner;
      out.push({
        rule: rule.meta.id,
        messageId: r.messageId,
        severity: r.severity ?? rule.meta.severity,
        member: member?.model.id ?? '(network)',
        path: r.path ?? [],
        message: fill(template, data),
        data,
      });
    };
    if (rule.scope === 'live-member') {
      for (const m of live) if (m.facts[rule.needs]) rule.check({ network: net, report: report(m), member: m });
    } else {
      rule.check({ network: net, report: report(undefined), members: live.filter((m) => m.facts[rule.needs]) });
    }
  }
  return out;
}

// ---- live scenarios ----

export type ServerCase = Omit<ServerSpec, 'addresses' | 'port'> | 'refused';

export interface MemberCase {
  id: string;
  domain?: string;
  /** One server per declared IPv4 address; all share the member's port. */
  servers: ServerCase[];
  pins?: string[];
}

export interface Scenario {
  network: Network;
  members: Member[];
  facts: Map<string, TlsFacts>;
  findings: Got[];
  /** Wall time of gatherTls. */
  elapsedMs: number;
}

/** Default leaf for a member: covers its domain and both consortium names. */
export function goodLeaf(id: string, domain = `${id}.example.test`, extra: Partial<Omit<CertOptions, 'issuer'>> = {}) {
  return testPki().leaf({ cn: domain, dns: [domain, 'api.consortium.test', `${id}.nodes.consortium.test`], ...extra });
}

/** Server options serving a leaf + chain. */
export function serving(l: { cert: TestCert; chain: string }, extra: Partial<ServerSpec> = {}): Omit<ServerSpec, 'addresses' | 'port'> {
  return { cert: l.chain, key: l.cert.keyPem, ...extra };
}

export async function scenario(cases: MemberCase[], opts: { timeoutMs?: number; network?: Network; now?: Date } = {}): Promise<Scenario> {
  const network = opts.network ?? testNetwork();
  const running: RunningServer[] = [];
  const members: Member[] = [];
  try {
    for (const c of cases) {
      const domain = c.domain ?? `${c.id}.example.test`;
      let port = 0;
      const addrs: string[] = [];
      for (const s of c.servers) {
        const address = loopback();
        addrs.push(address);
        if (s === 'refused') continue;
        const srv = await startServer({ domain, ...s, addresses: [address], ...(port ? { port } : {}) });
        running.push(srv);
        port = srv.port;
      }
      members.push(testMember(c.id, domain, port || 9, addrs, { certificatePins: c.pins ?? [] }));
    }
    const started = performance.now();
    const facts = await gatherTls(network, members, {
      timeoutMs: opts.timeoutMs ?? 1500,
      limiter: createLimiter(16),
      extraCa: [testPki().root.pem],
      ...(opts.now ? { now: opts.now } : {}),
    });
    const elapsedMs = performance.now() - started;
    return { network, members, facts, findings: runRules(network, members, facts), elapsedMs };
  } finally {
    await Promise.all(running.map((r) => r.close()));
  }
}

/** "rule:messageId" of one member's findings, sorted. */
export function idsOf(s: Scenario, member: string): string[] {
  return s.findings.filter((f) => f.member === member).map((f) => `${f.rule}:${f.messageId}`).sort();
}
