// The zone's own name servers (network.yaml zone.nameservers) as addresses to verify: glue
// for the ones inside the zone, a lookup through the resolvers for the others (port 53).
import { parseEndpoint, type Endpoint } from '../lib/endpoint.js';
import type { Network } from '../model/types.js';

export interface ZoneServer {
  /** The name server's name, for messages. */
  name: string;
  endpoint: Endpoint;
}

/** Addresses of `name` (A and AAAA), or why there are none. */
export type Lookup = (name: string) => Promise<{ ok: true; addresses: string[] } | { ok: false; reason: string }>;

export async function zoneServers(network: Network, lookup: Lookup): Promise<{ servers: ZoneServer[]; unresolved: string[] }> {
  const servers: ZoneServer[] = [];
  const unresolved: string[] = [];
  for (const ns of network.zone.nameservers) {
    const glue = [...ns.ipv4, ...ns.ipv6];
    const got = glue.length ? { ok: true as const, addresses: glue } : await lookup(ns.name);
    if (!got.ok || !got.addresses.length) {
      unresolved.push(`${ns.name} (${got.ok ? 'no A or AAAA records' : got.reason})`);
      continue;
    }
    for (const a of got.addresses) {
      const e = parseEndpoint(a.includes(':') ? `[${a}]:53` : `${a}:53`);
      if (e.ok && !servers.some((s) => s.endpoint.label === e.endpoint.label)) servers.push({ name: ns.name, endpoint: e.endpoint });
    }
  }
  return { servers, unresolved };
}
