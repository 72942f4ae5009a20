// Exact behaviour of scripts/pki/der.ts, the strict DER reader: each encoding rule has an input
// that just passes and one that just fails, with the reader's own message.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bool, children, content, DerError, expect, is, oid, parseDer, raw, readTlv, smallInt, T, time } from '../../scripts/pki/der.js';

const b = (hex: string) => Buffer.from(hex.replace(/\s/g, ''), 'hex');
const fails = (f: () => unknown, message: string) => {
  try {
    f();
  } catch (err) {
    assert.instance(err, DerError);
    assert.is((err as Error).message, message);
    assert.is((err as Error).name, 'DerError');
    return;
  }
  assert.unreachable(`expected DerError "${message}"`);
};

test('readTlv: identifier bits, offsets, and the limit it must stay within', () => {
  assert.equal(readTlv(b('30 03 02 01 05')), { cls: 0, constructed: true, num: 16, buf: b('30 03 02 01 05'), start: 0, body: 2, end: 5 });
  const ctx = readTlv(b('ff ff a3 00'), 2);
  assert.equal([ctx.cls, ctx.constructed, ctx.num, ctx.start, ctx.body, ctx.end], [2, true, 3, 2, 4, 4]);
  const prim = readTlv(b('9e 01 00'));
  assert.equal([prim.cls, prim.constructed, prim.num], [2, false, 30]);
  assert.equal([readTlv(b('c1 00')).cls, readTlv(b('41 00')).cls], [3, 1]);
  // Exactly two bytes fit; one does not.
  assert.is(readTlv(b('05 00')).end, 2);
  fails(() => readTlv(b('05')), 'truncated DER');
  fails(() => readTlv(b('05 00'), 1), 'truncated DER');
  fails(() => readTlv(b('05 00 05 00'), 0, 1), 'truncated DER');
  fails(() => readTlv(b('1f 01 00')), 'high tag numbers are not used in certificates');
  assert.is(readTlv(b('1e 00')).num, 30);
  // The value may end exactly at the limit, not one past it.
  assert.is(readTlv(b('04 02 aa bb')).end, 4);
  fails(() => readTlv(b('04 02 aa bb'), 0, 3), 'DER value runs past its container');
  fails(() => readTlv(b('04 03 aa bb')), 'DER value runs past its container');
});

test('readTlv: long-form lengths are minimal, at most 4 octets, and inside the limit', () => {
  const v127 = Buffer.concat([b('04 7f'), Buffer.alloc(127)]);
  assert.is(readTlv(v127).end, 129);
  const v128 = Buffer.concat([b('04 81 80'), Buffer.alloc(128)]);
  assert.equal([readTlv(v128).body, readTlv(v128).end], [3, 131]);
  const v256 = Buffer.concat([b('04 82 01 00'), Buffer.alloc(256)]);
  assert.equal([readTlv(v256).body, readTlv(v256).end], [4, 260]);
  const v3 = Buffer.concat([b('04 83 01 00 01'), Buffer.alloc(65537)]);
  assert.is(readTlv(v3).end, 5 + 65537);
  // Four length octets are read (the value is then too long for the buffer), five are refused.
  fails(() => readTlv(b('04 84 01 00 00 00 00')), 'DER value runs past its container');
  fails(() => readTlv(b('04 85 00 00 00 00 01')), 'bad DER length');
  fails(() => readTlv(b('04 80 00 00')), 'indefinite length is not DER');
  fails(() => readTlv(Buffer.concat([b('04 81 7f'), Buffer.alloc(127)])), 'non-minimal DER length');
  fails(() => readTlv(Buffer.concat([b('04 81 05'), Buffer.alloc(5)])), 'non-minimal DER length');
  fails(() => readTlv(Buffer.concat([b('04 82 00 80'), Buffer.alloc(128)])), 'non-minimal DER length');
  fails(() => readTlv(Buffer.concat([b('04 82 00 ff'), Buffer.alloc(255)])), 'non-minimal DER length');
  // The length octets themselves must fit before the limit; ending at it, the value runs past.
  fails(() => readTlv(Buffer.concat([b('04 81 80'), Buffer.alloc(128)]), 0, 3), 'DER value runs past its container');
  fails(() => readTlv(b('04 82 01')), 'bad DER length');
  fails(() => readTlv(b('04 82 01 00'), 0, 3), 'bad DER length');
  fails(() => readTlv(b('04 81')), 'bad DER length');
});

test('parseDer: exactly one value; children: the values of a constructed one', () => {
  assert.is(parseDer(b('05 00')).end, 2);
  fails(() => parseDer(b('05 00 00')), 'trailing bytes after the DER value');
  const list = children(parseDer(b('30 06 02 01 01 04 01 aa')));
  assert.equal(list.map((c) => [c.num, c.start, c.body, c.end]), [[2, 2, 4, 5], [4, 5, 7, 8]]);
  assert.equal(children(parseDer(b('30 00'))), []);
  fails(() => children(parseDer(b('04 00'))), 'expected a constructed value');
  // A child may not run past its parent even when the buffer goes on.
  fails(() => children(readTlv(b('30 02 04 02 aa bb'))), 'DER value runs past its container');
  const inner = readTlv(b('30 03 04 01 aa'));
  assert.equal(content(inner), b('04 01 aa'));
  assert.equal(raw(children(inner)[0]!), b('04 01 aa'));
  assert.equal(content(children(inner)[0]!), b('aa'));
});

test('is / expect: class and number must both match', () => {
  const int = parseDer(b('02 01 01'));
  const ctx2 = parseDer(b('82 01 01'));
  assert.is(is(int, 0, T.INTEGER), true);
  assert.is(is(int, 2, T.INTEGER), false);
  assert.is(is(int, 0, T.BOOLEAN), false);
  assert.is(is(ctx2, 2, 2), true);
  assert.is(is(undefined, 0, 2), false);
  assert.is(expect(int, T.INTEGER, 'x'), int);
  fails(() => expect(ctx2, T.INTEGER, 'serialNumber'), 'serialNumber: unexpected ASN.1 type');
  fails(() => expect(undefined, T.INTEGER, 'version'), 'version: unexpected ASN.1 type');
});

test('oid: arcs in base 128, the first octet split into two arcs, strict encoding', () => {
  assert.is(oid(parseDer(b('06 03 55 1d 13'))), '2.5.29.19');
  assert.is(oid(parseDer(b('06 08 2a 86 48 ce 3d 03 01 07'))), '1.2.840.10045.3.1.7');
  assert.is(oid(parseDer(b('06 01 00'))), '0.0');
  assert.is(oid(parseDer(b('06 01 27'))), '0.39');
  assert.is(oid(parseDer(b('06 01 28'))), '1.0');
  assert.is(oid(parseDer(b('06 01 4f'))), '1.39');
  assert.is(oid(parseDer(b('06 01 50'))), '2.0');
  assert.is(oid(parseDer(b('06 02 88 37'))), '2.999');
  assert.is(oid(parseDer(b('06 04 2a 81 80 01'))), '1.2.16385');
  fails(() => oid(parseDer(b('06 00'))), 'bad object identifier');
  fails(() => oid(parseDer(b('06 02 2a 86'))), 'bad object identifier');
  // X.690 §8.19.2: a subidentifier does not start with 0x80.
  fails(() => oid(parseDer(b('06 03 2a 80 01'))), 'bad object identifier');
  fails(() => oid(parseDer(b('06 02 80 01'))), 'bad object identifier');
  fails(() => oid(parseDer(b('04 01 2a'))), 'object identifier: unexpected ASN.1 type');
});

test('bool: one octet, 00 or ff', () => {
  assert.is(bool(parseDer(b('01 01 ff'))), true);
  assert.is(bool(parseDer(b('01 01 00'))), false);
  fails(() => bool(parseDer(b('01 01 01'))), 'BOOLEAN is not DER');
  fails(() => bool(parseDer(b('01 01 fe'))), 'BOOLEAN is not DER');
  fails(() => bool(parseDer(b('01 00'))), 'BOOLEAN is not DER');
  fails(() => bool(parseDer(b('01 02 ff ff'))), 'BOOLEAN is not DER');
  fails(() => bool(parseDer(b('02 01 ff'))), 'boolean: unexpected ASN.1 type');
});

test('smallInt: non-negative, at most 4 octets, minimally encoded', () => {
  assert.is(smallInt(parseDer(b('02 01 00'))), 0);
  assert.is(smallInt(parseDer(b('02 01 7f'))), 127);
  assert.is(smallInt(parseDer(b('02 02 00 80'))), 128);
  assert.is(smallInt(parseDer(b('02 02 01 00'))), 256);
  assert.is(smallInt(parseDer(b('02 03 01 02 03'))), 0x010203);
  assert.is(smallInt(parseDer(b('02 04 7f ff ff ff'))), 0x7fffffff);
  fails(() => smallInt(parseDer(b('02 05 00 80 00 00 00'))), 'integer out of range');
  fails(() => smallInt(parseDer(b('02 01 80'))), 'integer out of range');
  fails(() => smallInt(parseDer(b('02 01 ff'))), 'integer out of range');
  fails(() => smallInt(parseDer(b('02 00'))), 'integer out of range');
  // X.690 §8.3.2: no leading 00 before a byte below 0x80 (pathLenConstraint 1 written as 00 01).
  fails(() => smallInt(parseDer(b('02 02 00 01'))), 'non-minimal INTEGER');
  fails(() => smallInt(parseDer(b('02 02 00 7f'))), 'non-minimal INTEGER');
  fails(() => smallInt(parseDer(b('02 03 00 00 80'))), 'non-minimal INTEGER');
  fails(() => smallInt(parseDer(b('01 01 00'))), 'integer: unexpected ASN.1 type');
});

test('time: UTCTime (1950-2049) and GeneralizedTime, Z and whole seconds only, real calendar values', () => {
  const utc = (s: string) => parseDer(Buffer.concat([b('17'), Buffer.from([s.length]), Buffer.from(s, 'latin1')]));
  const gen = (s: string) => parseDer(Buffer.concat([b('18'), Buffer.from([s.length]), Buffer.from(s, 'latin1')]));
  assert.is(time(utc('491231235959Z')), Date.UTC(2049, 11, 31, 23, 59, 59));
  assert.is(time(utc('500101000000Z')), Date.UTC(1950, 0, 1, 0, 0, 0));
  assert.is(time(utc('000229120000Z')), Date.UTC(2000, 1, 29, 12, 0, 0));
  assert.is(time(gen('20500101000000Z')), Date.UTC(2050, 0, 1));
  assert.is(time(gen('99991231235959Z')), Date.UTC(9999, 11, 31, 23, 59, 59));
  for (const bad of ['4912312359Z', '491231235959', '491231235959+0000', '4912312359590Z', '491231235959.5Z', '20491231235959Z', 'a91231235959Z']) {
    fails(() => time(utc(bad)), `bad certificate time "${bad.slice(0, 20)}"`);
  }
  fails(() => time(utc('491231235959Z0')), 'bad certificate time "491231235959Z0"');
  for (const bad of ['20500101000000.5Z', '205001010000Z', '491231235959Z', '20500101000000', '20500101000000Z0']) fails(() => time(gen(bad)), `bad certificate time "${bad}"`);
  for (const bad of ['010229000000Z', '011301000000Z', '010001000000Z', '010100000000Z', '010132000000Z', '010101240000Z', '010101006000Z', '010101000060Z', '010431000000Z']) {
    fails(() => time(utc(bad)), `bad certificate time "${bad}"`);
  }
  fails(() => time(parseDer(Buffer.concat([b('04 0d'), Buffer.from('491231235959Z')]))), 'bad certificate time "491231235959Z"');
  fails(() => time(gen('2050010100000000000000Z')), 'bad certificate time "20500101000000000000"');
});

test.run();
