// Tendermint key facts (0.34 crypto/ed25519, p2p/key.go): an address or node ID is the first
// 20 bytes of SHA-256 of the 32-byte Ed25519 public key; validator addresses print in upper-case
// hex, node IDs in lower-case hex. Raw keys enter Node's crypto as JWK (OKP): OpenSSL 3's DER
// decoder is ten times slower, which showed at 1,000 handshakes (bench row 10).
import { createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';

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

export type KeyProblem = 'not-base64' | 'wrong-length' | 'not-a-point' | 'small-order';

/** Decodes pub_key.value (base64 of 32 bytes) and checks it is a point on Ed25519. */
export function decodeEd25519PubKey(b64: string): { key: Uint8Array } | { problem: KeyProblem; length?: number } {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return { problem: 'not-base64' };
  const key = Uint8Array.from(Buffer.from(b64, 'base64'));
  if (key.length !== 32) return { problem: 'wrong-length', length: key.length };
  let point;
  try {
    point = ed25519.Point.fromBytes(key);
  } catch {
    return { problem: 'not-a-point' };
  }
  // A point of order ≤ 8 (the identity, the all-zero encoding…) has no secret key behind it, and
  // some verifiers (OpenSSL among them) accept a forged signature under it.
  if (point.isSmallOrder()) return { problem: 'small-order' };
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

export function newEd25519Key(): Ed25519Key {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { seed: Uint8Array.from(Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url')), pub: rawPublic(privateKey), privateKey };
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
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  return { pub: rawPublic(publicKey), privateKey };
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
