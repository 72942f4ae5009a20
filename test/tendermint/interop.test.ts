// pmnet's handshake against the real upstream peer (CometBFT v0.34 code) in each fault mode.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkerNodeInfo, p2pHandshake, type HandshakeResult } from '../../scripts/live/p2p/handshake.js';
import { ed25519FromSeed, newEd25519Key, nodeIdOf } from '../../scripts/tendermint/keys.js';
import { nodeKeyFile, startCmtpeer, type CmtpeerServer } from '../harness/cmtpeer.js';
import { needs } from '../harness/needs.js';
import { assertNoHang } from '../harness/no-hang.js';

const CHAIN = 'test-chain';
const NODE = ed25519FromSeed(new Uint8Array(32).fill(9));
const KEY_FILE = nodeKeyFile(NODE.seed, NODE.pub);
const checker = newEd25519Key();

async function withPeer(args: string[], run: (s: CmtpeerServer) => Promise<void>): Promise<void> {
  const s = await startCmtpeer(['--node-key', KEY_FILE, '--moniker', 'ref-node', '--version', '0.34.24', ...args]);
  try {
    await run(s);
  } finally {
    s.stop();
  }
}

const dial = (s: CmtpeerServer, timeoutMs = 3000): Promise<HandshakeResult> =>
  p2pHandshake({ host: s.host, port: s.port, timeoutMs, nodeKey: checker, nodeInfo: checkerNodeInfo(CHAIN, '0.34.24') });

const TESTS: Array<[string, () => Promise<void>]> = [
  [
    'interop: success — authenticated ID, NodeInfo read, and upstream refuses the checker as a peer',
    () =>
      withPeer(['--network', CHAIN], async (s) => {
        const r = await dial(s);
        assert.equal(r.outcome, { kind: 'ok' });
        assert.is(r.remoteId, s.nodeId);
        assert.is(r.remotePubKey, Buffer.from(NODE.pub).toString('base64'));
        assert.is(r.nodeInfo?.network, CHAIN);
        assert.is(r.nodeInfo?.version, '0.34.24');
        assert.is(r.nodeInfo?.moniker, 'ref-node');
        assert.is(r.nodeInfo?.id, s.nodeId);
        const session = (await s.nextSession()) as { ok: boolean; remote_id: string; checks: Record<string, unknown> };
        assert.ok(session.ok, 'upstream completed both phases with us');
        assert.is(session.remote_id, nodeIdOf(checker.pub), 'upstream authenticated our checker key');
        assert.is(session.checks.nodeinfo_valid, true, 'our NodeInfo is well-formed for upstream');
        assert.is(session.checks.nodeinfo_id_matches_conn, true);
        assert.is(session.checks.compatible, false, 'upstream refuses us as a peer (no common channel)');
      }),
  ],
  [
    'interop: --transport — upstream MultiplexTransport accepts the handshake and rejects the checker',
    () =>
      withPeer(['--network', CHAIN, '--transport'], async (s) => {
        const r = await dial(s);
        assert.equal(r.outcome, { kind: 'ok' });
        assert.is(r.remoteId, s.nodeId);
        const session = (await s.nextSession()) as { rejection_kind?: unknown; ok: boolean };
        assert.not.ok(session.ok);
        assert.ok(session.rejection_kind, 'rejected as incompatible, not broken');
      }),
  ],
  [
    'interop: --wrong-key — the signature does not verify',
    () =>
      withPeer(['--network', CHAIN, '--wrong-key'], async (s) => {
        const r = await dial(s);
        assert.is(r.outcome.kind, 'bad-signature');
        assert.is(r.remoteId, undefined, 'no ID is proven');
        assert.is(r.remotePubKey, Buffer.from(NODE.pub).toString('base64'), 'the announced key is reported');
      }),
  ],
  [
    'interop: --claim-id — the authenticated ID is the real key, not the claimed one',
    () =>
      withPeer(['--network', CHAIN, '--claim-id', 'ab'.repeat(20)], async (s) => {
        const r = await dial(s);
        assert.equal(r.outcome, { kind: 'ok' });
        assert.is.not(r.remoteId, 'ab'.repeat(20));
        assert.is(r.remoteId, nodeIdOf(NODE.pub));
        assert.is(r.nodeInfo?.id, 'ab'.repeat(20), 'NodeInfo carries the claim; pmnet trusts only the handshake');
      }),
  ],
  [
    'interop: another network — NodeInfo is read and names the other chain',
    () =>
      withPeer(['--network', 'other-chain'], async (s) => {
        const r = await dial(s);
        assert.equal(r.outcome, { kind: 'ok' });
        assert.is(r.nodeInfo?.network, 'other-chain');
      }),
  ],
  [
    'interop: --hang — a timeout in the ephemeral phase',
    () =>
      withPeer(['--network', CHAIN, '--hang'], async (s) => {
        const r = await dial(s, 500);
        assert.equal(r.outcome.kind, 'timeout');
        assert.is((r.outcome as { phase: string }).phase, 'ephemeral');
        assertNoHang(r.elapsedMs, 'a handshake with a hanging peer');
      }),
  ],
  [
    'interop: --hang-after-handshake — the ID is proven, then a timeout reading NodeInfo',
    () =>
      withPeer(['--network', CHAIN, '--hang-after-handshake'], async (s) => {
        const r = await dial(s, 500);
        assert.is(r.outcome.kind, 'timeout');
        assert.is((r.outcome as { phase: string }).phase, 'nodeinfo');
        assert.is(r.remoteId, s.nodeId);
      }),
  ],
  [
    'interop: --no-nodeinfo — the node closes after the handshake',
    () =>
      withPeer(['--network', CHAIN, '--no-nodeinfo'], async (s) => {
        const r = await dial(s);
        assert.is(r.outcome.kind, 'closed');
        assert.is((r.outcome as { phase: string }).phase, 'nodeinfo');
        assert.is(r.remoteId, s.nodeId);
      }),
  ],
];

const peerTest = needs(test, 'cmtpeer');
for (const [name, fn] of TESTS) peerTest(name, fn);

test.run();
