// The certificates exactly as the server sent them. Node only exposes the chain OpenSSL
// rebuilt (issuer by issuer, extra and alternate certificates dropped), so the probe records
// the server's bytes and reads its Certificate message: in the clear in TLS 1.2, decrypted
// with the handshake secret from the socket's own keylog in TLS 1.3 (RFC 8446 §7.1, §5.2).
import { createDecipheriv, createHmac } from 'node:crypto';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';

/** The server's first bytes are enough: its Certificate message ends the first flight. */
const MAX_RECORDED = 512 * 1024;

/** A pass-through stream around a TCP socket that records what the server sends. */
export class Recorder extends Duplex {
  readonly received: Buffer[] = [];
  private bytes = 0;
  readonly keylog: string[] = [];

  constructor(readonly inner: Socket) {
    super();
    inner.on('data', (d: Buffer) => {
      if (this.bytes < MAX_RECORDED) {
        this.received.push(d);
        this.bytes += d.length;
      }
      if (!this.push(d)) inner.pause();
    });
    inner.on('end', () => this.push(null));
    inner.on('error', (err) => this.destroy(err));
    inner.on('close', () => this.destroy());
  }

  /** Stops recording and drops what was recorded (the API exchange that follows is not needed). */
  release(): void {
    this.received.length = 0;
    this.keylog.length = 0;
    this.bytes = MAX_RECORDED;
  }

  override _read(): void {
    this.inner.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.inner.write(chunk, cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.inner.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.inner.destroy();
    cb(err);
  }
}

const SUITES: Record<string, { cipher: string; hash: string; keyLen: number }> = {
  TLS_AES_128_GCM_SHA256: { cipher: 'aes-128-gcm', hash: 'sha256', keyLen: 16 },
  TLS_AES_256_GCM_SHA384: { cipher: 'aes-256-gcm', hash: 'sha384', keyLen: 32 },
  TLS_CHACHA20_POLY1305_SHA256: { cipher: 'chacha20-poly1305', hash: 'sha256', keyLen: 32 },
};

/**
 * DER certificates of the server's Certificate message, leaf first; undefined when the
 * recording cannot be read (the caller then falls back to Node's rebuilt chain).
 */
export function sentCertificates(rec: Recorder, protocol: string | null | undefined, suite: string | undefined): Buffer[] | undefined {
  try {
    const data = Buffer.concat(rec.received);
    const tls13 = protocol === 'TLSv1.3';
    let decrypt: ((header: Buffer, body: Buffer) => Buffer) | undefined;
    if (tls13) {
      const s = SUITES[suite ?? ''];
      const line = rec.keylog.find((l) => l.startsWith('SERVER_HANDSHAKE_TRAFFIC_SECRET '));
      if (!s || !line) return undefined;
      decrypt = decrypter(s, Buffer.from(line.trim().split(' ')[2]!, 'hex'));
    }
    let handshake = Buffer.alloc(0);
    for (let p = 0; p + 5 <= data.length; ) {
      const type = data[p]!;
      const len = data.readUInt16BE(p + 3);
      if (p + 5 + len > data.length) break;
      const header = data.subarray(p, p + 5);
      const body = data.subarray(p + 5, p + 5 + len);
      p += 5 + len;
      if (type === 22) {
        handshake = Buffer.concat([handshake, body]);
      } else if (type === 23 && decrypt) {
        const plain = decrypt(header, body);
        let end = plain.length;
        while (end > 0 && plain[end - 1] === 0) end--;
        if (plain[end - 1] === 22) handshake = Buffer.concat([handshake, plain.subarray(0, end - 1)]);
      }
      const certs = certificateMessage(handshake, tls13);
      if (certs) return certs;
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** Finds handshake type 11 in the reassembled handshake stream. */
function certificateMessage(hs: Buffer, tls13: boolean): Buffer[] | undefined {
  for (let p = 0; p + 4 <= hs.length; ) {
    const type = hs[p]!;
    const len = hs.readUIntBE(p + 1, 3);
    if (p + 4 + len > hs.length) return undefined;
    if (type === 11) return certificateList(hs.subarray(p + 4, p + 4 + len), tls13);
    p += 4 + len;
  }
  return undefined;
}

function certificateList(body: Buffer, tls13: boolean): Buffer[] {
  let p = 0;
  if (tls13) p += 1 + body[0]!; // certificate_request_context
  const end = p + 3 + body.readUIntBE(p, 3);
  p += 3;
  const out: Buffer[] = [];
  while (p < end) {
    const len = body.readUIntBE(p, 3);
    out.push(Buffer.from(body.subarray(p + 3, p + 3 + len)));
    p += 3 + len;
    if (tls13) p += 2 + body.readUInt16BE(p); // per-certificate extensions
  }
  return out;
}

/** RFC 8446 §7.3 traffic keys and §5.3 per-record nonces for the server's handshake records. */
function decrypter(s: { cipher: string; hash: string; keyLen: number }, secret: Buffer): (header: Buffer, body: Buffer) => Buffer {
  const key = expandLabel(s.hash, secret, 'key', s.keyLen);
  const iv = expandLabel(s.hash, secret, 'iv', 12);
  let seq = 0n;
  return (header, body) => {
    const nonce = Buffer.from(iv);
    const n = seq++;
    for (let i = 0; i < 8; i++) nonce[11 - i]! ^= Number((n >> BigInt(8 * i)) & 0xffn);
    const d = createDecipheriv(s.cipher as 'aes-128-gcm', key, nonce, { authTagLength: 16 });
    d.setAAD(header);
    d.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]);
  };
}

/** HKDF-Expand-Label with an empty context, for outputs no longer than the hash. */
function expandLabel(hash: string, secret: Buffer, label: string, length: number): Buffer {
  const full = Buffer.from(`tls13 ${label}`, 'latin1');
  const info = Buffer.concat([Buffer.from([length >> 8, length & 0xff, full.length]), full, Buffer.from([0, 1])]);
  return createHmac(hash, secret).update(info).digest().subarray(0, length);
}
