// Merlin against the Rust merlin crate's outputs (restated by gtank/merlin's tests).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { keccakP } from '@noble/hashes/sha3.js';
import { keccakF1600 } from '../../scripts/tendermint/keccak.js';
import { Transcript } from '../../scripts/tendermint/merlin.js';
import { fixture, toHex } from './vectors.js';

const V = fixture<{ simple: { challenge: string }; complex: { challenge: string } }>('merlin_test_vectors.json');
const bytes = (s: string) => new TextEncoder().encode(s);

test('simple transcript equals the Rust merlin crate', () => {
  const t = new Transcript('test protocol');
  t.appendMessage('some label', bytes('some data'));
  assert.is(toHex(t.challengeBytes('challenge', 32)), V.simple.challenge);
});

test('complex transcript (32 rounds, 1 KiB messages crossing the STROBE rate) equals the Rust crate', () => {
  const t = new Transcript('test protocol');
  t.appendMessage('step1', bytes('some data'));
  const big = new Uint8Array(1024).fill(99);
  let c: Uint8Array = new Uint8Array();
  for (let i = 0; i < 32; i++) {
    c = t.challengeBytes('challenge', 32);
    t.appendMessage('bigdata', big);
    t.appendMessage('challengedata', c);
  }
  assert.is(toHex(c), V.complex.challenge);
});

test('a different label gives a different challenge', () => {
  const a = new Transcript('test protocol');
  const b = new Transcript('test protocoL');
  assert.is.not(toHex(a.challengeBytes('c', 32)), toHex(b.challengeBytes('c', 32)));
});

// Cases the published vectors do not reach, checked against the second, independent
// implementation in the reference folder (cmtpeer/vectors/verify_vectors.py, STROBE and Merlin
// written from the specs; it reproduces the two vectors above). Values copied here.
test('a PRF whose operation header ends exactly on the STROBE rate: no extra permutation', () => {
  // "test protocol", a 90-byte message: the PRF's two header bytes fill the block to 166
  const t = new Transcript('test protocol');
  t.appendMessage('some label', new Uint8Array(90).fill(0x61));
  assert.is(toHex(t.challengeBytes('challenge', 32)), '6e677baa1515f918fdaf83c32785f03d9a22ccb611553a68cca044eca3a32bbd');
});

test('a 400-byte challenge squeezes across the rate twice', () => {
  const t = new Transcript('test protocol');
  assert.is(toHex(t.challengeBytes('challenge', 400)), 'e325e974fcf4782bad7a6625fd481d45a3ef43dc3f5312f92ae27ebf0959e6d6d1a9f4a70e62a4e3425943b83365a2a7b61616b243d169bdcf1472548f38cfbd1d428d6ac1cc18aa7771c3cc4f0b669cdc13d04bef575b3b2c78f7f82c1df3c9f6f6b8a1c7d09755e537280a6c6d6b7216e12e3bc0f8a7b97157a0584899e333304d63720f10b4b9ca215df22947a51b07ca832a488bc604709527ea5530178ecb052ac4e2277315b52b1a3492764361206a8200f6c3114270d2282666fd9ec139f1d5fc3857e2dc5c908e54a60a4215a157383a8be13ff2e811836cfa8fbe1abd6d0dc27208094119c4f12624e06c0a7adb90a2c7ca0b7b6c892893d000aaa87bd0b32f75f49942072f5baa52236f3a12d998f76f9d8355794c2c40cfc43276d712b16f72d4e51f3a904402ce11042c857e9db911a2aeb39979f543418fef5b9153487ceaf126362e0da0741a871e06de3bb242c4cf96ab18d384d8a2141deddd2bafc94de98d384beb3cb1d5256bf8d1bc56e9e2400a2f9bed2c4b3ca765e6305bce573874154a5865f3e8a3449618');
});

test('empty labels and messages, a 0-byte and a 1-byte challenge', () => {
  const t = new Transcript('');
  t.appendMessage('', new Uint8Array(0));
  assert.is(t.challengeBytes('', 0).length, 0);
  assert.is(toHex(t.challengeBytes('', 1)), '17');
});

test('keccakF1600 equals @noble/hashes keccakP on the zero state and on pseudo-random states', () => {
  let x = 0x9e3779b9;
  for (let n = 0; n < 50; n++) {
    const a = new Uint32Array(50);
    if (n > 0) for (let i = 0; i < 50; i++) a[i] = x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const b = a.slice();
    keccakP(a);
    keccakF1600(b);
    assert.equal([...b], [...a]);
  }
});

test.run();
