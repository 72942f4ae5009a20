// Which nodes each node lists in persistent_peers. Every other node while that fits the limit;
// beyond it a bounded graph: Tendermint 0.34 accepts at most max_num_inbound_peers (40 by
// default) inbound connections from peers it does not hold unconditional, and retries every
// refused persistent peer forever, so a full mesh of more than ~80 nodes cannot form, and its
// files grow with the square of the network (1,000 nodes: 64 MB, every file rewritten per join).
//
// The bounded graph: a ring over member ids (connected, whatever else) plus "mutual top-k":
// nodes i and j are linked when each ranks the other among its k nearest by a symmetric hash of
// the pair. Links are symmetric, so each node has at most k + 2 of them; the random part keeps the
// diameter logarithmic; a join changes only the lists it enters (about k of them), not all.
import { createHash } from 'node:crypto';

export interface GraphNode {
  memberId: string;
  nodeId: string;
}

/** Default most peers per node: Tendermint 0.34's max_num_inbound_peers. */
export const DEFAULT_MAX_PEERS = 40;

/** murmur3's 32-bit finaliser: a well-mixed, platform-independent hash of a 32-bit value. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * For each node (by member id), the member ids of the nodes it lists, in member-id order.
 * `nodes` must be sorted by member id with unique ids; maxPeers ≥ 3.
 */
export function peerGraph(nodes: readonly GraphNode[], maxPeers: number): Map<string, string[]> {
  const n = nodes.length;
  const out = new Map<string, string[]>();
  if (n - 1 <= maxPeers) {
    for (const a of nodes) out.set(a.memberId, nodes.filter((b) => b !== a).map((b) => b.memberId));
    return out;
  }
  const k = maxPeers - 2;
  // A 32-bit value per node from its node ID (SHA-256, so no one picks their neighbours cheaply).
  const seed = nodes.map((x) => createHash('sha256').update(x.nodeId).digest().readUInt32BE(0));
  const top = nodes.map((_, i) => nearest(i, seed, k));
  const links = nodes.map(() => new Set<number>());
  for (let i = 0; i < n; i++) {
    for (const j of top[i]!) if (j > i && top[j]!.includes(i)) (links[i]!.add(j), links[j]!.add(i));
    // The ring: node i and its successor in member-id order.
    const next = (i + 1) % n;
    links[i]!.add(next);
    links[next]!.add(i);
  }
  nodes.forEach((x, i) => out.set(x.memberId, [...links[i]!].sort((a, b) => a - b).map((j) => nodes[j]!.memberId)));
  return out;
}

/** The k others nearest to node i by mix32(seed_i xor seed_j), ties by position; a bounded max-heap. */
function nearest(i: number, seed: readonly number[], k: number): number[] {
  const hs: number[] = [];
  const js: number[] = [];
  const worse = (a: number, b: number): boolean => hs[a]! > hs[b]! || (hs[a] === hs[b] && js[a]! > js[b]!);
  const swap = (a: number, b: number): void => {
    [hs[a], hs[b]] = [hs[b]!, hs[a]!];
    [js[a], js[b]] = [js[b]!, js[a]!];
  };
  const si = seed[i]!;
  for (let j = 0; j < seed.length; j++) {
    if (j === i) continue;
    const h = mix32((si ^ seed[j]!) >>> 0);
    if (hs.length < k) {
      hs.push(h);
      js.push(j);
      for (let c = hs.length - 1; c > 0; ) {
        const p = (c - 1) >> 1;
        if (!worse(c, p)) break;
        swap(c, p);
        c = p;
      }
    } else if (h < hs[0]! || (h === hs[0] && j < js[0]!)) {
      hs[0] = h;
      js[0] = j;
      for (let p = 0; ; ) {
        const l = 2 * p + 1;
        const r = l + 1;
        let m = p;
        if (l < hs.length && worse(l, m)) m = l;
        if (r < hs.length && worse(r, m)) m = r;
        if (m === p) break;
        swap(m, p);
        p = m;
      }
    }
  }
  return js;
}
