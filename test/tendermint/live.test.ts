// validate --live's P2P area end to end: member files on disk, offline validation, gatherP2p
// against real upstream peers (cmtpeer) and local servers on 127.0.0.0/8, then the p2p/* rules
// with file positions. Faults: wrong ID, bad signature, other chain, old version, closed port,
// hang, no NodeInfo, garbage, a foreign moniker, a public RPC port, and validator sets that differ.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Finding } from '../../scripts/findings.js';
import { checkerNodeInfo, handshakeOn } from '../../scripts/live/p2p/handshake.js';
import { runLive } from '../../scripts/live/run.js';
import { ed25519FromSeed, nodeIdOf } from '../../scripts/tendermint/keys.js';
import { validateOffline } from '../../scripts/validate.js';
import { makeConsortium } from '../helpers/consortium.js';
import { nodeKeyFile, startCmtpeer, type CmtpeerServer } from '../harness/cmtpeer.js';
import { needs } from '../harness/needs.js';
import { assertNoHang } from '../harness/no-hang.js';
import { testPki } from '../harness/certs.js';
import { startServer, type RunningServer } from '../harness/tls-fleet.js';

const CHAIN = 'test-chain';
const key = (i: number, k: string) => ed25519FromSeed(Uint8Array.from(createHash('sha256').update(`live ${i} ${k}`).digest()));

interface Node {
  id: string;
  host: string;
  port: number;
  nodeId: string;
  apiPort?: number;
}

function memberYaml(n: Node, i: number): string {
  const api = n.apiPort ? `  api: https://${n.id}.nodes.test:${n.apiPort}/\n` : '';
  return `id: ${n.id}
organization:
  name: Org ${n.id}
  country: ${['DE', 'US', 'SG', 'CH', 'BR', 'JP', 'FR', 'IT', 'NL', 'SE', 'NO', 'FI'][i]}
contacts:
  - email: ops@${n.id}.nodes.test
github: [${n.id}-ops]
status: active
node:
  domain: ${n.id}.nodes.test
  ipv4: [${n.host}]
${api}  tendermint:
    node_id: ${n.nodeId}
    pub_key: ${Buffer.from(key(i, 'validator').pub).toString('base64')}
    p2p_address: ${n.host}:${n.port}
`;
}

const NETWORK = (genesis: string) => (text: string) =>
  text
    .replace('allow_address_classes: [documentation]', 'allow_address_classes: [documentation, loopback]')
    .replace(/tendermint:\n(  .*\n)+/, `tendermint:\n  chain_id: ${CHAIN}\n  genesis_time: "${genesis}"\n  version: 0.34.24\n`)
    .replace('allow_special_use_names: []', 'allow_special_use_names: [test]');

async function check(nodes: Node[], opts: { genesis?: string; caFile?: string; timeoutMs?: number } = {}): Promise<Finding[]> {
  const members = Object.fromEntries(nodes.map((n, i) => [`${n.id}.yaml`, memberYaml(n, i)]));
  const k = makeConsortium({ network: NETWORK(opts.genesis ?? '2099-01-01T00:00:00Z'), noExampleMembers: true, members });
  try {
    const offline = await validateOffline({ root: k.dir });
    const offlineErrors = offline.findings.filter((f) => f.severity === 'error');
    assert.equal(offlineErrors, [], 'the fixture passes offline');
    const live = await runLive(offline, { root: k.dir, areas: ['p2p'], caFiles: opts.caFile ? [opts.caFile] : [], newMembers: [], timeoutMs: opts.timeoutMs ?? 1500 });
    return live.findings;
  } finally {
    k.cleanup();
  }
}

const find = (fs: Finding[], rule: string, file: string) => fs.filter((f) => f.rule === rule && f.file === file);

async function listen(host: string, onConn: (s: import('node:net').Socket) => void, port = 0): Promise<{ server: Server; port: number }> {
  const server = createServer(onConn);
  server.unref();
  await new Promise<void>((r) => server.listen(port, host, r));
  return { server, port: (server.address() as { port: number }).port };
}

test('local faults: closed port, HTTP on the P2P port, silent port — each its own finding at the p2p_address line', async () => {
  const closed = await listen('127.0.2.1', () => {});
  const closedPort = closed.port;
  await new Promise((r) => closed.server.close(r));
  const http = await listen('127.0.2.2', (s) => s.on('data', () => s.end('HTTP/1.1 400 Bad Request\r\n\r\n')));
  const silent = await listen('127.0.2.3', () => {});
  const nodes: Node[] = [
    { id: 'closed', host: '127.0.2.1', port: closedPort, nodeId: nodeIdOf(key(0, 'node').pub) },
    { id: 'http', host: '127.0.2.2', port: http.port, nodeId: nodeIdOf(key(1, 'node').pub) },
    { id: 'silent', host: '127.0.2.3', port: silent.port, nodeId: nodeIdOf(key(2, 'node').pub) },
  ];
  const t0 = performance.now();
  const fs = await check(nodes, { timeoutMs: 600 });
  assertNoHang(performance.now() - t0, 'checking three broken P2P ports');
  const c = find(fs, 'p2p/connect-failed', 'members/closed.yaml');
  assert.is(c.length, 1);
  assert.match(c[0]!.message, /connection refused/);
  assert.is(c[0]!.line, 15, 'points at p2p_address');
  assert.match(find(fs, 'p2p/handshake-failed', 'members/http.yaml')[0]?.message ?? '', /does not speak Tendermint/);
  assert.match(find(fs, 'p2p/handshake-failed', 'members/silent.yaml')[0]?.message ?? '', /stopped answering while exchanging ephemeral keys/);
  http.server.close();
  silent.server.close();
});

const PEERS: Array<[string, string[]]> = [
  ['good', []],
  ['claim', ['--claim-id', 'ab'.repeat(20)]],
  ['other', ['--network', 'other-chain']],
  ['wrongkey', ['--wrong-key']],
  ['hang', ['--hang']],
  ['noinfo', ['--no-nodeinfo']],
  ['old', ['--version', '0.34.35']],
  // The last --moniker wins (Go's flag package): a node named after something else than its member.
  ['renamed', ['--moniker', 'validator-7']],
  ['fqdn', ['--moniker', 'fqdn.nodes.test']],
];

async function startPeers(): Promise<{ peers: CmtpeerServer[]; nodes: Node[] }> {
  const peers: CmtpeerServer[] = [];
  const nodes: Node[] = [];
  for (const [i, [id, args]] of PEERS.entries()) {
    const k = key(i, 'node');
    const host = `127.0.3.${i + 1}`;
    const s = await startCmtpeer(['--node-key', nodeKeyFile(k.seed, k.pub), '--network', CHAIN, '--version', '0.34.24', '--moniker', id, ...args], host);
    peers.push(s);
    // "claim" declares what the node advertises; the handshake proves another key.
    nodes.push({ id, host, port: s.port, nodeId: id === 'claim' ? 'ab'.repeat(20) : s.nodeId });
  }
  return { peers, nodes };
}

const interop = async () => {
  const { peers, nodes } = await startPeers();
  try {
    const fs = await check(nodes, { timeoutMs: 800 });
    const p2p = fs.filter((f) => f.rule.startsWith('p2p/'));
    assert.equal(find(p2p, 'p2p/node-id-mismatch', 'members/good.yaml'), [], 'the healthy node has no finding');
    assert.equal(p2p.filter((f) => f.file === 'members/good.yaml'), []);
    const claim = find(p2p, 'p2p/node-id-mismatch', 'members/claim.yaml');
    assert.is(claim.length, 1);
    assert.match(claim[0]!.message, new RegExp(`proved node ID ${nodeIdOf(key(1, 'node').pub)}, but node_id is ${'ab'.repeat(20)}`));
    assert.is(claim[0]!.line, 13, 'points at node_id');
    assert.match(find(p2p, 'p2p/wrong-chain', 'members/other.yaml')[0]?.message ?? '', /runs chain "other-chain", not "test-chain"/);
    assert.is(find(p2p, 'p2p/bad-signature', 'members/wrongkey.yaml').length, 1);
    assert.match(find(p2p, 'p2p/handshake-failed', 'members/hang.yaml')[0]?.message ?? '', /stopped answering/);
    assert.match(find(p2p, 'p2p/handshake-failed', 'members/noinfo.yaml')[0]?.message ?? '', /closed the connection while exchanging NodeInfo/);
    assert.match(find(p2p, 'p2p/version-mismatch', 'members/old.yaml')[0]?.message ?? '', /reports Tendermint 0\.34\.35; the network runs 0\.34\.24/);
    const moniker = p2p.filter((f) => f.rule === 'p2p/moniker-mismatch');
    assert.equal(moniker.map((f) => [f.file, f.severity]), [['members/renamed.yaml', 'notice']], 'the node domain is an accepted moniker; the member id is');
    assert.match(moniker[0]!.message, /calls itself "validator-7" \(NodeInfo moniker\); the registry knows it as member renamed \(renamed\.nodes\.test\)\. Set moniker = "renamed"/);
    assert.equal(p2p.filter((f) => f.file === 'members/fqdn.yaml'), []);
    assert.is(p2p.filter((f) => f.severity === 'error').length, 5, p2p.map((f) => `${f.rule} ${f.file}`).join('\n'));
  } finally {
    for (const p of peers) p.stop();
  }
};
needs(test, 'cmtpeer')('interop: a fleet of real upstream peers, one per fault, judged by the p2p/* rules', interop);

test('moniker: pmnet\'s own P2P server names the node; member id, node domain and its host name pass, anything else is a notice', async () => {
  const monikers: Array<[string, string]> = [['byid', 'byid'], ['bydomain', 'ByDomain.nodes.test.'], ['byhost', 'byhost'], ['other', 'planetmint-node-1'], ['blank', '']];
  const servers: Server[] = [];
  const nodes: Node[] = [];
  for (const [i, [id, moniker]] of monikers.entries()) {
    const k = key(i, 'node');
    const host = `127.0.5.${i + 1}`;
    const nodeInfo = { ...checkerNodeInfo(CHAIN, '0.34.24'), id: nodeIdOf(k.pub), channels: '40202122233038606100', moniker };
    const s = await listen(host, (sock) => void handshakeOn(sock, { timeoutMs: 1500, nodeKey: k, nodeInfo }).finally(() => sock.destroy()));
    servers.push(s.server);
    nodes.push({ id, host, port: s.port, nodeId: nodeIdOf(k.pub) });
  }
  try {
    const fs = await check(nodes, { timeoutMs: 1500 });
    const p2p = fs.filter((f) => f.rule.startsWith('p2p/'));
    assert.equal(p2p.map((f) => [f.rule, f.file, f.severity, f.line]), [
      ['p2p/moniker-mismatch', 'members/blank.yaml', 'notice', 15],
      ['p2p/moniker-mismatch', 'members/other.yaml', 'notice', 15],
    ], p2p.map((f) => f.message).join('\n'));
    assert.match(p2p.find((f) => f.file === 'members/other.yaml')!.message, /calls itself "planetmint-node-1"/);
  } finally {
    for (const s of servers) s.close();
  }
});

test('after genesis: validator sets read over HTTPS are compared with the registry and with each other; an open private port is a warning', async () => {
  const pki = testPki();
  const caFile = join(mkdtempSync(join(tmpdir(), 'pmnet-ca-')), 'ca.pem');
  writeFileSync(caFile, pki.root.pem);
  const servers: RunningServer[] = [];
  const nodes: Node[] = [];
  const registry = [0, 1, 2, 3].map((i) => ({ public_key: { type: 'ed25519-base64', value: Buffer.from(key(i, 'validator').pub).toString('base64') }, voting_power: 10 }));
  for (let i = 0; i < 4; i++) {
    const host = `127.0.4.${i + 1}`;
    const leaf = pki.leaf({ cn: `v${i}.nodes.test`, dns: [`v${i}.nodes.test`], keySpec: 'p256' });
    // v3 is behind: it still reports v0 with power 20.
    const body = i === 3 ? [{ ...registry[0], voting_power: 20 }, ...registry.slice(1)] : registry;
    const s = await startServer({ addresses: [host], cert: leaf.chain, key: leaf.cert.keyPem, domain: `v${i}.nodes.test`, api: { body } });
    servers.push(s);
    nodes.push({ id: `v${i}`, host, port: 9, nodeId: nodeIdOf(key(i, 'node').pub), apiPort: s.port });
  }
  // v0 exposes Tendermint RPC on its public address; v1's firewall accepts Tarantool's port, but nothing greets.
  const rpc = await listen('127.0.4.1', (s) => s.on('data', () => s.end('HTTP/1.0 200 OK\r\n\r\n{"jsonrpc":"2.0","id":-1,"result":{"node_info":{}}}')), 26657);
  const tarantool = await listen('127.0.4.2', (s) => setTimeout(() => s.destroy(), 100), 3301);
  try {
    const fs = await check(nodes, { genesis: '2020-01-01T00:00:00Z', caFile, timeoutMs: 1500 });
    const mismatch = fs.filter((f) => f.rule === 'p2p/validators-mismatch');
    assert.equal(mismatch.map((f) => f.file), ['members/v3.yaml'], mismatch.map((f) => f.message).join('\n'));
    assert.match(mismatch[0]!.message, /v0 has power 20, the registry says 10/);
    const disagree = fs.filter((f) => f.rule === 'p2p/validators-disagree');
    assert.equal(disagree.map((f) => f.file), ['members/v3.yaml']);
    assert.match(disagree[0]!.message, /3 other node\(s\) \(v0, v1, v2\)/);
    const open = fs.filter((f) => f.rule === 'p2p/private-port-open');
    assert.equal(open.map((f) => [f.file, f.severity]), [['members/v0.yaml', 'warning'], ['members/v1.yaml', 'warning']]);
    assert.match(open[0]!.message, /^Tendermint RPC answers on 127\.0\.4\.1:26657 from the outside/);
    assert.match(open[1]!.message, /^Port 127\.0\.4\.2:3301 \(Tarantool\) accepts TCP connections from the outside, though the service did not identify itself/);
  } finally {
    rpc.server.close();
    tarantool.server.close();
    for (const s of servers) await s.close();
  }
});

test.run();
