// Asks every resolver A, AAAA and the proof TXT for every member, all at once under the limiter.
import type { Member, Network } from '../../model/types.js';
import type { Limiter } from '../pool.js';
import { exchange, extendedErrors, describeEde, parseResolver, rcodeOf, resolve, UdpChannel, type DnsAnswer, type QueryOptions, type Resolver } from './client.js';
import type { DnsFacts, DnsResolverFacts, DnsTargetFacts, UnusableResolver } from './facts.js';

export interface DnsGatherOptions {
  resolvers: string[];
  timeoutMs: number;
  retries: number;
  limiter: Limiter;
  /** Called as each member's answers are in (progress display). */
  onMember?: (id: string, facts: DnsFacts) => void;
}

export const DEFAULT_PROOF_LABEL = '_planetmint';

export class ResolverConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResolverConfigError';
  }
}

/** The TXT value naming a member (see docs/live-dns.md). */
export function proofValue(memberId: string): string {
  return `pmnet-member=${memberId}`;
}

export function proofName(network: Network, domain: string): string {
  return `${network.live.proofLabel || DEFAULT_PROOF_LABEL}.${domain}`;
}

/** Throws ResolverConfigError for an unusable resolver list (a usage error, before any query). */
export function parseResolvers(list: readonly string[]): Resolver[] {
  if (list.length === 0) throw new ResolverConfigError('no DNS resolvers configured (network.yaml live.resolvers or --resolver)');
  const out: Resolver[] = [];
  for (const text of list) {
    const r = parseResolver(text);
    if (!r.ok) throw new ResolverConfigError(`bad resolver ${r.reason}`);
    if (!out.some((o) => o.label === r.resolver.label)) out.push(r.resolver);
  }
  return out;
}

/**
 * The canary: SOA of the consortium's own domain through the resolver. A resolver that cannot
 * answer it (or answers without recursion) would fail every member the same way, so it is
 * reported once and judges nobody. NXDOMAIN still proves the resolver works.
 */
export async function canary(r: Resolver, domain: string, q: QueryOptions): Promise<UnusableResolver | undefined> {
  const x = await exchange(r, domain, 'SOA', q);
  const base = { resolver: r.label, name: domain };
  if (x.kind === 'error') return { ...base, kind: 'down', status: x.status, detail: x.detail };
  const rcode = rcodeOf(x.msg);
  if (!x.msg.flag_ra) {
    const why = rcode === 'REFUSED' ? 'it REFUSED the recursive question' : x.msg.flag_aa ? 'it answered from its own zone data only' : 'it answered with a referral';
    return { ...base, kind: 'not-recursive', status: rcode, detail: `RA=0: ${why}` };
  }
  if (rcode === 'NOERROR' || rcode === 'NXDOMAIN') return undefined;
  const ede = extendedErrors(x.msg).map(describeEde);
  return { ...base, kind: 'down', status: rcode, detail: ede.length ? ede.join('; ') : `response code ${rcode}` };
}

export async function gatherDns(network: Network, members: Member[], opts: DnsGatherOptions): Promise<Map<string, DnsFacts>> {
  const configured = parseResolvers(opts.resolvers);
  const q: QueryOptions = { timeoutMs: opts.timeoutMs, retries: opts.retries, limiter: opts.limiter };
  const health = await Promise.all(configured.map((r) => canary(r, network.domain, q)));
  const unusable = health.filter((h): h is UnusableResolver => h !== undefined);
  const resolvers = configured.filter((_, i) => health[i] === undefined);
  const labels = configured.map((r) => r.label);
  // Start everything now; the limiter bounds how many sockets are open.
  const pending = members.map(async (m): Promise<[string, DnsFacts]> => {
    const domain = m.node.domain;
    const txtName = proofName(network, domain);
    if (!resolvers.length) {
      const none: DnsFacts = { memberId: m.id, domain, proofName: txtName, expectedProof: proofValue(m.id), resolvers: [], target: { name: domain, dangling: 'unknown', reasons: [] }, unusable, configured: labels };
      opts.onMember?.(m.id, none);
      return [m.id, none];
    }
    const perResolver = resolvers.map(async (r): Promise<DnsResolverFacts> => {
      // The member's three questions share one socket to the resolver (UdpChannel).
      const udp = new UdpChannel(r);
      const mq = { ...q, udp };
      try {
        const [a, aaaa, proof] = await Promise.all([resolve(r, domain, 'A', mq), resolve(r, domain, 'AAAA', mq), resolve(r, txtName, 'TXT', mq)]);
        return { resolver: r.label, a, aaaa, proof };
      } finally {
        udp.close();
      }
    });
    const got = await Promise.all(perResolver);
    const facts: DnsFacts = { memberId: m.id, domain, proofName: txtName, expectedProof: proofValue(m.id), resolvers: got, target: targetFacts(domain, got), unusable, configured: labels };
    opts.onMember?.(m.id, facts);
    return [m.id, facts];
  });
  return new Map(await Promise.all(pending));
}

function danglingReason(a: DnsAnswer, aaaa: DnsAnswer): string | undefined {
  if (a.status === 'NXDOMAIN' || aaaa.status === 'NXDOMAIN') return chainNote('NXDOMAIN (the name does not exist)', a.status === 'NXDOMAIN' ? a : aaaa);
  return undefined;
}

function chainNote(reason: string, x: DnsAnswer): string {
  return x.chain.length ? `${reason} at ${x.chain[x.chain.length - 1]} via CNAME` : reason;
}

export function targetFacts(name: string, rs: readonly DnsResolverFacts[]): DnsTargetFacts {
  const reasons: { resolver: string; reason: string }[] = [];
  let resolves = false;
  for (const r of rs) {
    // NODATA: the name exists (someone holds it), so it cannot be claimed by a stranger.
    if (r.a.status === 'NOERROR' || r.aaaa.status === 'NOERROR' || r.a.status === 'NODATA' || r.aaaa.status === 'NODATA') resolves = true;
    const why = danglingReason(r.a, r.aaaa);
    if (why) reasons.push({ resolver: r.resolver, reason: why });
  }
  const dangling = resolves ? 'no' : reasons.length ? 'yes' : 'unknown';
  return { name, dangling, reasons: dangling === 'yes' ? reasons : [] };
}
