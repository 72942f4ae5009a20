// Tendermint P2P peers for a running loopback fleet (bench/fleet-serve.ts), in their own process:
// one responder per active member address, all on one port, each with its own node key, running
// pmnet's handshake code on the accepted socket (the protocol is symmetric). Writes a copy of the
// fleet's consortium whose member files declare node_id and p2p_address, and a fleet.json pointing
// at it; prints "READY <path>" and serves until SIGTERM or until stdin closes.
// Run: node dist/bench/p2p-serve.js FLEET_JSON
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { basename, join } from 'node:path';
import { handshakeOn } from '../scripts/live/p2p/handshake.js';
import { ed25519FromSeed, nodeIdOf } from '../scripts/tendermint/keys.js';
import type { FleetInfo } from './fleet-serve.js';
import { BENCH_CHAIN, peerNodeInfo } from './lib.js';

const fleetFile = process.argv[2];
if (!fleetFile) {
  console.error('usage: node dist/bench/p2p-serve.js FLEET_JSON');
  process.exit(2);
}
const fleet = JSON.parse(readFileSync(fleetFile, 'utf8')) as FleetInfo;
const active = fleet.members.filter((m) => m.status === 'active');
const keyOf = (id: string) => ed25519FromSeed(Uint8Array.from(createHash('sha256').update(`bench p2p ${id}`).digest()));

const servers: Server[] = [];
let port = 0;
async function serve(m: FleetInfo['members'][number]): Promise<void> {
  const nodeKey = keyOf(m.id);
  const nodeInfo = peerNodeInfo(nodeIdOf(nodeKey.pub), `tcp://${m.address}:${port}`, m.id);
  const s = createServer((sock) => {
    handshakeOn(sock, { timeoutMs: 3000, nodeKey, nodeInfo }).finally(() => sock.destroy());
  });
  await new Promise<void>((r, j) => (s.once('error', j), s.listen(port, m.address, r)));
  if (port === 0) port = (s.address() as { port: number }).port;
  servers.push(s);
}
// The first listener picks the port all others share.
if (active[0]) await serve(active[0]);
for (let i = 1; i < active.length; i += 200) await Promise.all(active.slice(i, i + 200).map(serve));

const root = join(fleet.root, 'p2p-root');
mkdirSync(join(root, 'members'), { recursive: true });
writeFileSync(join(root, 'network.yaml'), `${readFileSync(join(fleet.root, 'network.yaml'), 'utf8').trimEnd()}\ntendermint:\n  chain_id: ${BENCH_CHAIN}\n`);
cpSync(fleet.caFile, join(root, basename(fleet.caFile)));
const byId = new Map(fleet.members.map((m) => [m.id, m]));
for (const f of readdirSync(join(fleet.root, 'members'))) {
  const id = f.replace(/\.yaml$/, '');
  const target = join(root, 'members', f);
  cpSync(join(fleet.root, 'members', f), target);
  const m = byId.get(id);
  if (m) appendFileSync(target, `  tendermint:\n    node_id: ${nodeIdOf(keyOf(id).pub)}\n    p2p_address: ${m.domain}:${port}\n`);
}
const out = join(root, 'fleet.json');
writeFileSync(out, JSON.stringify({ ...fleet, root, p2pPort: port }));
process.stdout.write(`READY ${out}\n`);

const stop = () => {
  for (const s of servers) s.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
