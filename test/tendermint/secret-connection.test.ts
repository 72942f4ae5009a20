// The SecretConnection pieces byte for byte against transcripts recorded from upstream CometBFT
// v0.34 code (test/fixtures/tendermint/handshake_vector_*.json) and upstream's golden key schedule.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aeadKeys, deriveSecrets, ephemeralMessage, FrameError, FrameOpener, FrameSealer } from '../../scripts/live/p2p/secret-connection.js';
import { ed25519FromSeed, ed25519Sign, ed25519Verify, nodeIdOf, x25519FromPrivate } from '../../scripts/tendermint/keys.js';
import { concat, decodeAuthSig, decodeNodeInfo, delimited, encodeAuthSig, encodeNodeInfo, readUvarint } from '../../scripts/tendermint/proto.js';
import { FIXTURES, hex, toHex, VECTORS, type HandshakeVector, type Peer } from './vectors.js';

function sides(v: HandshakeVector): Array<[string, Peer, Peer]> {
  return [
    ['A', v.peer_a, v.peer_b],
    ['B', v.peer_b, v.peer_a],
  ];
}

VECTORS.forEach((v, n) => {
  for (const [name, me, them] of sides(v)) {
    test(`vector ${n} peer ${name}: ephemeral message, DH, Merlin challenge, HKDF keys`, () => {
      const eph = x25519FromPrivate(hex(me.eph_x25519_priv));
      assert.is(toHex(eph.pub), me.eph_x25519_pub);
      assert.is(toHex(ephemeralMessage(eph.pub)), me.wire.eph_msg);
      const s = deriveSecrets(eph, hex(them.eph_x25519_pub))!;
      assert.is(toHex(s.dh), v.dh_secret);
      assert.is(s.isLeast, me.is_least);
      assert.is(toHex(s.challenge), v.merlin_challenge);
      assert.is(toHex(s.sendKey), me.send_key);
      assert.is(toHex(s.recvKey), me.recv_key);
    });

    test(`vector ${n} peer ${name}: signature, AuthSigMessage, sealed frames and NodeInfo equal the wire`, () => {
      const key = ed25519FromSeed(hex(me.ed25519_priv_key).subarray(0, 32));
      assert.is(toHex(key.pub), me.ed25519_pub_key);
      assert.is(nodeIdOf(key.pub), me.node_id);
      const sig = ed25519Sign(key, hex(v.merlin_challenge));
      assert.is(toHex(sig), me.challenge_signature);
      const auth = delimited(encodeAuthSig(key.pub, sig));
      assert.is(toHex(auth), me.wire.auth_sig_msg);
      const sealer = new FrameSealer(hex(me.send_key));
      const sealedAuth = sealer.seal(auth);
      assert.is(toHex(sealedAuth), me.wire.auth_sig_sealed_frames.join(''));
      assert.is(toHex(concat([ephemeralMessage(hex(me.eph_x25519_pub)), sealedAuth])), me.wire.handshake_raw);
      // NodeInfo: decode the recorded protobuf, re-encode it identically, seal it on the same counter.
      const info = decodeNodeInfo(hex(me.node_info_proto));
      assert.equal(
        { id: info.id, network: info.network, version: info.version, moniker: info.moniker, channels: info.channels, listen_addr: info.listenAddr },
        { id: me.node_info.id, network: me.node_info.network, version: me.node_info.version, moniker: me.node_info.moniker, channels: me.node_info.channels, listen_addr: me.node_info.listen_addr },
      );
      assert.is(toHex(encodeNodeInfo(info)), me.node_info_proto);
      const infoMsg = delimited(encodeNodeInfo(info));
      assert.is(toHex(infoMsg), me.wire.nodeinfo_msg);
      assert.is(toHex(sealer.seal(infoMsg)), me.wire.nodeinfo_raw);
    });

    test(`vector ${n} peer ${name}: opens the other side's frames, verifies its signature, derives its node ID`, () => {
      const opener = new FrameOpener(hex(me.recv_key));
      const frames = them.wire.auth_sig_sealed_frames.map(hex);
      const data = concat(frames.map((f) => opener.open(f)));
      const len = readUvarint(data, 0)!;
      const msg = decodeAuthSig(data.subarray(len.next, len.next + len.value));
      assert.ok(msg.ed25519);
      assert.ok(ed25519Verify(msg.ed25519!, hex(v.merlin_challenge), msg.sig));
      assert.is(nodeIdOf(msg.ed25519!), me.remote_id_observed);
      const info = concat(them.wire.nodeinfo_sealed_frames.map((f) => opener.open(hex(f))));
      assert.is(toHex(info), them.wire.nodeinfo_msg);
    });
  }
});

test('a frame with one flipped bit, or opened out of order, is refused', () => {
  const v = VECTORS[0]!;
  const frame = hex(v.peer_b.wire.auth_sig_sealed_frames[0]!);
  frame[100]! ^= 1;
  assert.throws(() => new FrameOpener(hex(v.peer_a.recv_key)).open(frame), (e: unknown) => e instanceof FrameError);
  const skipped = new FrameOpener(hex(v.peer_a.recv_key));
  assert.throws(() => skipped.open(hex(v.peer_b.wire.nodeinfo_sealed_frames[0]!)), (e: unknown) => e instanceof FrameError);
});

test('a signature over another challenge does not verify', () => {
  const v = VECTORS[0]!;
  const other = hex(v.merlin_challenge);
  other[0]! ^= 1;
  assert.not.ok(ed25519Verify(hex(v.peer_a.ed25519_pub_key), other, hex(v.peer_a.challenge_signature)));
});

test('a low-order ephemeral key (all-zero DH) is refused', () => {
  const v = VECTORS[0]!;
  const eph = x25519FromPrivate(hex(v.peer_a.eph_x25519_priv));
  assert.is(deriveSecrets(eph, new Uint8Array(32)), undefined);
  assert.is(deriveSecrets(eph, Uint8Array.of(1, ...new Array(31).fill(0))), undefined);
});

test('HKDF key schedule equals upstream TestDeriveSecretsAndChallengeGolden (32 lines)', () => {
  const lines = readFileSync(join(FIXTURES, 'TestDeriveSecretsAndChallengeGolden.golden'), 'utf8').trim().split('\n');
  assert.is(lines.length, 32);
  for (const line of lines) {
    const [dh, least, recv, send] = line.split(',');
    const k = aeadKeys(hex(dh!), least === 'true');
    assert.is(toHex(k.recvKey), recv);
    assert.is(toHex(k.sendKey), send);
  }
});

test('multi-frame messages: 2,500 bytes seal into 3 frames and open back', () => {
  const key = new Uint8Array(32).fill(7);
  const data = Uint8Array.from({ length: 2500 }, (_, i) => i % 251);
  const sealed = new FrameSealer(key).seal(data);
  assert.is(sealed.length, 3 * 1044);
  const opener = new FrameOpener(key);
  const back = concat([0, 1, 2].map((i) => opener.open(sealed.subarray(i * 1044, (i + 1) * 1044))));
  assert.equal(Array.from(back), Array.from(data));
});

test.run();
