// Tendermint 0.34 SecretConnection without sockets (p2p/conn/secret_connection.go): the key
// schedule, the Merlin challenge and the 1,044-byte sealed frames. handshake.ts drives it on a
// socket; tests drive it with the upstream transcripts.
import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { Transcript } from '../../tendermint/merlin.js';
import { concat, delimited, encodeBytesValue } from '../../tendermint/proto.js';
import { x25519, type X25519Key } from '../../tendermint/keys.js';

export const DATA_MAX = 1024;
export const FRAME_PLAIN = 4 + DATA_MAX; // LE32 length + data area
export const FRAME_SEALED = FRAME_PLAIN + 16;

const KDF_INFO = 'TENDERMINT_SECRET_CONNECTION_KEY_AND_CHALLENGE_GEN';

export interface Secrets {
  dh: Uint8Array;
  /** Our ephemeral key sorts first. */
  isLeast: boolean;
  sendKey: Uint8Array;
  recvKey: Uint8Array;
  /** What each side signs with its node key. */
  challenge: Uint8Array;
}

/** The plaintext first message: delimited BytesValue{eph_pub} = 22 0a 20 <32 bytes>. */
export const ephemeralMessage = (ephPub: Uint8Array): Uint8Array => delimited(encodeBytesValue(ephPub));

function compare(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

/** undefined when the remote key is of low order (all-zero DH), which upstream refuses. */
export function deriveSecrets(ours: X25519Key, theirPub: Uint8Array): Secrets | undefined {
  const dh = x25519(ours, theirPub);
  if (!dh) return undefined;
  const isLeast = compare(ours.pub, theirPub) < 0;
  const [lo, hi] = isLeast ? [ours.pub, theirPub] : [theirPub, ours.pub];
  const t = new Transcript('TENDERMINT_SECRET_CONNECTION_TRANSCRIPT_HASH');
  t.appendMessage('EPHEMERAL_LOWER_PUBLIC_KEY', lo);
  t.appendMessage('EPHEMERAL_UPPER_PUBLIC_KEY', hi);
  t.appendMessage('DH_SECRET', dh);
  return { dh, isLeast, ...aeadKeys(dh, isLeast), challenge: t.challengeBytes('SECRET_CONNECTION_MAC', 32) };
}

/** HKDF-SHA256(dh, no salt, KDF_INFO), 96 bytes; bytes 64–96 are unused since 0.33. */
export function aeadKeys(dh: Uint8Array, isLeast: boolean): { recvKey: Uint8Array; sendKey: Uint8Array } {
  const okm = new Uint8Array(hkdfSync('sha256', dh, new Uint8Array(), KDF_INFO, 96));
  const a = okm.slice(0, 32);
  const b = okm.slice(32, 64);
  return { recvKey: isLeast ? a : b, sendKey: isLeast ? b : a };
}

function nonce(counter: bigint): Buffer {
  const n = Buffer.alloc(12);
  n.writeBigUInt64LE(counter, 4);
  return n;
}

/** One direction's ChaCha20-Poly1305 with its frame counter. */
export class FrameSealer {
  private counter = 0n;
  constructor(private readonly key: Uint8Array) {}

  /** Splits `data` into frames of ≤ 1,024 bytes (zero padding) and seals each. */
  seal(data: Uint8Array): Uint8Array {
    const out: Uint8Array[] = [];
    for (let at = 0; at < data.length || (at === 0 && data.length === 0); at += DATA_MAX) {
      const chunk = data.subarray(at, at + DATA_MAX);
      const frame = Buffer.alloc(FRAME_PLAIN);
      frame.writeUInt32LE(chunk.length, 0);
      frame.set(chunk, 4);
      const c = createCipheriv('chacha20-poly1305', this.key, nonce(this.counter++), { authTagLength: 16 });
      out.push(c.update(frame), c.final(), c.getAuthTag());
      if (data.length === 0) break;
    }
    return concat(out);
  }
}

export class FrameError extends Error {
  override name = 'FrameError';
}

export class FrameOpener {
  private counter = 0n;
  constructor(private readonly key: Uint8Array) {}

  /** Opens one 1,044-byte sealed frame and returns its data (padding ignored, as upstream). */
  open(sealed: Uint8Array): Uint8Array {
    if (sealed.length !== FRAME_SEALED) throw new FrameError(`frame of ${sealed.length} bytes, expected ${FRAME_SEALED}`);
    const d = createDecipheriv('chacha20-poly1305', this.key, nonce(this.counter++), { authTagLength: 16 });
    d.setAuthTag(sealed.subarray(FRAME_PLAIN));
    let plain: Buffer;
    try {
      plain = Buffer.concat([d.update(sealed.subarray(0, FRAME_PLAIN)), d.final()]);
    } catch {
      throw new FrameError('frame authentication failed (not a SecretConnection, or other keys)');
    }
    const len = plain.readUInt32LE(0);
    if (len > DATA_MAX) throw new FrameError(`frame data length ${len} exceeds ${DATA_MAX}`);
    return Uint8Array.from(plain.subarray(4, 4 + len));
  }
}
