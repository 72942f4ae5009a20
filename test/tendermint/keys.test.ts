// Key facts against the recorded upstream handshakes (test/fixtures/tendermint): node ID and
// validator address from known keys, pub_key decoding with every problem it names, Ed25519
// signatures, X25519 agreement and the refusal of an all-zero secret.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decodeEd25519PubKey,
  ed25519FromSeed,
  ed25519Sign,
  ed25519Verify,
  keyHash20,
  newEd25519Key,
  newX25519Key,
  nodeIdOf,
  validatorAddress,
  x25519,
  x25519FromPrivate,
} from '../../scripts/tendermint/keys.js';
import { hex, toHex, VECTORS } from './vectors.js';

const A = VECTORS[0]!.peer_a;
const B = VECTORS[0]!.peer_b;
const PUB_B64 = Buffer.from(hex(A.ed25519_pub_key)).toString('base64'); // 44 characters, one '='

test('node ID and validator address of the recorded keys: SHA-256(pub)[:20], lower- and upper-case hex', () => {
  for (const v of VECTORS) {
    for (const p of [v.peer_a, v.peer_b]) {
      const pub = hex(p.ed25519_pub_key);
      assert.is(nodeIdOf(pub), p.node_id);
      assert.is(validatorAddress(pub), p.node_id.toUpperCase());
      assert.is(toHex(keyHash20(pub)), p.node_id);
      assert.is(keyHash20(pub).length, 20);
    }
  }
  // SHA-256 of 32 zero bytes = 66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925
  assert.is(nodeIdOf(new Uint8Array(32)), '66687aadf862bd776c8fc18b8e9f8e2008971485');
  assert.is(validatorAddress(new Uint8Array(32)), '66687AADF862BD776C8FC18B8E9F8E2008971485');
});

test('ed25519FromSeed: the recorded seed gives the recorded public key and signature', () => {
  const key = ed25519FromSeed(hex(A.ed25519_priv_key).subarray(0, 32));
  assert.is(toHex(key.pub), A.ed25519_pub_key);
  assert.is(toHex(key.seed), A.ed25519_priv_key.slice(0, 64));
  assert.is(toHex(ed25519Sign(key, hex(VECTORS[0]!.merlin_challenge))), A.challenge_signature);
});

test('decodeEd25519PubKey: a key on the curve', () => {
  assert.equal(decodeEd25519PubKey(PUB_B64), { key: hex(A.ed25519_pub_key) });
});

const PROBLEMS: Array<[string, string, ReturnType<typeof decodeEd25519PubKey>]> = [
  ['a character outside base64 first', '!' + PUB_B64.slice(1), { problem: 'not-base64' }],
  ['a character outside base64 last', PUB_B64.slice(0, -1) + '!', { problem: 'not-base64' }],
  ['three "="', PUB_B64.slice(0, -1) + '===', { problem: 'not-base64' }],
  ['"=" inside', PUB_B64 + 'AAAA', { problem: 'not-base64' }],
  ['padding left out', PUB_B64.slice(0, -1), { problem: 'not-base64' }],
  ['3 characters', 'AAA', { problem: 'not-base64' }],
  ['URL-safe alphabet', '-_' + PUB_B64.slice(2), { problem: 'not-base64' }],
  ['empty', '', { problem: 'wrong-length', length: 0 }],
  ['3 bytes', 'AAAA', { problem: 'wrong-length', length: 3 }],
  ['31 bytes', Buffer.alloc(31).toString('base64'), { problem: 'wrong-length', length: 31 }],
  ['33 bytes', Buffer.alloc(33).toString('base64'), { problem: 'wrong-length', length: 33 }],
  ['64 bytes (a private key)', Buffer.from(hex(A.ed25519_priv_key)).toString('base64'), { problem: 'wrong-length', length: 64 }],
  ['y = 2 has no x', 'AgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', { problem: 'not-a-point' }],
  ['y = 2^255 - 1 is not below p', Buffer.from([...new Array(31).fill(0xff), 0x7f]).toString('base64'), { problem: 'not-a-point' }],
  ['the identity (y = 1)', Buffer.from([1, ...new Array(31).fill(0)]).toString('base64'), { problem: 'small-order' }],
  ['all zero (y = 0, order 4)', Buffer.alloc(32).toString('base64'), { problem: 'small-order' }],
  // (0, -1): order 2, y = p - 1.
  ['y = p - 1 (order 2)', Buffer.from([0xec, ...new Array(30).fill(0xff), 0x7f]).toString('base64'), { problem: 'small-order' }],
];

for (const [name, text, expected] of PROBLEMS) {
  test(`decodeEd25519PubKey: ${name}`, () => {
    assert.equal(decodeEd25519PubKey(text), expected);
  });
}

test('ed25519Verify: the recorded signature verifies; anything else is false, never a throw', () => {
  const pub = hex(A.ed25519_pub_key);
  const msg = hex(VECTORS[0]!.merlin_challenge);
  const sig = hex(A.challenge_signature);
  assert.is(ed25519Verify(pub, msg, sig), true);
  assert.is(ed25519Verify(hex(B.ed25519_pub_key), msg, sig), false, 'the other peer’s key');
  assert.is(ed25519Verify(pub, msg.subarray(1), sig), false, 'another message');
  assert.is(ed25519Verify(pub.subarray(0, 31), msg, sig), false, '31-byte key');
  assert.is(ed25519Verify(Uint8Array.of(...pub, 0), msg, sig), false, '33-byte key');
  assert.is(ed25519Verify(pub, msg, sig.subarray(0, 63)), false, '63-byte signature');
  assert.is(ed25519Verify(pub, msg, Uint8Array.of(...sig, 0)), false, '65-byte signature');
  assert.is(ed25519Verify(hex('02' + '00'.repeat(31)), msg, sig), false, 'a key that is not a point');
});

test('newEd25519Key: a fresh key whose seed gives it back and whose signatures verify', () => {
  const k = newEd25519Key();
  assert.is(k.seed.length, 32);
  assert.is(k.pub.length, 32);
  assert.is(toHex(ed25519FromSeed(k.seed).pub), toHex(k.pub));
  const msg = Uint8Array.of(1, 2, 3);
  assert.is(ed25519Verify(k.pub, msg, ed25519Sign(k, msg)), true);
  assert.is.not(toHex(newEd25519Key().pub), toHex(k.pub));
});

test('x25519: the recorded ephemeral keys agree on the recorded secret', () => {
  for (const v of VECTORS) {
    const a = x25519FromPrivate(hex(v.peer_a.eph_x25519_priv));
    const b = x25519FromPrivate(hex(v.peer_b.eph_x25519_priv));
    assert.is(toHex(a.pub), v.peer_a.eph_x25519_pub);
    assert.is(toHex(x25519(a, b.pub)!), v.dh_secret);
    assert.is(toHex(x25519(b, a.pub)!), v.dh_secret);
  }
});

test('x25519: a secret with zero bytes in it is kept; an all-zero one (low-order key) is undefined', () => {
  const a = x25519FromPrivate(hex(A.eph_x25519_priv));
  // u = 11: found by search, its secret has a zero byte (…c0b200b6…)
  const u11 = new Uint8Array(32);
  u11[0] = 11;
  assert.is(toHex(x25519(a, u11)!), '1ad28487fb3a86ee09f1e580f6285fb7c0b200b6f6c4eb22d6ce14edd482f646');
  assert.is(x25519(a, new Uint8Array(32)), undefined, 'u = 0');
  assert.is(x25519(a, Uint8Array.of(1, ...new Array(31).fill(0))), undefined, 'u = 1');
  assert.is(x25519(a, new Uint8Array(31)), undefined, 'not 32 bytes');
});

test('newX25519Key: two fresh keys agree', () => {
  const a = newX25519Key();
  const b = newX25519Key();
  assert.is(a.pub.length, 32);
  assert.is(toHex(x25519(a, b.pub)!), toHex(x25519(b, a.pub)!));
  assert.is.not(toHex(a.pub), toHex(b.pub));
});

test.run();
