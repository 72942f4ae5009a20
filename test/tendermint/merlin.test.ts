// Merlin against the Rust merlin crate's outputs (restated by gtank/merlin's tests).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
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

test.run();
