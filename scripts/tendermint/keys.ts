// Tendermint key facts (0.34 crypto/ed25519, p2p/key.go): an address or node ID is the first
// 20 bytes of SHA-256 of the 32-byte Ed25519 public key; validator addresses print in upper-case
// hex, node IDs in lower-case hex. Keys go through Node's crypto as DER-wrapped raw bytes.
import { createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';

const ED25519_SPKI = Buffer.from('302a300506032b6570032100', 'hex');
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');
const X25519_SPKI = Buffer.from('302a300506032b656e032100', 'hex');
const X25519_PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex');

export function keyHash20(pub: Uint8Array): Uint8Array {
  return Uint8Array.from(createHash('sha256').update(pub).digest().subarray(0, 20));
}

/** Validator address as genesis.json writes it: 40 upper-case hex characters. */
export const validatorAddress = (pub: Uint8Array): string => Buffer.from(keyHash20(pub)).toString('hex').toUpperCase();

/** Node ID as `tendermint show-node-id` prints it: 40 lower-case hex characters. */
export const nodeIdOf = (pub: Uint8Array): string => Buffer.from(keyHash20(pub)).toString('hex');

export type KeyProblem = 'not-base64' | 'wrong-length' | 'not-a-point';

/** Decodes pub_key.value (base64 of 32 bytes) and checks it is a point on Ed25519. */
export function decodeEd25519PubKey(b64: string): { key: Uint8Array } | { problem: KeyProblem; length?: number } {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return { problem: 'not-base64' };
  const key = Uint8Array.from(Buffer.from(b64, 'base64'));
  if (key.length !== 32) return { problem: 'wrong-length', length: key.length };
  try {
    ed25519.Point.fromBytes(key);
  } catch {
    return { problem: 'not-a-point' };
  }
  return { key };
}

export interface Ed25519Key {
  seed: Uint8Array;
  pub: Uint8Array;
  privateKey: KeyObject;
}

export function ed25519FromSeed(seed: Uint8Array): Ed25519Key {
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, seed]), format: 'der', type: 'pkcs8' });
  const pub = Uint8Array.from(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(ED25519_SPKI.length));
  return { seed, pub, privateKey };
}

export function newEd25519Key(): Ed25519Key {
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = Uint8Array.from(privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(ED25519_PKCS8.length));
  return ed25519FromSeed(seed);
}

export const ed25519Sign = (key: Ed25519Key, msg: Uint8Array): Uint8Array => Uint8Array.from(sign(null, msg, key.privateKey));

export function ed25519Verify(pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  if (pub.length !== 32 || sig.length !== 64) return false;
  try {
    return verify(null, msg, createPublicKey({ key: Buffer.concat([ED25519_SPKI, pub]), format: 'der', type: 'spki' }), sig);
  } catch {
    return false;
  }
}

export interface X25519Key {
  pub: Uint8Array;
  privateKey: KeyObject;
}

export function x25519FromPrivate(priv: Uint8Array): X25519Key {
  const privateKey = createPrivateKey({ key: Buffer.concat([X25519_PKCS8, priv]), format: 'der', type: 'pkcs8' });
  const pub = Uint8Array.from(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(X25519_SPKI.length));
  return { pub, privateKey };
}

export function newX25519Key(): X25519Key {
  const { privateKey } = generateKeyPairSync('x25519');
  return x25519FromPrivate(Uint8Array.from(privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(X25519_PKCS8.length)));
}

/** X25519; undefined for a low-order remote key (all-zero shared secret), which upstream refuses. */
export function x25519(ours: X25519Key, theirPub: Uint8Array): Uint8Array | undefined {
  let dh: Uint8Array;
  try {
    dh = Uint8Array.from(diffieHellman({ privateKey: ours.privateKey, publicKey: createPublicKey({ key: Buffer.concat([X25519_SPKI, theirPub]), format: 'der', type: 'spki' }) }));
  } catch {
    return undefined; // OpenSSL refuses an all-zero result itself
  }
  return dh.every((b) => b === 0) ? undefined : dh;
}
