// The few protobuf messages of the Tendermint 0.34 P2P handshake, encoded the way gogoproto does
// (fields in number order, zero values left out, non-nullable sub-messages always written) and
// decoded leniently (unknown fields skipped). Length-delimited = uvarint length prefix.

export class ProtoError extends Error {
  override name = 'ProtoError';
}

export function uvarint(n: number): Uint8Array {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Uint8Array.from(out);
}

/** Reads a uvarint at `pos`; undefined when the buffer ends first. Lengths above 2^32 are refused. */
export function readUvarint(b: Uint8Array, pos: number): { value: number; next: number } | undefined {
  let value = 0;
  let mul = 1;
  for (let i = pos; i < b.length && i < pos + 10; i++) {
    const byte = b[i]!;
    value += (byte & 0x7f) * mul;
    if (value > 0xffffffff) throw new ProtoError('varint too large');
    if (byte < 0x80) return { value, next: i + 1 };
    mul *= 0x80;
  }
  if (b.length - pos >= 10) throw new ProtoError('varint longer than 10 bytes');
  return undefined;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function delimited(msg: Uint8Array): Uint8Array {
  return concat([uvarint(msg.length), msg]);
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

function bytesField(no: number, v: Uint8Array, always = false): Uint8Array {
  return v.length || always ? concat([Uint8Array.of((no << 3) | 2), uvarint(v.length), v]) : new Uint8Array();
}
const stringField = (no: number, s: string) => bytesField(no, utf8.encode(s));
function varintField(no: number, n: number): Uint8Array {
  return n ? concat([Uint8Array.of(no << 3), uvarint(n)]) : new Uint8Array();
}

type Field = { no: number; wire: 0; value: number } | { no: number; wire: 2; value: Uint8Array };

function fields(b: Uint8Array): Field[] {
  const out: Field[] = [];
  let pos = 0;
  while (pos < b.length) {
    const key = readUvarint(b, pos);
    if (!key) throw new ProtoError('truncated field key');
    pos = key.next;
    const no = Math.floor(key.value / 8);
    const wire = key.value & 7;
    if (no === 0) throw new ProtoError('field number 0');
    if (wire === 0) {
      const v = readUvarint(b, pos);
      if (!v) throw new ProtoError('truncated varint');
      out.push({ no, wire, value: v.value });
      pos = v.next;
    } else if (wire === 2) {
      const len = readUvarint(b, pos);
      if (!len || len.next + len.value > b.length) throw new ProtoError('truncated length-delimited field');
      out.push({ no, wire, value: b.subarray(len.next, len.next + len.value) });
      pos = len.next + len.value;
    } else if (wire === 1 || wire === 5) {
      pos += wire === 1 ? 8 : 4;
      if (pos > b.length) throw new ProtoError('truncated fixed field');
    } else {
      throw new ProtoError(`unsupported wire type ${wire}`);
    }
  }
  return out;
}

function bytesOf(fs: Field[], no: number): Uint8Array | undefined {
  let v: Uint8Array | undefined;
  for (const f of fs) if (f.no === no && f.wire === 2) v = f.value;
  return v;
}
function numberOf(fs: Field[], no: number): number {
  let v = 0;
  for (const f of fs) if (f.no === no && f.wire === 0) v = f.value;
  return v;
}
function stringOf(fs: Field[], no: number): string {
  const b = bytesOf(fs, no);
  if (!b) return '';
  try {
    return fromUtf8.decode(b);
  } catch {
    throw new ProtoError(`field ${no} is not UTF-8`);
  }
}

/** google.protobuf.BytesValue{value}: the ephemeral key message. */
export function encodeBytesValue(v: Uint8Array): Uint8Array {
  return bytesField(1, v);
}
export function decodeBytesValue(b: Uint8Array): Uint8Array {
  return bytesOf(fields(b), 1) ?? new Uint8Array();
}

/** tendermint.p2p.AuthSigMessage{pub_key: PublicKey{ed25519}, sig}. */
export function encodeAuthSig(pub: Uint8Array, sig: Uint8Array): Uint8Array {
  return concat([bytesField(1, bytesField(1, pub), true), bytesField(2, sig)]);
}

export function decodeAuthSig(b: Uint8Array): { ed25519?: Uint8Array; otherKeyType?: number; sig: Uint8Array } {
  const fs = fields(b);
  const key = fields(bytesOf(fs, 1) ?? new Uint8Array());
  const ed = bytesOf(key, 1);
  const other = key.find((f) => f.no !== 1)?.no;
  return { ...(ed ? { ed25519: ed } : {}), ...(other !== undefined && !ed ? { otherKeyType: other } : {}), sig: bytesOf(fs, 2) ?? new Uint8Array() };
}

export interface NodeInfo {
  protocolVersion: { p2p: number; block: number; app: number };
  id: string;
  listenAddr: string;
  network: string;
  version: string;
  /** Channel ids, hex (as the RPC prints them). */
  channels: string;
  moniker: string;
  other: { txIndex: string; rpcAddress: string };
}

export function encodeNodeInfo(n: NodeInfo): Uint8Array {
  const pv = concat([varintField(1, n.protocolVersion.p2p), varintField(2, n.protocolVersion.block), varintField(3, n.protocolVersion.app)]);
  const other = concat([stringField(1, n.other.txIndex), stringField(2, n.other.rpcAddress)]);
  return concat([
    bytesField(1, pv, true),
    stringField(2, n.id),
    stringField(3, n.listenAddr),
    stringField(4, n.network),
    stringField(5, n.version),
    bytesField(6, Uint8Array.from(Buffer.from(n.channels, 'hex'))),
    stringField(7, n.moniker),
    bytesField(8, other, true),
  ]);
}

export function decodeNodeInfo(b: Uint8Array): NodeInfo {
  const fs = fields(b);
  const pv = fields(bytesOf(fs, 1) ?? new Uint8Array());
  const other = fields(bytesOf(fs, 8) ?? new Uint8Array());
  return {
    protocolVersion: { p2p: numberOf(pv, 1), block: numberOf(pv, 2), app: numberOf(pv, 3) },
    id: stringOf(fs, 2),
    listenAddr: stringOf(fs, 3),
    network: stringOf(fs, 4),
    version: stringOf(fs, 5),
    channels: Buffer.from(bytesOf(fs, 6) ?? new Uint8Array()).toString('hex'),
    moniker: stringOf(fs, 7),
    other: { txIndex: stringOf(other, 1), rpcAddress: stringOf(other, 2) },
  };
}
