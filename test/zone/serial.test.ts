import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compareSerial, dateSerial, nextSerial, serialGreater } from '../../scripts/zone/serial.js';

const day = (s: string) => new Date(`${s}T12:00:00Z`);

test('RFC 1982 comparison, including wrap-around and the undefined case', () => {
  assert.is(compareSerial(1, 2), -1);
  assert.is(compareSerial(2, 1), 1);
  assert.is(compareSerial(5, 5), 0);
  assert.is(compareSerial(0, 2 ** 32 - 1), 1, '0 follows 2^32-1');
  assert.is(compareSerial(2 ** 32 - 1, 0), -1);
  assert.is(compareSerial(0, 2 ** 31), undefined);
  assert.is(compareSerial(0, 2 ** 31 - 1), -1);
  assert.is(compareSerial(0, 2 ** 31 + 1), 1);
  assert.ok(serialGreater(100, 2 ** 32 - 100));
});

test('first serial is today YYYYMMDD00 (UTC)', () => {
  assert.is(dateSerial(new Date('2026-11-24T23:59:59Z')), 2026112400);
  assert.is(nextSerial(undefined, day('2026-01-02')), 2026010200);
});

test('same day: +1; next day: jumps to the new date', () => {
  assert.is(nextSerial(2026112400, day('2026-11-24')), 2026112401);
  assert.is(nextSerial(2026112407, day('2026-11-25')), 2026112500);
  assert.is(nextSerial(2026123199, day('2027-01-01')), 2027010100);
});

test('100 changes in one day spill into the next date number, and keep going up', () => {
  assert.is(nextSerial(2026112499, day('2026-11-24')), 2026112500);
  assert.is(nextSerial(2026112500, day('2026-11-25')), 2026112501, 'already at today: +1');
});

test('old serial ahead of the date (e.g. a counter) stays a counter', () => {
  assert.is(nextSerial(3_000_000_000, day('2026-11-24')), 3_000_000_001);
  assert.is(nextSerial(2026112400, day('2020-01-01')), 2026112401, 'clock behind: never go down');
});

test('at 2^32: wraps to 0 or takes the date when that is greater in RFC 1982 order', () => {
  // 2026112400 is greater than 2^32-1 in serial arithmetic (distance < 2^31 going forward).
  assert.is(nextSerial(2 ** 32 - 1, day('2026-11-24')), 2026112400);
  assert.ok(serialGreater(2026112400, 2 ** 32 - 1));
  // A counter just below the date wraps past 2^32 like any other: 2^32-2 -> 2^32-1 -> date.
  assert.is(nextSerial(2 ** 32 - 2, day('2026-11-24')), 2026112400);
  // old+1 and date exactly 2^31 apart: the undefined comparison never picks the date.
  const o = (2026112400 + 2 ** 31 - 1) % 2 ** 32;
  assert.is(nextSerial(o, day('2026-11-24')), (o + 1) % 2 ** 32);
});

test('date exactly 2^31 after old: undefined order, so +1 even though the date is greater than old + 1', () => {
  const old = (2026112400 + 2 ** 31) % 2 ** 32;
  assert.is(compareSerial(2026112400, old), undefined);
  assert.ok(serialGreater(2026112400, old + 1));
  assert.is(nextSerial(old, day('2026-11-24')), old + 1);
});

test('every next serial is greater than the old one (sweep)', () => {
  for (let old = 0; old < 2 ** 32; old += 9_999_991) {
    for (const d of ['1999-12-31', '2026-11-24', '2042-06-15']) {
      const n = nextSerial(old, day(d));
      assert.ok(serialGreater(n, old), `${old} -> ${n} on ${d}`);
    }
  }
});

test.run();
