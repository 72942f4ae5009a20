// The handshake protobufs: upstream bytes decode to the recorded NodeInfo, and arbitrary bytes
// give a ProtoError or a value, never another exception (a node's bytes are untrusted).
import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeAuthSig, decodeBytesValue, decodeNodeInfo, ProtoError, readUvarint, uvarint } from '../../scripts/tendermint/proto.js';
import { hex, VECTORS } from './vectors.js';

test('uvarint round trip at the 7-bit boundaries; a 10-byte varint and one over 2^32 are refused', () => {
  for (const n of [0, 1, 127, 128, 16383, 16384, 10240, 2 ** 32 - 1]) assert.equal(readUvarint(uvarint(n), 0), { value: n, next: uvarint(n).length });
  assert.is(readUvarint(Uint8Array.of(0x80), 0), undefined, 'incomplete: wait for more bytes');
  assert.throws(() => readUvarint(new Uint8Array(10).fill(0x80), 0), (e: unknown) => e instanceof ProtoError);
  assert.throws(() => readUvarint(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x7f), 0), /varint too large/);
});

test('NodeInfo of peer B of vector 1, field by field', () => {
  const b = VECTORS[1]!.peer_b;
  const n = decodeNodeInfo(hex(b.node_info_proto));
  assert.equal(n.protocolVersion, { p2p: 8, block: 11, app: 0 });
  assert.is(n.id, b.node_info.id);
  assert.is(n.listenAddr, b.node_info.listen_addr);
  assert.is(n.channels, '40202122233038606100');
  assert.equal(n.other, { txIndex: 'on', rpcAddress: 'tcp://127.0.0.1:26657' });
});

test('random and truncated bytes: a ProtoError or a value, never a crash', () => {
  const good = hex(VECTORS[0]!.peer_a.node_info_proto);
  const inputs: Uint8Array[] = [];
  for (let i = 0; i < 300; i++) inputs.push(Uint8Array.from(randomBytes(1 + (i % 64))));
  for (let i = 0; i < good.length; i++) inputs.push(good.subarray(0, i));
  for (const input of inputs) {
    for (const decode of [decodeNodeInfo, decodeAuthSig, decodeBytesValue] as Array<(b: Uint8Array) => unknown>) {
      try {
        decode(input);
      } catch (err) {
        assert.instance(err, ProtoError, `${(err as Error).message} on ${Buffer.from(input).toString('hex')}`);
      }
    }
  }
});

test('a NodeInfo string that is not UTF-8 is a ProtoError', () => {
  assert.throws(() => decodeNodeInfo(Uint8Array.of(0x3a, 0x02, 0xc3, 0x28)), /not UTF-8/);
});

test.run();
