// Probes every declared address of every member (bounded by the shared limiter) and returns
// plain facts per member id. Rules judge them afterwards.
import type { Member, Network } from '../../model/types.js';
import type { Limiter } from '../pool.js';
import { checkExtraCa, probeAddress, probeContext, trustAnchors, type ProbeTarget } from './fetch.js';

export { TrustStoreError } from './fetch.js';
import type { TlsFacts } from './facts.js';

export interface TlsGatherOptions {
  timeoutMs: number;
  limiter: Limiter;
  /** PEM texts added to the system roots (network.live.ca_files, --ca). */
  extraCa: string[];
  /** The time rules judge validity at (validate --live --at); default now. The handshake is now. */
  now?: Date;
  /** Called as each member's probes finish (progress display). */
  onMember?: (id: string, facts: TlsFacts) => void;
}

export async function gatherTls(network: Network, members: Member[], opts: TlsGatherOptions): Promise<Map<string, TlsFacts>> {
  void network; // per-network settings are read by the rules; kept for a stable signature
  checkExtraCa(opts.extraCa);
  const secureContext = probeContext();
  const anchors = trustAnchors(opts.extraCa);
  const at = opts.now ?? new Date();
  const checkedAt = at.toISOString();
  const entries = await Promise.all(
    members.map(async (m): Promise<[string, TlsFacts]> => {
      const targets = probeTargets(m);
      const addresses = await Promise.all(targets.map((t) => opts.limiter(() => probeAddress(t, { timeoutMs: opts.timeoutMs, secureContext, anchors, at }))));
      opts.onMember?.(m.id, { checkedAt, addresses });
      return [m.id, { checkedAt, addresses }];
    }),
  );
  return new Map(entries);
}

export function probeTargets(m: Member): ProbeTarget[] {
  const apiPath = pathOf(m.node.api);
  const base = { port: m.node.apiPort, servername: m.node.domain, apiPath };
  return [
    ...m.node.ipv4.map((address, index) => ({ ...base, address, list: 'ipv4' as const, index })),
    ...m.node.ipv6.map((address, index) => ({ ...base, address, list: 'ipv6' as const, index })),
  ];
}

function pathOf(api: string): string {
  try {
    const u = new URL(api);
    return u.pathname + u.search || '/';
  } catch {
    return '/';
  }
}
