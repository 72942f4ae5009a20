// Raw DNS wire helpers for what dns-packet cannot do: find where a record starts in a received
// message (TSIG must be cut off byte-exactly, RFC 8945 §4.3.3), and write names with
// compression for messages we build ourselves (UPDATE, TSIG).

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

const MAX_POINTERS = 64;

/** Offset just past the name at `off` (a compression pointer ends the name). */
export function skipName(buf: Buffer, off: number): number {
  for (;;) {
    if (off >= buf.length) throw new WireError('name runs past the end of the message');
    const len = buf[off]!;
    if (len === 0) return off + 1;
    if ((len & 0xc0) === 0xc0) {
      if (off + 2 > buf.length) throw new WireError('compression pointer runs past the end of the message');
      return off + 2;
    }
    if (len & 0xc0) throw new WireError(`unknown label type 0x${len.toString(16)}`);
    off += 1 + len;
  }
}

/** The name at `off`, lower case without the trailing dot ("" for the root), following pointers. */
export function readName(buf: Buffer, off: number): string {
  const labels: string[] = [];
  let jumps = 0;
  let total = 0;
  for (;;) {
    if (off >= buf.length) throw new WireError('name runs past the end of the message');
    const len = buf[off]!;
    if (len === 0) return labels.join('.').toLowerCase();
    if ((len & 0xc0) === 0xc0) {
      if (off + 2 > buf.length || ++jumps > MAX_POINTERS) throw new WireError('bad compression pointer');
      off = buf.readUInt16BE(off) & 0x3fff;
      continue;
    }
    if (len & 0xc0) throw new WireError(`unknown label type 0x${len.toString(16)}`);
    if (off + 1 + len > buf.length) throw new WireError('label runs past the end of the message');
    total += len + 1;
    if (total > 255) throw new WireError('name longer than 255 octets');
    labels.push(buf.toString('latin1', off + 1, off + 1 + len));
    off += 1 + len;
  }
}

export interface RawRecord {
  /** Offset of the owner name. */
  start: number;
  /** Offset just past the RDATA. */
  end: number;
  type: number;
  klass: number;
  ttl: number;
  rdataStart: number;
}

/** Header counts and every record's position; throws WireError on a malformed message. */
export function walkMessage(buf: Buffer): { counts: [number, number, number, number]; records: RawRecord[] } {
  if (buf.length < 12) throw new WireError(`message of ${buf.length} bytes is shorter than a DNS header`);
  const counts: [number, number, number, number] = [buf.readUInt16BE(4), buf.readUInt16BE(6), buf.readUInt16BE(8), buf.readUInt16BE(10)];
  let off = 12;
  for (let i = 0; i < counts[0]; i++) {
    off = skipName(buf, off) + 4;
    if (off > buf.length) throw new WireError('question runs past the end of the message');
  }
  const records: RawRecord[] = [];
  const n = counts[1] + counts[2] + counts[3];
  for (let i = 0; i < n; i++) {
    const start = off;
    off = skipName(buf, off);
    if (off + 10 > buf.length) throw new WireError('record header runs past the end of the message');
    const type = buf.readUInt16BE(off);
    const klass = buf.readUInt16BE(off + 2);
    const ttl = buf.readUInt32BE(off + 4);
    const rdlen = buf.readUInt16BE(off + 8);
    const rdataStart = off + 10;
    off = rdataStart + rdlen;
    if (off > buf.length) throw new WireError('record data runs past the end of the message');
    records.push({ start, end: off, type, klass, ttl, rdataStart });
  }
  if (off !== buf.length) throw new WireError(`${buf.length - off} bytes after the last record`);
  return { counts, records };
}

/** Canonical (RFC 4034 §6.2) uncompressed wire form of a name: lower case, root-terminated. */
export function nameToWire(name: string): Buffer {
  const bare = name.toLowerCase().replace(/\.$/, '');
  const parts: Buffer[] = [];
  if (bare !== '') {
    for (const label of bare.split('.')) {
      const b = Buffer.from(label, 'latin1');
      if (b.length === 0 || b.length > 63) throw new WireError(`label ${JSON.stringify(label)} must be 1 to 63 octets`);
      parts.push(Buffer.from([b.length]), b);
    }
  }
  parts.push(Buffer.from([0]));
  const out = Buffer.concat(parts);
  if (out.length > 255) throw new WireError(`name ${name} is longer than 255 octets`);
  return out;
}

/** Appends to a growing message, compressing names against those already written (RFC 1035 §4.1.4). */
export class WireWriter {
  private chunks: Buffer[] = [];
  private length = 0;
  private names = new Map<string, number>();

  get size(): number {
    return this.length;
  }

  bytes(b: Buffer | Uint8Array): this {
    const buf = Buffer.from(b);
    this.chunks.push(buf);
    this.length += buf.length;
    return this;
  }

  u16(n: number): this {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(n);
    return this.bytes(b);
  }

  u32(n: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n >>> 0);
    return this.bytes(b);
  }

  /** A name, compressed against earlier names when `compress` (never for TSIG, RFC 8945 §4.2). */
  name(name: string, compress = true): this {
    const labels = name.toLowerCase().replace(/\.$/, '').split('.').filter((l) => l !== '');
    nameToWire(name); // length checks
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.');
      const at = compress ? this.names.get(suffix) : undefined;
      if (at !== undefined) return this.u16(0xc000 | at);
      if (compress && this.length < 0x3fff) this.names.set(suffix, this.length);
      const b = Buffer.from(labels[i]!, 'latin1');
      this.bytes(Buffer.from([b.length])).bytes(b);
    }
    return this.bytes(Buffer.from([0]));
  }

  /** Writes `body` as RDATA preceded by its 16-bit length. */
  rdata(body: (w: this) => void): this {
    const lenAt = this.chunks.length;
    this.u16(0);
    const before = this.length;
    body(this);
    const len = this.length - before;
    if (len > 0xffff) throw new WireError('record data longer than 65535 octets');
    this.chunks[lenAt]!.writeUInt16BE(len);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}
