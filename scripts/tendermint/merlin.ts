// Merlin transcripts (merlin.cool) on STROBE-128 over Keccak-f[1600]: the part of STROBE Merlin
// uses (meta-AD, AD, PRF), after the Rust merlin crate's strobe.rs. Tendermint's SecretConnection
// takes the challenge it signs from such a transcript.
import { keccakF1600 } from './keccak.js';

const R = 166; // STROBE-128 rate in bytes: 200 - 128/4 - 2
const FLAG_I = 1;
const FLAG_A = 1 << 1;
const FLAG_C = 1 << 2;
const FLAG_M = 1 << 4;
const FLAG_K = 1 << 5;

// keccakF1600 works on 32-bit words in host order; STROBE's state is bytes in little-endian lanes.
if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error('merlin: a big-endian host is not supported');

// Labels are a handful of constants: encode each once.
const labels = new Map<string, Uint8Array>();
function ascii(s: string): Uint8Array {
  let b = labels.get(s);
  if (!b) {
    b = new TextEncoder().encode(s);
    if (labels.size < 64) labels.set(s, b);
  }
  return b;
}

class Strobe128 {
  private readonly state = new Uint8Array(200);
  private readonly words = new Uint32Array(this.state.buffer);
  private pos = 0;
  private posBegin = 0;
  private curFlags = 0;

  constructor(protocolLabel: Uint8Array) {
    this.state.set([1, R + 2, 1, 0, 1, 96]);
    this.state.set(ascii('STROBEv1.0.2'), 6);
    keccakF1600(this.words);
    this.metaAd(protocolLabel, false);
  }

  metaAd(data: Uint8Array, more: boolean): void {
    this.beginOp(FLAG_M | FLAG_A, more);
    this.absorb(data);
  }

  ad(data: Uint8Array, more: boolean): void {
    this.beginOp(FLAG_A, more);
    this.absorb(data);
  }

  prf(n: number, more: boolean): Uint8Array {
    this.beginOp(FLAG_I | FLAG_A | FLAG_C, more);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = this.state[this.pos]!;
      this.state[this.pos] = 0;
      this.step();
    }
    return out;
  }

  private absorb(data: Uint8Array): void {
    for (let i = 0; i < data.length; i++) this.absorbByte(data[i]!);
  }

  /** The message length, as a little-endian u32. */
  metaAdLength(n: number, more: boolean): void {
    this.beginOp(FLAG_M | FLAG_A, more);
    for (let i = 0; i < 4; i++) this.absorbByte((n >>> (8 * i)) & 0xff);
  }

  private absorbByte(b: number): void {
    this.state[this.pos]! ^= b;
    this.step();
  }

  private step(): void {
    if (++this.pos === R) this.runF();
  }

  private runF(): void {
    this.state[this.pos]! ^= this.posBegin;
    this.state[this.pos + 1]! ^= 0x04;
    this.state[R + 1]! ^= 0x80;
    keccakF1600(this.words);
    this.pos = 0;
    this.posBegin = 0;
  }

  private beginOp(flags: number, more: boolean): void {
    if (more) {
      if (this.curFlags !== flags) throw new Error('strobe: continued operation with other flags');
      return;
    }
    const oldBegin = this.posBegin;
    this.posBegin = this.pos + 1;
    this.curFlags = flags;
    this.absorbByte(oldBegin);
    this.absorbByte(flags);
    if ((flags & (FLAG_C | FLAG_K)) !== 0 && this.pos !== 0) this.runF();
  }
}

export class Transcript {
  private readonly strobe = new Strobe128(ascii('Merlin v1.0'));

  constructor(label: string) {
    this.appendMessage('dom-sep', ascii(label));
  }

  appendMessage(label: string, message: Uint8Array): void {
    this.strobe.metaAd(ascii(label), false);
    this.strobe.metaAdLength(message.length, true);
    this.strobe.ad(message, false);
  }

  challengeBytes(label: string, n: number): Uint8Array {
    this.strobe.metaAd(ascii(label), false);
    this.strobe.metaAdLength(n, true);
    return this.strobe.prf(n, false);
  }
}
