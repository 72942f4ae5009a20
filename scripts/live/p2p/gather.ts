// Probes every active member with Tendermint data: the P2P handshake at each address of its P2P
// host (one at a time per member: a node drops a second connection from the same IP), the ports
// that must not be public, and, once the chain exists, the node's current validator set.
import { lookup } from 'node:dns/promises';
import { connect } from 'node:net';
import type { Member, Network } from '../../model/types.js';
import { formatHostPort } from '../../tendermint/address.js';
import { newEd25519Key, type Ed25519Key } from '../../tendermint/keys.js';
import { afterGenesis, settingsOf, validatorSet } from '../../tendermint/validators.js';
import type { Limiter } from '../pool.js';
import type { ExposedPort, P2pAddressFacts, P2pFacts } from './facts.js';
import { checkerNodeInfo, p2pHandshake } from './handshake.js';
import { fetchValidators } from './validators.js';

/** Planetmint firewall notes: never public. */
export const PRIVATE_PORTS: ReadonlyArray<{ port: number; service: string }> = [
  { port: 26657, service: 'Tendermint RPC' },
  { port: 26658, service: 'Tendermint ABCI' },
  { port: 3301, service: 'Tarantool' },
  { port: 3303, service: 'Tarantool' },
  { port: 27017, service: 'MongoDB' },
];

export interface P2pGatherOptions {
  timeoutMs: number;
  limiter: Limiter;
  now?: Date;
  /** The checker's node key (default: a fresh one per run). */
  nodeKey?: Ed25519Key;
  /** Ports probed for public exposure (default PRIVATE_PORTS; [] skips). */
  privatePorts?: ReadonlyArray<{ port: number; service: string }>;
  /** Extra trusted roots for the validators fetch (network.live.ca_files, --ca). */
  extraCa?: string[];
  /** The whole registry (default: `members`): the validator set nodes are compared with. */
  registry?: readonly Member[];
}

interface Target {
  host: string;
  path: Array<string | number>;
}

async function targets(m: Member): Promise<Target[] | { error: string }> {
  const p2p = m.node.tendermint!.p2p;
  if (p2p.host === m.node.domain) {
    return [
      ...m.node.ipv4.map((host, i) => ({ host, path: ['node', 'ipv4', i] })),
      ...m.node.ipv6.map((host, i) => ({ host, path: ['node', 'ipv6', i] })),
    ];
  }
  const path = ['node', 'tendermint', 'p2p_address'];
  if (/^[0-9.]+$/.test(p2p.host) || p2p.host.includes(':')) return [{ host: p2p.host, path }];
  try {
    // Tendermint resolves a persistent peer's host once and dials the first address.
    const { address } = await lookup(p2p.host);
    return [{ host: address, path }];
  } catch (err) {
    return { error: `cannot resolve ${p2p.host}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
  }
}

/**
 * Whether the port accepts a TCP connection, and whether the service identifies itself: the
 * RPC answers GET /status with node_info, Tarantool greets first. A firewall that accepts every
 * connection would otherwise look like an open port.
 */
function probePort(host: string, port: number, service: string, timeoutMs: number): Promise<ExposedPort | undefined> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    let open = false;
    let seen = '';
    const done = () => {
      clearTimeout(timer);
      s.destroy();
      const identified = port === 26657 ? seen.includes('"node_info"') : service === 'Tarantool' ? seen.startsWith('Tarantool') : false;
      resolve(open ? { host, port, service, identified } : undefined);
    };
    const timer = setTimeout(done, timeoutMs);
    s.once('connect', () => {
      open = true;
      if (port === 26657) s.write(`GET /status HTTP/1.0\r\nHost: ${host}\r\n\r\n`);
      else if (service !== 'Tarantool') done();
    });
    s.on('data', (d: Buffer) => {
      seen += d.toString('latin1');
      if (seen.length > 4096 || (service === 'Tarantool' && seen.length >= 9) || seen.includes('"node_info"')) done();
    });
    s.once('end', done);
    s.once('error', done);
  });
}

export async function gatherP2p(network: Network, members: readonly Member[], opts: P2pGatherOptions): Promise<Map<string, P2pFacts>> {
  const settings = settingsOf(network);
  const nodeKey = opts.nodeKey ?? newEd25519Key();
  const nodeInfo = checkerNodeInfo(settings.chainId ?? 'pmnet-check', settings.version);
  const privatePorts = opts.privatePorts ?? PRIVATE_PORTS;
  const onChain = afterGenesis(network, opts.now ?? new Date());
  const registryValidators = onChain ? validatorSet(network, opts.registry ?? members).map((v) => ({ memberId: v.memberId, pubKey: v.pubKey, power: v.power })) : undefined;
  const entries = await Promise.all(
    members
      .filter((m) => m.status === 'active' && m.node.tendermint)
      .map(async (m): Promise<[string, P2pFacts]> => {
        const p2p = m.node.tendermint!.p2p;
        const facts: P2pFacts = { address: formatHostPort(p2p.host, p2p.port), addresses: [], exposed: [] };
        const t = await targets(m);
        if ('error' in t) {
          facts.addresses.push({ host: p2p.host, port: p2p.port, path: ['node', 'tendermint', 'p2p_address'], outcome: { kind: 'unreachable', message: t.error }, elapsedMs: 0 });
          return [m.id, facts];
        }
        const portChecks = t.flatMap((x) =>
          privatePorts.map((pp) => opts.limiter(() => probePort(x.host, pp.port, pp.service, Math.min(opts.timeoutMs, 1500)))),
        );
        const validators = onChain ? opts.limiter(() => fetchValidators(m, { timeoutMs: opts.timeoutMs, extraCa: opts.extraCa ?? [] })) : undefined;
        for (const x of t) {
          const r = await opts.limiter(() => p2pHandshake({ host: x.host, port: p2p.port, timeoutMs: opts.timeoutMs, nodeKey, nodeInfo }));
          const a: P2pAddressFacts = { host: x.host, port: p2p.port, path: x.path, outcome: r.outcome, elapsedMs: r.elapsedMs };
          if (r.remoteId) a.remoteId = r.remoteId;
          if (r.remotePubKey) a.remotePubKey = r.remotePubKey;
          if (r.nodeInfo) a.nodeInfo = r.nodeInfo;
          facts.addresses.push(a);
        }
        facts.exposed = (await Promise.all(portChecks)).filter((e): e is ExposedPort => !!e);
        if (validators) {
          facts.validators = await validators;
          facts.registryValidators = registryValidators!;
        }
        return [m.id, facts];
      }),
  );
  return new Map(entries);
}
