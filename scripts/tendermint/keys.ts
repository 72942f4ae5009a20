// Tendermint key facts (0.34 crypto/ed25519, p2p/key.go): an address or node ID is the first
// 20 bytes of SHA-256 of the 32-byte Ed25519 public key; validator addresses print in upper-case
// hex, node IDs in lower-case hex. Raw keys enter Node's crypto as JWK (OKP): OpenSSL 3's DER
// decoder is ten times slower, which showed at 1,000 handshakes (bench row 10).
import { createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');
const X25519_PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex');

export function keyHash20(pub: Uint8Array): Uint8Array {
  return Uint8Array.from(createHash('sha256').update(pub).digest().subarray(0, 20));
}

/** Validator address as genesis.json writes it: 40 upper-case hex characters. */
export function validatorAddress(pub: Uint8Array): string {
  return Buffer.from(keyHash20(pub)).toString('hex').toUpperCase();
}

/** Node ID as `tendermint show-node-id` prints it: 40 lower-case hex characters. */
export function nodeIdOf(pub: Uint8Array): string {
  return Buffer.from(keyHash20(pub)).toString('hex');
}

// Ed25519 point decoding (RFC 8032 §5.1.3) and the small-order check, in BigInt: the same verdicts
// as @noble/curves (Point.fromBytes without zip215, isSmallOrder), whose import alone cost ~57 ms of
// every CLI run. -x² + y² = 1 + d·x²·y² over p = 2^255 - 19.
const P = 2n ** 255n - 19n;
const D = 37095705934669439343138083508754565189542113879843219016388785533085940283555n;
const SQRT_M1 = 19681161376707505956807079304988542015446066515923890162744021073123829784752n; // 2^((p-1)/4)

const M255 = (1n << 255n) - 1n;
/** a mod p, up to a few p over (2^255 ≡ 19): two folds instead of a division, ~1.4× faster in V8. */
const fold = (a: bigint): bigint => {
  a = (a & M255) + 19n * (a >> 255n);
  return (a & M255) + 19n * (a >> 255n);
};

const mod = (a: bigint): bigint => {
  const r = a % P;
  return r < 0n ? r + P : r;
};

/** x^(2^n) mod p. */
function sqrN(x: bigint, n: number): bigint {
  for (let i = 0; i < n; i++) x = fold(x * x);
  return x;
}

/** x^((p-5)/8) = x^(2^252 - 3) by an addition chain on x^(2^k - 1): 251 squarings, 11 products. */
function powP58(x: bigint): bigint {
  const m = (a: bigint, b: bigint): bigint => fold(a * b);
  const e2 = m(sqrN(x, 1), x);
  const e4 = m(sqrN(e2, 2), e2);
  const e5 = m(sqrN(e4, 1), x);
  const e10 = m(sqrN(e5, 5), e5);
  const e20 = m(sqrN(e10, 10), e10);
  const e40 = m(sqrN(e20, 20), e20);
  const e50 = m(sqrN(e40, 10), e10);
  const e100 = m(sqrN(e50, 50), e50);
  const e200 = m(sqrN(e100, 100), e100);
  const e250 = m(sqrN(e200, 50), e50);
  return m(sqrN(e250, 2), x) % P;
}

/** The point (x, y) a 32-byte encoding names, or undefined (y ≥ p, no square root, x = 0 with the sign bit set). */
export function decodePoint(bytes: Uint8Array): { x: bigint; y: bigint } | undefined {
  const sign = (bytes[31]! & 0x80) !== 0;
  let y = 0n;
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(i === 31 ? bytes[i]! & 0x7f : bytes[i]!);
  if (y >= P) return undefined; // RFC 8032 (and noble without zip215) refuse a non-canonical y
  // x² = u/v with u = y² - 1, v = d·y² + 1; candidate x = u·v³·(u·v⁷)^((p-5)/8).
  const y2 = (y * y) % P;
  const u = mod(y2 - 1n);
  const v = (D * y2 + 1n) % P;
  const v3 = (((v * v) % P) * v) % P;
  const v7 = (((v3 * v3) % P) * v) % P;
  let x = (((u * v3) % P) * powP58((u * v7) % P)) % P;
  const vx2 = (((x * x) % P) * v) % P;
  if (vx2 === mod(-u)) x = (x * SQRT_M1) % P;
  else if (vx2 !== u) return undefined; // u/v is not a square
  if (x === 0n && sign) return undefined;
  if (((x & 1n) === 1n) !== sign) x = P - x;
  return { x, y };
}

/** Whether 8·(x, y) is the identity: three doublings in extended coordinates (a = -1). */
export function isSmallOrder(point: { x: bigint; y: bigint }): boolean {
  let X = point.x;
  let Y = point.y;
  let Z = 1n;
  for (let i = 0; i < 3; i++) {
    // dbl-2008-hwcd; T is not needed for doubling alone
    const A = (X * X) % P;
    const B = (Y * Y) % P;
    const C = (2n * Z * Z) % P;
    const E = mod((X + Y) * (X + Y) - A - B);
    const G = mod(B - A);
    const F = mod(G - C);
    const H = mod(-A - B);
    X = (E * F) % P;
    Y = (G * H) % P;
    Z = (F * G) % P;
  }
  return X === 0n && Y === Z;
}

export type KeyProblem = 'not-base64' | 'wrong-length' | 'not-a-point' | 'small-order';

export type DecodedKey = { key: Uint8Array } | { problem: KeyProblem; length?: number };

// Several rules and the generators ask about the same key in one run; a decode costs ~90 µs.
const decoded = new Map<string, DecodedKey>();

/** Decodes pub_key.value (base64 of 32 bytes) and checks it is a point on Ed25519. The result is shared: do not change it. */
export function decodeEd25519PubKey(b64: string): DecodedKey {
  let r = decoded.get(b64);
  if (!r) {
    if (decoded.size >= 100_000) decoded.clear();
    decoded.set(b64, (r = decodeKey(b64)));
  }
  return r;
}

/** Base64 of 32 bytes: the shape of a key, without the curve check (see decodeEd25519PubKey). */
export function isKeyShaped(b64: string): boolean {
  return b64.length === 44 && /^[A-Za-z0-9+/]{43}=$/.test(b64);
}

function decodeKey(b64: string): DecodedKey {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return { problem: 'not-base64' };
  const key = Uint8Array.from(Buffer.from(b64, 'base64'));
  if (key.length !== 32) return { problem: 'wrong-length', length: key.length };
  const point = decodePoint(key);
  if (!point) return { problem: 'not-a-point' };
  // A point of order ≤ 8 (the identity, the all-zero encoding…) has no secret key behind it, and
  // some verifiers (OpenSSL among them) accept a forged signature under it.
  if (isSmallOrder(point)) return { problem: 'small-order' };
  return { key };
}

export interface Ed25519Key {
  seed: Uint8Array;
  pub: Uint8Array;
  privateKey: KeyObject;
}

const b64url = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const rawPublic = (k: KeyObject): Uint8Array => Uint8Array.from(Buffer.from(k.export({ format: 'jwk' }).x!, 'base64url'));
const okpPublic = (crv: 'Ed25519' | 'X25519', pub: Uint8Array): KeyObject => createPublicKey({ key: { kty: 'OKP', crv, x: b64url(pub) }, format: 'jwk' });

export function ed25519FromSeed(seed: Uint8Array): Ed25519Key {
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, seed]), format: 'der', type: 'pkcs8' });
  return { seed, pub: rawPublic(privateKey), privateKey };
}

// Node 20 deadlocks when the GC collects a key-generation job while the key it made is locked for
// an export: ~KeyPairGenConfig takes the key's mutex, which the export holds while it allocates
// (a live audit hung for good; a loop of generateKeyPairSync + export({format: 'jwk'}) under GC
// pressure hangs within 20,000 keys). So fresh keys leave the job as JWK, encoded while the job
// is alive, and the KeyObject pmnet uses is imported from that JWK: no job shares its lock.
const JWK_PAIR = { publicKeyEncoding: { format: 'jwk' }, privateKeyEncoding: { format: 'jwk' } } as const;
// Node's JWK encodings of generated pairs, which @types/node does not declare.
const jwkPair = generateKeyPairSync as unknown as (type: 'ed25519' | 'x25519', o: typeof JWK_PAIR) => { privateKey: JsonWebKey; publicKey: JsonWebKey };
const fromB64url = (s: string | undefined): Uint8Array => Uint8Array.from(Buffer.from(s ?? '', 'base64url'));

export function newEd25519Key(): Ed25519Key {
  const { privateKey: jwk } = jwkPair('ed25519', JWK_PAIR);
  return { seed: fromB64url(jwk.d), pub: fromB64url(jwk.x), privateKey: createPrivateKey({ key: jwk, format: 'jwk' }) };
}

export function ed25519Sign(key: Ed25519Key, msg: Uint8Array): Uint8Array {
  return Uint8Array.from(sign(null, msg, key.privateKey));
}

export function ed25519Verify(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  if (pub.length !== 32 || sig.length !== 64) return false;
  try {
    return verify(null, msg, okpPublic('Ed25519', pub), sig);
  } catch {
    return false;
  }
}

export interface X25519Key {
  pub: Uint8Array;
  privateKey: KeyObject;
}

/** A fixed ephemeral key (test vectors). */
export function x25519FromPrivate(priv: Uint8Array): X25519Key {
  const privateKey = createPrivateKey({ key: Buffer.concat([X25519_PKCS8, priv]), format: 'der', type: 'pkcs8' });
  return { pub: rawPublic(privateKey), privateKey };
}

export function newX25519Key(): X25519Key {
  const { privateKey: jwk } = jwkPair('x25519', JWK_PAIR);
  return { pub: fromB64url(jwk.x), privateKey: createPrivateKey({ key: jwk, format: 'jwk' }) };
}

/** X25519; undefined for a low-order remote key (all-zero shared secret), which upstream refuses. */
export function x25519(ours: X25519Key, theirPub: Uint8Array): Uint8Array | undefined {
  let dh: Uint8Array;
  try {
    dh = Uint8Array.from(diffieHellman({ privateKey: ours.privateKey, publicKey: okpPublic('X25519', theirPub) }));
  } catch {
    return undefined; // OpenSSL refuses an all-zero result itself
  }
  return dh.every((b) => b === 0) ? undefined : dh;
}
