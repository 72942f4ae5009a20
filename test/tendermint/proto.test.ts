// The handshake protobufs: upstream bytes decode to the recorded NodeInfo, and arbitrary bytes
// give a ProtoError or a value, never another exception (a node's bytes are untrusted).
import { randomBytes } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { concat, decodeAuthSig, decodeBytesValue, decodeNodeInfo, delimited, encodeAuthSig, encodeBytesValue, encodeNodeInfo, ProtoError, readUvarint, uvarint, type NodeInfo } from '../../scripts/tendermint/proto.js';
import { hex, toHex, VECTORS } from './vectors.js';

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

test('uvarint bytes at the 7-bit boundaries (little-endian groups, high bit = more)', () => {
  const cases: Array<[number, string]> = [[0, '00'], [1, '01'], [127, '7f'], [128, '8001'], [300, 'ac02'], [16383, 'ff7f'], [16384, '808001'], [2 ** 21 - 1, 'ffff7f'], [2 ** 21, '80808001'], [2 ** 32 - 1, 'ffffffff0f']];
  for (const [n, bytes] of cases) assert.is(toHex(uvarint(n)), bytes, String(n));
});

test('readUvarint at an offset, stopping at the first byte below 0x80; 2^32 is refused, 2^32 − 1 is not', () => {
  assert.equal(readUvarint(Uint8Array.of(0xff, 0xac, 0x02, 0x05), 1), { value: 300, next: 3 });
  assert.equal(readUvarint(Uint8Array.of(0x00, 0x7f), 1), { value: 127, next: 2 });
  assert.equal(readUvarint(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x0f, 0x01), 0), { value: 2 ** 32 - 1, next: 5 });
  assert.throws(() => readUvarint(Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x10), 0), /varint too large/);
  assert.is(readUvarint(Uint8Array.of(0x01, 0x80, 0x80), 1), undefined, 'two continuation bytes at the end: wait');
  assert.is(readUvarint(new Uint8Array(0), 0), undefined);
  // nine continuation bytes of zero value: short of the limit, so wait; ten are one too many
  assert.is(readUvarint(new Uint8Array(9).fill(0x80), 0), undefined);
  assert.throws(() => readUvarint(Uint8Array.of(0x00, ...new Array(10).fill(0x80)), 1), /longer than 10 bytes/);
  assert.equal(readUvarint(Uint8Array.of(...new Array(9).fill(0x80), 0x00), 0), { value: 0, next: 10 }, 'a zero padded to 10 bytes');
  assert.throws(() => readUvarint(Uint8Array.of(...new Array(10).fill(0x80), 0x00), 0), /^varint longer than 10 bytes$/, 'ends in the 11th byte');
  assert.is(readUvarint(Uint8Array.of(...new Array(12).fill(0), 0x80), 12), undefined, 'one byte left after offset 12: wait');
  assert.throws(() => readUvarint(new Uint8Array(10).fill(0x80), 0), (e: unknown) => e instanceof ProtoError && (e as Error).name === 'ProtoError');
});

const EMPTY: NodeInfo = { protocolVersion: { p2p: 0, block: 0, app: 0 }, id: '', listenAddr: '', network: '', version: '', channels: '', moniker: '', other: { txIndex: '', rpcAddress: '' } };

test('encodeNodeInfo: zero values left out, the two non-nullable sub-messages always written', () => {
  assert.is(toHex(encodeNodeInfo(EMPTY)), '0a004200');
  assert.equal(decodeNodeInfo(new Uint8Array(0)), EMPTY, 'an empty message decodes to the zero values');
});

test('encodeNodeInfo: every field by number, varints across 7-bit boundaries, and back', () => {
  const n: NodeInfo = { protocolVersion: { p2p: 1, block: 128, app: 16384 }, id: 'i', listenAddr: 'l', network: 'n', version: 'v', channels: '40', moniker: 'm', other: { txIndex: 't', rpcAddress: 'r' } };
  const bytes = '0a09' + '0801' + '108001' + '18808001' + '120169' + '1a016c' + '22016e' + '2a0176' + '320140' + '3a016d' + '4206' + '0a0174' + '120172';
  assert.is(toHex(encodeNodeInfo(n)), bytes);
  assert.equal(decodeNodeInfo(hex(bytes)), n);
});

test('decodeNodeInfo skips unknown fields of every wire type, and the last of a repeated field wins', () => {
  // field 19 varint, field 20 fixed64, field 20 fixed32, field 21 bytes
  const unknown = '9801' + '05' + 'a101' + '0102030405060708' + 'a501' + '01020304' + 'aa01' + '02' + 'ffff';
  const n = decodeNodeInfo(hex(unknown + '120161' + '120162' + '0a04' + '0801' + '0802' + '3a016d'));
  assert.equal(n, { ...EMPTY, protocolVersion: { p2p: 2, block: 0, app: 0 }, id: 'b', moniker: 'm' });
  // a known field number with the wrong wire type is not that field
  assert.equal(decodeNodeInfo(hex('1005' + '0a03' + '0a0101')), EMPTY);
});

test('malformed fields: field 0, wire types 3/4/6/7, truncated key, varint, fixed and length-delimited fields', () => {
  const err = (b: string, m: RegExp) => assert.throws(() => decodeNodeInfo(hex(b)), (e: unknown) => e instanceof ProtoError && m.test((e as Error).message), b);
  err('0201', /^field number 0$/);
  err('0001', /^field number 0$/);
  err('0b', /^unsupported wire type 3$/);
  err('0c', /^unsupported wire type 4$/);
  err('0e', /^unsupported wire type 6$/);
  err('0f', /^unsupported wire type 7$/);
  err('a10101020304050607', /^truncated fixed field$/);
  err('a501010203', /^truncated fixed field$/);
  err('98', /^truncated field key$/);
  err('9801', /^truncated varint$/);
  err('980180', /^truncated varint$/);
  err('12', /^truncated length-delimited field$/);
  err('1202' + '61', /^truncated length-delimited field$/);
  // exactly filled: no error
  assert.is(decodeNodeInfo(hex('a1010102030405060708' + 'a50101020304' + '120161')).id, 'a');
  assert.is(decodeNodeInfo(hex('120161' + 'a50101020304')).id, 'a', 'a fixed32 ending the message');
  assert.is(decodeNodeInfo(hex('120161' + 'a1010102030405060708')).id, 'a', 'a fixed64 ending the message');
});

test('AuthSigMessage: PublicKey{ed25519} always written, an empty signature left out', () => {
  assert.is(toHex(encodeAuthSig(new Uint8Array(0), new Uint8Array(0))), '0a00');
  assert.is(toHex(encodeAuthSig(Uint8Array.of(1, 2), Uint8Array.of(3))), '0a040a020102120103');
  assert.equal(decodeAuthSig(hex('0a040a020102120103')), { ed25519: Uint8Array.of(1, 2), sig: Uint8Array.of(3) });
});

test('AuthSigMessage: another key type is named by its field number; without a key there is neither', () => {
  assert.equal(decodeAuthSig(hex('0a04' + '1202abcd' + '120103')), { otherKeyType: 2, sig: Uint8Array.of(3) }, 'secp256k1');
  assert.equal(decodeAuthSig(hex('0a04' + '1a02abcd')), { otherKeyType: 3, sig: new Uint8Array(0) });
  assert.equal(decodeAuthSig(hex('0a08' + '1202abcd' + '0a020102' + '120103')), { ed25519: Uint8Array.of(1, 2), sig: Uint8Array.of(3) }, 'ed25519 wins');
  assert.equal(decodeAuthSig(hex('120103')), { sig: Uint8Array.of(3) });
  assert.equal(decodeAuthSig(hex('0a02' + '0801' + '120103')), { sig: Uint8Array.of(3) }, 'field 1 as a varint is no key of any type');
  assert.equal(decodeAuthSig(new Uint8Array(0)), { sig: new Uint8Array(0) });
});

test('BytesValue and delimited: an empty value is no field; the length prefix is a uvarint', () => {
  assert.is(encodeBytesValue(new Uint8Array(0)).length, 0);
  assert.is(toHex(encodeBytesValue(Uint8Array.of(7))), '0a0107');
  assert.equal(decodeBytesValue(hex('0a0107')), Uint8Array.of(7));
  assert.equal(decodeBytesValue(new Uint8Array(0)), new Uint8Array(0));
  assert.equal(decodeBytesValue(hex('0807')), new Uint8Array(0), 'a varint field 1 is not the value');
  const d = delimited(new Uint8Array(200).fill(9));
  assert.is(d.length, 202);
  assert.is(toHex(d.subarray(0, 3)), 'c80109');
  assert.is(toHex(delimited(new Uint8Array(0))), '00');
  assert.is(toHex(concat([Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3)])), '010203');
});

test.run();
