// persistent_peers beyond tendermint.max_peers: a bounded, symmetric, connected graph with a small
// diameter, that a join changes only in part; below it every node lists every other.
import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Network } from '../../scripts/model/types.js';
import { tendermintFiles } from '../../scripts/tendermint/files.js';
import { peerGraph, type GraphNode } from '../../scripts/tendermint/peer-graph.js';
import { tmMember } from './genesis.test.js';

const nodes = (n: number, from = 0): GraphNode[] =>
  Array.from({ length: n }, (_, i) => ({ memberId: `m${String(i + from).padStart(5, '0')}`, nodeId: createHash('sha1').update(`node ${i + from}`).digest('hex') }));

/** Largest distance from any of the first `from` nodes (breadth-first), or Infinity when some node is unreachable. */
function eccentricity(g: Map<string, string[]>, from: number): number {
  let worst = 0;
  for (const s of [...g.keys()].slice(0, from)) {
    const d = new Map([[s, 0]]);
    const queue = [s];
    for (let q = 0; q < queue.length; q++) {
      for (const y of g.get(queue[q]!)!) {
        if (!d.has(y)) {
          d.set(y, d.get(queue[q]!)! + 1);
          queue.push(y);
        }
      }
    }
    if (d.size !== g.size) return Infinity;
    worst = Math.max(worst, ...d.values());
  }
  return worst;
}

test('up to max_peers + 1 nodes: every node lists every other, in member-id order', () => {
  const ns = nodes(41);
  const g = peerGraph(ns, 40);
  for (const [i, n] of ns.entries()) assert.equal(g.get(n.memberId), ns.filter((_, j) => j !== i).map((x) => x.memberId));
});

for (const [n, max] of [[42, 40], [1000, 40], [3000, 40], [300, 8]] as const) {
  test(`${n} nodes, max_peers ${max}: at most ${max} peers each, symmetric, never itself, connected, within 5 hops`, () => {
    const g = peerGraph(nodes(n), max);
    assert.is(g.size, n);
    let sum = 0;
    for (const [id, ps] of g) {
      assert.ok(ps.length <= max, `${id} lists ${ps.length}`);
      assert.ok(ps.length >= 2, `${id} lists ${ps.length}`);
      assert.not.ok(ps.includes(id));
      assert.is(new Set(ps).size, ps.length);
      for (const p of ps) assert.ok(g.get(p)!.includes(id), `${id} lists ${p} but not the reverse`);
      sum += ps.length;
    }
    // The random part is there: most nodes have far more than the ring's two.
    assert.ok(sum / n >= (max - 2) * 0.6, `average ${sum / n}`);
    assert.ok(eccentricity(g, 10) <= 5, `eccentricity ${eccentricity(g, 10)}`);
  });
}

test('a join changes only the lists it enters, and the same input gives the same graph', () => {
  const before = peerGraph(nodes(1000), 40);
  assert.equal(peerGraph(nodes(1000), 40), before);
  const joined = [...nodes(500), { memberId: 'm00499x', nodeId: createHash('sha1').update('newcomer').digest('hex') }, ...nodes(500, 500)];
  const after = peerGraph(joined, 40);
  const changed = [...before].filter(([id, ps]) => after.get(id)!.join() !== ps.join()).length;
  assert.ok(changed <= 100, `${changed} of 1000 lists changed`);
  assert.ok(after.get('m00499x')!.length >= 10);
});

test('tendermint write at 1,000 members: files of at most 40 peers that say so, ~2.5 MB in all (a full mesh: 64 MB)', () => {
  const members = Array.from({ length: 1000 }, (_, i) => tmMember(i));
  const network = { tendermint: { chainId: 'c', genesisTime: '2030-01-01T00:00:00Z', version: '0.34.24', defaultPower: 10, maxPeers: 40 } } as Network;
  const { files } = tendermintFiles(network, members, new Date('2029-01-01T00:00:00Z'));
  const peerFiles = [...files].filter(([path]) => path.startsWith('tendermint/peers/'));
  assert.is(peerFiles.length, 1000);
  let bytes = 0;
  for (const [path, text] of peerFiles) {
    bytes += text.length;
    const line = text.split('\n')[2]!;
    assert.match(line, /^persistent_peers = "[0-9a-f]{40}@/, path);
    assert.ok(line.split(',').length <= 40, path);
  }
  assert.match(peerFiles[0]![1], 'at most 40 of the 999 other active members (tendermint.max_peers');
  assert.ok(bytes < 4_000_000, `${bytes} bytes`);
});

test.run();
