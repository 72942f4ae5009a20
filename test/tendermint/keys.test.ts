// Key facts against the recorded upstream handshakes (test/fixtures/tendermint): node ID and
// validator address from known keys, pub_key decoding with every problem it names, Ed25519
// signatures, X25519 agreement and the refusal of an all-zero secret.
import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decodeEd25519PubKey,
  decodePoint,
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

// Differential test against @noble/curves, the decoder this one replaced (Point.fromBytes without
// zip215, then isSmallOrder): same verdict and, for a point, the same affine (x, y).
const P = 2n ** 255n - 19n;
const N = ed25519.Point.CURVE().n;

function noble(key: Uint8Array): { x: bigint; y: bigint; small: boolean } | undefined {
  let point;
  try {
    point = ed25519.Point.fromBytes(key);
  } catch {
    return undefined;
  }
  const { x, y } = point.toAffine();
  return { x, y, small: point.isSmallOrder() };
}

function sameAsNoble(key: Uint8Array): void {
  const want = noble(key);
  const got = decodeEd25519PubKey(Buffer.from(key).toString('base64'));
  const name = toHex(key);
  if (!want) {
    assert.equal(got, { problem: 'not-a-point' }, name);
    assert.is(decodePoint(key), undefined, name);
    return;
  }
  assert.equal(got, want.small ? { problem: 'small-order' } : { key }, name);
  assert.equal(decodePoint(key), { x: want.x, y: want.y }, name);
}

/** 32 bytes, little-endian y in bits 0..254, the sign of x in bit 255. */
function encode(y: bigint, sign: boolean): Uint8Array {
  const b = new Uint8Array(32);
  for (let i = 0; i < 32; i++) b[i] = Number((y >> BigInt(8 * i)) & 0xffn);
  if (sign) b[31]! |= 0x80;
  return b;
}
const yOf = (key: Uint8Array): bigint => BigInt('0x' + Buffer.from(key).reverse().toString('hex')) & ((1n << 255n) - 1n);

/** The eight points of order dividing 8: n·R for random points R (n the prime subgroup order). */
function torsionPoints(): Set<string> {
  const found = new Set<string>();
  for (let i = 0; found.size < 8 && i < 1000; i++) {
    const r = noble(randomBytes(32));
    if (!r) continue;
    const R = ed25519.Point.fromAffine({ x: r.x, y: r.y });
    found.add(toHex(R.multiplyUnsafe(N - 1n).add(R).toBytes()));
  }
  return found;
}

test('decodeEd25519PubKey: the eight small-order points (n·R for random R) are refused, as noble does', () => {
  const torsion = torsionPoints();
  assert.is(torsion.size, 8);
  assert.equal([...torsion].sort(), [...ED25519_TORSION_SUBGROUP].sort(), 'the same eight as noble lists');
  for (const h of torsion) {
    const key = hex(h);
    assert.equal(decodeEd25519PubKey(Buffer.from(key).toString('base64')), { problem: 'small-order' }, h);
    sameAsNoble(key);
    // The other sign of x: the negated point (also small order) or, for x = 0 (y = ±1), no point.
    const flipped = Uint8Array.from(key);
    flipped[31]! ^= 0x80;
    sameAsNoble(flipped);
    // y + p when it still fits in 255 bits (y = 0, y = 1): non-canonical, refused like any y ≥ p.
    const y = yOf(key);
    if (y + P < 1n << 255n) {
      for (const sign of [false, true]) {
        const big = encode(y + P, sign);
        assert.equal(decodeEd25519PubKey(Buffer.from(big).toString('base64')), { problem: 'not-a-point' }, toHex(big));
        sameAsNoble(big);
      }
    }
  }
  // (0, ±1): x = 0 with the sign bit set is not an encoding.
  assert.equal(decodeEd25519PubKey(Buffer.from(encode(1n, true)).toString('base64')), { problem: 'not-a-point' });
  assert.equal(decodeEd25519PubKey(Buffer.from(encode(P - 1n, true)).toString('base64')), { problem: 'not-a-point' });
});

test('decodeEd25519PubKey: every y ≥ p (the 19 values below 2^255) and y near 0 and p, both signs, as noble', () => {
  for (let k = 0n; k < 256n; k++) {
    for (const sign of [false, true]) {
      sameAsNoble(encode(k, sign));
      sameAsNoble(encode(P - 1n - k, sign));
      if (P + k < 1n << 255n) {
        assert.equal(decodeEd25519PubKey(Buffer.from(encode(P + k, sign)).toString('base64')), { problem: 'not-a-point' });
        sameAsNoble(encode(P + k, sign));
      }
    }
  }
});

// RFC 8032 §7.1 TEST 1, 2, 3, 1024 and SHA(abc): secret key, public key.
const RFC8032 = [
  ['9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'],
  ['4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb', '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c'],
  ['c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7', 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025'],
  ['f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5', '278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e'],
  ['833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42', 'ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf'],
];

test('decodeEd25519PubKey: RFC 8032 test-vector keys, recorded keys and node:crypto keys decode as noble, either sign', () => {
  const keys = RFC8032.map(([seed, pub]) => {
    assert.is(toHex(ed25519FromSeed(hex(seed!)).pub), pub);
    return hex(pub!);
  });
  for (const v of VECTORS) keys.push(hex(v.peer_a.ed25519_pub_key), hex(v.peer_b.ed25519_pub_key));
  for (let i = 0; i < 200; i++) {
    const { publicKey } = generateKeyPairSync('ed25519');
    keys.push(Uint8Array.from(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url')));
  }
  for (const key of keys) {
    assert.equal(decodeEd25519PubKey(Buffer.from(key).toString('base64')), { key });
    sameAsNoble(key);
    const flipped = Uint8Array.from(key);
    flipped[31]! ^= 0x80; // the negated point: still on the curve
    sameAsNoble(flipped);
  }
});

test('decodeEd25519PubKey: 5,000 random 32-byte strings get the verdict and point noble gives', () => {
  const verdicts = new Map<string, number>();
  for (let i = 0; i < 5000; i++) {
    const key = Uint8Array.from(randomBytes(32));
    sameAsNoble(key);
    const r = decodeEd25519PubKey(Buffer.from(key).toString('base64'));
    const v = 'key' in r ? 'key' : r.problem;
    verdicts.set(v, (verdicts.get(v) ?? 0) + 1);
  }
  // About half are points: both the square-root and the no-root paths ran.
  assert.ok(verdicts.get('key')! > 2000 && verdicts.get('not-a-point')! > 2000, JSON.stringify([...verdicts]));
});

test('importing dist/scripts/validate.js does not load @noble/curves (its import cost ~57 ms a run)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keys-graph-'));
  try {
    const log = join(dir, 'resolved.txt');
    // A resolve hook logs every module URL; after validate.js, the child imports noble itself, so
    // the log proves the hook sees it.
    const hooks = `import { appendFileSync } from 'node:fs';
      let log; export function initialize(d) { log = d.log; }
      export async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(log, r.url + '\\n'); return r; }`;
    const validate = new URL('../../scripts/validate.js', import.meta.url).href;
    const main = `import { register } from 'node:module'; import { appendFileSync } from 'node:fs';
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}), { data: { log: ${JSON.stringify(log)} } });
      await import(${JSON.stringify(validate)});
      appendFileSync(${JSON.stringify(log)}, 'MARK\\n');
      await import('@noble/curves/ed25519.js');`;
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', main], { cwd: root, encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    const [before, after] = readFileSync(log, 'utf8').split('MARK\n') as [string, string];
    assert.ok(before.includes('/dist/scripts/validate.js'), before.slice(0, 500));
    assert.ok(before.includes('/dist/scripts/tendermint/keys.js'), 'the rules still load keys.js');
    assert.ok(after.includes('@noble/curves/ed25519.js'), after);
    assert.not.ok(before.includes('@noble/curves'), before.split('\n').filter((u) => u.includes('@noble')).join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

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

test('60,000 fresh keys under GC pressure do not hang (Node 20 deadlocked collecting a key-generation job during an export)', () => {
  // With generateKeyPairSync + export({format: 'jwk'}) of the private key (pmnet's code before)
  // this loop hung for good in 5 of 5 runs (checked by hand); a young generation of 1 MB makes the
  // collector run during nearly every allocation.
  const keys = new URL('../../scripts/tendermint/keys.js', import.meta.url).href;
  const main = `import { newEd25519Key, newX25519Key, x25519 } from ${JSON.stringify(keys)};
    const peer = newX25519Key();
    for (let i = 0; i < 60000; i++) { newEd25519Key(); if (i % 2 === 0 && !x25519(newX25519Key(), peer.pub)) throw new Error('no secret'); }
    console.log('ok');`;
  const r = spawnSync(process.execPath, ['--max-semi-space-size=1', '--input-type=module', '-e', main], { encoding: 'utf8', timeout: 120_000, killSignal: 'SIGKILL' });
  assert.is(r.signal, null, 'the key loop hung (killed after 120 s)');
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout.trim(), 'ok');
});

test.run();
