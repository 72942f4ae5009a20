// TSIG (RFC 8945): shared-secret HMAC signatures on DNS messages, for AXFR and UPDATE.
// dns-packet has no TSIG RDATA codec and re-encodes differently from what was received, so
// signing and verifying work on the raw bytes (wire.ts).
//
//   parseTsigKey(text)              -> the key from `nsupdate -y`, `name:alg:secret` or a
//                                      tsig-keygen `key "name" { ... };` clause
//   signMessage(wire, key)          -> the message with a TSIG record appended, and its MAC
//   new TsigVerifier(key, mac)      -> .verify(reply) for each reply (one, or an AXFR stream),
//                                      .lastWasSigned at the end of a stream
import { createHmac, timingSafeEqual } from 'node:crypto';
import { nameToWire, readName, walkMessage, WireError, WireWriter } from './wire.js';

export const TSIG_ALGORITHMS = ['hmac-sha1', 'hmac-sha224', 'hmac-sha256', 'hmac-sha384', 'hmac-sha512'] as const;
export type TsigAlgorithm = (typeof TSIG_ALGORITHMS)[number];

export interface TsigKey {
  /** Key name, lower case, no trailing dot (as in `key "name"` on the server). */
  name: string;
  algorithm: TsigAlgorithm;
  secret: Buffer;
}

/** Fudge we send and accept: 300 s, what BIND and nsupdate use (RFC 8945 §10). */
export const DEFAULT_FUDGE = 300;
const TYPE_TSIG = 250;
const CLASS_ANY = 255;
/** RFC 8945 §5.3.1: at most 99 unsigned messages between signed ones in a TCP stream. */
const MAX_UNSIGNED_RUN = 99;

const TSIG_ERRORS: Record<number, string> = { 16: 'BADSIG', 17: 'BADKEY', 18: 'BADTIME', 22: 'BADTRUNC' };
const MAC_LENGTH: Record<TsigAlgorithm, number> = { 'hmac-sha1': 20, 'hmac-sha224': 28, 'hmac-sha256': 32, 'hmac-sha384': 48, 'hmac-sha512': 64 };
const HASH: Record<TsigAlgorithm, string> = { 'hmac-sha1': 'sha1', 'hmac-sha224': 'sha224', 'hmac-sha256': 'sha256', 'hmac-sha384': 'sha384', 'hmac-sha512': 'sha512' };

// ---------------------------------------------------------------- keys

const KEY_NAME = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Reads a TSIG key from
 *  - `[algorithm:]name:secret` (`nsupdate -y`; the algorithm defaults to hmac-sha256 here,
 *    not nsupdate's hmac-md5, which pmnet does not accept),
 *  - `name:algorithm:secret`,
 *  - a `key "name" { algorithm ...; secret "..."; };` clause (tsig-keygen, `nsupdate -k`).
 * Never echoes the secret in an error.
 */
export function parseTsigKey(text: string): { ok: true; key: TsigKey } | { ok: false; reason: string } {
  const t = text.trim();
  if (t.startsWith('key')) return parseKeyClause(t);
  const parts = t.split(':');
  if (parts.length < 2 || parts.length > 3) {
    return { ok: false, reason: 'expected "name:algorithm:secret", "algorithm:name:secret" (nsupdate -y) or a tsig-keygen key clause' };
  }
  let name: string;
  let alg: string;
  if (parts.length === 2) [name, alg] = [parts[0]!, 'hmac-sha256'];
  else if (isAlgorithmText(parts[0]!)) [alg, name] = [parts[0]!, parts[1]!];
  else [name, alg] = [parts[0]!, parts[1]!];
  return makeKey(name, alg, parts[parts.length - 1]!);
}

function isAlgorithmText(s: string): boolean {
  return /^hmac-/i.test(s.trim());
}

function parseKeyClause(t: string): { ok: true; key: TsigKey } | { ok: false; reason: string } {
  // One clause, comments removed; the clause grammar is named.conf's.
  const text = t.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(?:\/\/|#)[^\n]*/g, ' ');
  const m = /^key\s+(?:"([^"]*)"|([^\s{]+))\s*\{([^{}]*)\}\s*;?\s*$/.exec(text.trim());
  if (!m) return { ok: false, reason: 'expected one key clause: key "name" { algorithm hmac-sha256; secret "..."; };' };
  const body = m[3]!;
  const alg = /(?:^|;)\s*algorithm\s+"?([A-Za-z0-9.-]+)"?\s*;/.exec(body)?.[1];
  const secret = /(?:^|;)\s*secret\s+"([^"]*)"\s*;/.exec(body)?.[1];
  if (!alg) return { ok: false, reason: 'the key clause has no "algorithm ...;"' };
  if (secret === undefined) return { ok: false, reason: 'the key clause has no secret "...";' };
  return makeKey(m[1] ?? m[2]!, alg, secret);
}

function makeKey(nameText: string, algText: string, secretText: string): { ok: true; key: TsigKey } | { ok: false; reason: string } {
  const name = nameText.trim().toLowerCase().replace(/\.$/, '');
  if (!KEY_NAME.test(name) || name.length > 253) return { ok: false, reason: `key name ${JSON.stringify(nameText.slice(0, 80))} is not a DNS name` };
  const alg = algText.trim().toLowerCase();
  if (!(TSIG_ALGORITHMS as readonly string[]).includes(alg)) {
    const why = alg === 'hmac-md5' ? 'hmac-md5 is obsolete (RFC 8945 §6)' : `unknown algorithm ${JSON.stringify(algText.slice(0, 40))}`;
    return { ok: false, reason: `${why}; use one of ${TSIG_ALGORITHMS.join(', ')} (tsig-keygen -a hmac-sha256 NAME)` };
  }
  const s = secretText.trim();
  if (!s || !BASE64.test(s)) return { ok: false, reason: 'the secret is not base64 (as tsig-keygen prints it)' };
  const secret = Buffer.from(s, 'base64');
  if (secret.length < 16) return { ok: false, reason: `the secret is ${secret.length} bytes; use at least 16 (RFC 8945 §6: half the hash length or more)` };
  return { ok: true, key: { name, algorithm: alg as TsigAlgorithm, secret } };
}

// ---------------------------------------------------------------- signing

export interface SignOptions {
  /** Seconds since the epoch; default now. */
  time?: number;
  fudge?: number;
}

/** Appends a TSIG record to `wire` (ARCOUNT + 1). The MAC is needed to verify the reply. */
export function signMessage(wire: Buffer, key: TsigKey, opts: SignOptions = {}): { wire: Buffer; mac: Buffer } {
  const time = Math.floor(opts.time ?? Date.now() / 1000);
  const fudge = opts.fudge ?? DEFAULT_FUDGE;
  const id = wire.readUInt16BE(0);
  const mac = hmac(key, [wire, variables(key, time, fudge, 0, Buffer.alloc(0))]);
  const w = new WireWriter().bytes(wire);
  w.name(key.name, false).u16(TYPE_TSIG).u16(CLASS_ANY).u32(0);
  w.rdata((r) => {
    r.name(key.algorithm, false);
    r.bytes(u48(time)).u16(fudge).u16(mac.length).bytes(mac).u16(id).u16(0).u16(0);
  });
  const out = w.toBuffer();
  out.writeUInt16BE(wire.readUInt16BE(10) + 1, 10);
  return { wire: out, mac };
}

function hmac(key: TsigKey, parts: Buffer[]): Buffer {
  const h = createHmac(HASH[key.algorithm], key.secret);
  for (const p of parts) h.update(p);
  return h.digest();
}

function u48(n: number): Buffer {
  const b = Buffer.alloc(6);
  b.writeUIntBE(n, 0, 6);
  return b;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

/** RFC 8945 §4.3.3 TSIG variables. */
function variables(key: TsigKey, time: number, fudge: number, error: number, other: Buffer): Buffer {
  return Buffer.concat([nameToWire(key.name), u16(CLASS_ANY), Buffer.alloc(4), nameToWire(key.algorithm), u48(time), u16(fudge), u16(error), u16(other.length), other]);
}

function withMacLength(mac: Buffer): Buffer {
  return Buffer.concat([u16(mac.length), mac]);
}

// ---------------------------------------------------------------- verifying

export interface TsigRecord {
  keyName: string;
  algorithm: string;
  time: number;
  fudge: number;
  mac: Buffer;
  originalId: number;
  error: number;
  other: Buffer;
  /** The message without this record: ARCOUNT - 1 and the original ID, as it was signed. */
  unsigned: Buffer;
}

/** The TSIG record of a message (it must be the last additional), or undefined when unsigned. */
export function extractTsig(wire: Buffer): TsigRecord | undefined {
  const { records } = walkMessage(wire);
  const tsigs = records.filter((r) => r.type === TYPE_TSIG);
  if (!tsigs.length) return undefined;
  const last = records[records.length - 1]!;
  if (tsigs.length > 1 || tsigs[0] !== last || wire.readUInt16BE(10) === 0) throw new WireError('a TSIG record that is not the last additional record (RFC 8945 §5.1)');
  let off = last.rdataStart;
  const algorithm = readName(wire, off);
  off = skipRawName(wire, off);
  if (off + 10 > last.end) throw new WireError('TSIG record too short');
  const time = wire.readUIntBE(off, 6);
  const fudge = wire.readUInt16BE(off + 6);
  const macLen = wire.readUInt16BE(off + 8);
  off += 10;
  if (off + macLen + 6 > last.end) throw new WireError('TSIG MAC runs past the record');
  const mac = Buffer.from(wire.subarray(off, off + macLen));
  off += macLen;
  const originalId = wire.readUInt16BE(off);
  const error = wire.readUInt16BE(off + 2);
  const otherLen = wire.readUInt16BE(off + 4);
  off += 6;
  if (off + otherLen !== last.end) throw new WireError('TSIG other data does not fill the record');
  const other = Buffer.from(wire.subarray(off, off + otherLen));
  const unsigned = Buffer.from(wire.subarray(0, last.start));
  unsigned.writeUInt16BE(originalId, 0);
  unsigned.writeUInt16BE(wire.readUInt16BE(10) - 1, 10);
  return { keyName: readName(wire, last.start), algorithm, time, fudge, mac, originalId, error, other, unsigned };
}

function skipRawName(buf: Buffer, off: number): number {
  // The algorithm name is never compressed (RFC 8945 §4.2); a pointer is still skipped safely.
  for (;;) {
    const len = buf[off];
    if (len === undefined) throw new WireError('TSIG algorithm name runs past the message');
    if (len === 0) return off + 1;
    if ((len & 0xc0) === 0xc0) return off + 2;
    off += 1 + len;
  }
}

export type TsigFailure = 'BADSIG' | 'BADKEY' | 'BADTIME' | 'BADTRUNC' | 'UNSIGNED' | 'FORMERR';

export type TsigCheck = { ok: true; signed: boolean } | { ok: false; error: TsigFailure; byServer: boolean; detail: string };

/**
 * Checks the replies to one signed request, in order. A single reply must be signed; in a
 * TCP stream (AXFR) up to 99 messages may be unsigned between signed ones, and the stream
 * must end on a signed one (check lastWasSigned).
 */
export class TsigVerifier {
  private prior: Buffer;
  private pending: Buffer[] = [];
  private count = 0;
  lastWasSigned = false;

  constructor(private readonly key: TsigKey, requestMac: Buffer, private readonly now: () => number = () => Date.now() / 1000) {
    this.prior = requestMac;
  }

  verify(wire: Buffer): TsigCheck {
    const first = this.count++ === 0;
    let rec: TsigRecord | undefined;
    try {
      rec = extractTsig(wire);
    } catch (err) {
      return { ok: false, error: 'FORMERR', byServer: false, detail: `cannot read the TSIG record: ${(err as Error).message}` };
    }
    if (!rec) {
      const rcode = wire.length >= 4 ? wire.readUInt16BE(2) & 0xf : 0;
      if (first || rcode !== 0) {
        // NOTAUTH (9) unsigned: the server could not verify us and did not say why.
        const why = rcode === 9 ? `the server answered NOTAUTH without a TSIG record: it does not know key ${this.key.name} or rejects its signature` : 'the reply is not signed, though the request was';
        return { ok: false, error: 'UNSIGNED', byServer: rcode === 9, detail: why };
      }
      this.pending.push(wire);
      this.lastWasSigned = false;
      if (this.pending.length > MAX_UNSIGNED_RUN) return { ok: false, error: 'UNSIGNED', byServer: false, detail: `more than ${MAX_UNSIGNED_RUN} unsigned messages in a row (RFC 8945 §5.3.1)` };
      return { ok: true, signed: false };
    }
    if (rec.error !== 0) {
      const name = TSIG_ERRORS[rec.error] ?? `error ${rec.error}`;
      const error = (TSIG_ERRORS[rec.error] as TsigFailure | undefined) ?? 'BADSIG';
      const hint =
        error === 'BADKEY'
          ? `the server does not know key "${this.key.name}" with ${this.key.algorithm}`
          : error === 'BADSIG'
            ? `the server rejected the signature made with key "${this.key.name}": the secret differs from the server's`
            : error === 'BADTIME'
              ? `the server's clock and ours differ by more than ${DEFAULT_FUDGE} s${serverTime(rec.other)}`
              : 'the server rejected the signature';
      return { ok: false, error, byServer: true, detail: `TSIG ${name}: ${hint}` };
    }
    if (rec.keyName !== this.key.name || rec.algorithm !== this.key.algorithm) {
      return { ok: false, error: 'BADKEY', byServer: false, detail: `the reply is signed with key "${rec.keyName}" (${rec.algorithm}), not "${this.key.name}" (${this.key.algorithm})` };
    }
    const expectedLength = MAC_LENGTH[this.key.algorithm];
    if (rec.mac.length !== expectedLength) {
      return { ok: false, error: 'BADTRUNC', byServer: false, detail: `the reply's MAC is ${rec.mac.length} bytes, not the full ${expectedLength} (truncated MACs are not accepted)` };
    }
    const digestParts = first
      ? [withMacLength(this.prior), rec.unsigned, variables(this.key, rec.time, rec.fudge, rec.error, rec.other)]
      : [withMacLength(this.prior), ...this.pending, rec.unsigned, Buffer.concat([u48(rec.time), u16(rec.fudge)])];
    const want = hmac(this.key, digestParts);
    if (!timingSafeEqual(want, rec.mac)) {
      return { ok: false, error: 'BADSIG', byServer: false, detail: `the reply's signature does not verify with key "${this.key.name}"` };
    }
    const skew = Math.abs(this.now() - rec.time);
    if (skew > rec.fudge) {
      return { ok: false, error: 'BADTIME', byServer: false, detail: `the reply was signed at ${new Date(rec.time * 1000).toISOString()}, ${Math.round(skew)} s from our clock (fudge ${rec.fudge} s)` };
    }
    this.prior = rec.mac;
    this.pending = [];
    this.lastWasSigned = true;
    return { ok: true, signed: true };
  }
}

function serverTime(other: Buffer): string {
  return other.length === 6 ? ` (server time ${new Date(other.readUIntBE(0, 6) * 1000).toISOString()})` : '';
}
