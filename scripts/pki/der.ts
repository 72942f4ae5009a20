// A strict DER reader over Buffers. It keeps offsets, so callers get the exact bytes a
// signature covers (tbsCertificate) and can compare names byte for byte.

export class DerError extends Error {
  override name = 'DerError';
}

export interface Tlv {
  /** Class bits (0 universal, 1 application, 2 context-specific, 3 private). */
  cls: number;
  constructed: boolean;
  /** Tag number (low-tag form only; X.509 needs no more). */
  num: number;
  buf: Buffer;
  /** Offset of the identifier octet, of the content, and one past the end. */
  start: number;
  body: number;
  end: number;
}

export const UNIVERSAL = 0;
export const CONTEXT = 2;
export const T = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  UTF8: 12,
  SEQUENCE: 16,
  SET: 17,
  PRINTABLE: 19,
  IA5: 22,
  UTC_TIME: 23,
  GENERALIZED_TIME: 24,
} as const;

/** One TLV at `pos`, which must end at or before `limit`. */
export function readTlv(buf: Buffer, pos = 0, limit = buf.length): Tlv {
  if (pos + 2 > limit) throw new DerError('truncated DER');
  const id = buf[pos]!;
  const num = id & 0x1f;
  if (num === 0x1f) throw new DerError('high tag numbers are not used in certificates');
  let p = pos + 1;
  let len = buf[p++]!;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) throw new DerError('indefinite length is not DER');
    if (n > 4 || p + n > limit) throw new DerError('bad DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++]!;
    if (len < 0x80 || buf[p - n] === 0) throw new DerError('non-minimal DER length');
  }
  const end = p + len;
  if (end > limit) throw new DerError('DER value runs past its container');
  return { cls: id >> 6, constructed: (id & 0x20) !== 0, num, buf, start: pos, body: p, end };
}

/** The whole input must be exactly one TLV. */
export function parseDer(buf: Buffer): Tlv {
  const t = readTlv(buf, 0, buf.length);
  if (t.end !== buf.length) throw new DerError('trailing bytes after the DER value');
  return t;
}

export function children(t: Tlv): Tlv[] {
  if (!t.constructed) throw new DerError('expected a constructed value');
  const out: Tlv[] = [];
  let p = t.body;
  while (p < t.end) {
    const c = readTlv(t.buf, p, t.end);
    out.push(c);
    p = c.end;
  }
  return out;
}

export function content(t: Tlv): Buffer {
  return t.buf.subarray(t.body, t.end);
}

export function raw(t: Tlv): Buffer {
  return t.buf.subarray(t.start, t.end);
}

export function is(t: Tlv | undefined, cls: number, num: number): t is Tlv {
  return !!t && t.cls === cls && t.num === num;
}

export function expect(t: Tlv | undefined, num: number, what: string): Tlv {
  if (!is(t, UNIVERSAL, num)) throw new DerError(`${what}: unexpected ASN.1 type`);
  return t;
}

export function oid(t: Tlv): string {
  const b = content(expect(t, T.OID, 'object identifier'));
  if (!b.length || b[b.length - 1]! & 0x80) throw new DerError('bad object identifier');
  const parts: number[] = [];
  let v = 0;
  for (const x of b) {
    // X.690 §8.19.2: a subidentifier does not start with a 0x80 octet (v is 0 only at a start).
    if (v === 0 && x === 0x80) throw new DerError('bad object identifier');
    v = v * 128 + (x & 0x7f);
    if (!(x & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  const first = parts.shift()!;
  const a = first < 80 ? Math.floor(first / 40) : 2;
  return [a, first - a * 40, ...parts].join('.');
}

export function bool(t: Tlv): boolean {
  const b = content(expect(t, T.BOOLEAN, 'boolean'));
  if (b.length !== 1 || (b[0] !== 0 && b[0] !== 0xff)) throw new DerError('BOOLEAN is not DER');
  return b[0] === 0xff;
}

/** Small non-negative INTEGER (pathLenConstraint). */
export function smallInt(t: Tlv): number {
  const b = content(expect(t, T.INTEGER, 'integer'));
  if (!b.length || b.length > 4 || b[0]! & 0x80) throw new DerError('integer out of range');
  // X.690 §8.3.2: no leading 00 octet unless the next one has its high bit set.
  if (b.length > 1 && b[0] === 0 && !(b[1]! & 0x80)) throw new DerError('non-minimal INTEGER');
  return b.reduce((v, x) => v * 256 + x, 0);
}

/** UTCTime or GeneralizedTime (RFC 5280 §4.1.2.5: Z, seconds, no fractions) to epoch ms. */
export function time(t: Tlv): number {
  const s = content(t).toString('latin1');
  let m: RegExpMatchArray | null;
  let year: number;
  if (is(t, UNIVERSAL, T.UTC_TIME) && (m = s.match(/^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/))) {
    const yy = Number(m[1]);
    year = yy < 50 ? 2000 + yy : 1900 + yy;
  } else if (is(t, UNIVERSAL, T.GENERALIZED_TIME) && (m = s.match(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/))) {
    year = Number(m[1]);
  } else throw new DerError(`bad certificate time "${s.slice(0, 20)}"`);
  const [mo, d, h, mi, se] = [2, 3, 4, 5, 6].map((i) => Number(m![i]));
  const ms = Date.UTC(year, mo! - 1, d!, h!, mi!, se!);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo! - 1 || back.getUTCDate() !== d! || h! > 23 || mi! > 59 || se! > 59) throw new DerError(`bad certificate time "${s}"`);
  return ms;
}
