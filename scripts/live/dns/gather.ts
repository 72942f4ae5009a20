// Asks every resolver A, AAAA and the proof TXT for every member, all at once under the limiter.
import type { Member, Network } from '../../model/types.js';
import type { Limiter } from '../pool.js';
import { parseResolver, resolve, type DnsAnswer, type QueryOptions, type Resolver } from './client.js';
import type { DnsFacts, DnsResolverFacts, DnsTargetFacts } from './facts.js';

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

export async function gatherDns(network: Network, members: Member[], opts: DnsGatherOptions): Promise<Map<string, DnsFacts>> {
  const resolvers = parseResolvers(opts.resolvers);
  const q: QueryOptions = { timeoutMs: opts.timeoutMs, retries: opts.retries, limiter: opts.limiter };
  // Start everything now; the limiter bounds how many sockets are open.
  const pending = members.map(async (m): Promise<[string, DnsFacts]> => {
    const domain = m.node.domain;
    const txtName = proofName(network, domain);
    const perResolver = resolvers.map(async (r): Promise<DnsResolverFacts> => {
      const [a, aaaa, proof] = await Promise.all([resolve(r, domain, 'A', q), resolve(r, domain, 'AAAA', q), resolve(r, txtName, 'TXT', q)]);
      return { resolver: r.label, a, aaaa, proof };
    });
    const got = await Promise.all(perResolver);
    const facts: DnsFacts = { memberId: m.id, domain, proofName: txtName, expectedProof: proofValue(m.id), resolvers: got, target: targetFacts(domain, got) };
    opts.onMember?.(m.id, facts);
    return [m.id, facts];
  });
  return new Map(await Promise.all(pending));
}

function danglingReason(a: DnsAnswer, aaaa: DnsAnswer): string | undefined {
  if (a.status === 'NXDOMAIN' || aaaa.status === 'NXDOMAIN') return chainNote('NXDOMAIN (the name does not exist)', a.status === 'NXDOMAIN' ? a : aaaa);
  if (a.status === 'NODATA' && aaaa.status === 'NODATA') return chainNote('no A and no AAAA records', a);
  return undefined;
}

function chainNote(reason: string, x: DnsAnswer): string {
  return x.chain.length ? `${reason} at ${x.chain[x.chain.length - 1]} via CNAME` : reason;
}

export function targetFacts(name: string, rs: readonly DnsResolverFacts[]): DnsTargetFacts {
  const reasons: { resolver: string; reason: string }[] = [];
  let resolves = false;
  for (const r of rs) {
    if (r.a.status === 'NOERROR' || r.aaaa.status === 'NOERROR') resolves = true;
    const why = danglingReason(r.a, r.aaaa);
    if (why) reasons.push({ resolver: r.resolver, reason: why });
  }
  const dangling = resolves ? 'no' : reasons.length ? 'yes' : 'unknown';
  return { name, dangling, reasons: dangling === 'yes' ? reasons : [] };
}
