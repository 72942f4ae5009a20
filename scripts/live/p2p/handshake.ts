// Dials a Tendermint P2P address, runs the SecretConnection handshake and the NodeInfo exchange
// as a checker (never as a peer), and returns what happened as plain data. Each phase has its own
// deadline, like upstream's 3 s per phase; the node gets a NodeInfo it refuses (no channels).
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ed25519Sign, ed25519Verify, newX25519Key, nodeIdOf, type Ed25519Key, type X25519Key } from '../../tendermint/keys.js';
import { concat, decodeAuthSig, decodeBytesValue, decodeNodeInfo, delimited, encodeAuthSig, encodeNodeInfo, ProtoError, readUvarint, type NodeInfo } from '../../tendermint/proto.js';
import { deriveSecrets, ephemeralMessage, FRAME_SEALED, FrameError, FrameOpener, FrameSealer } from './secret-connection.js';
import type { P2pOutcome, P2pPhase } from './facts.js';

/** Upstream limits: NodeInfo ≤ 10,240 bytes (p2p/transport.go); the rest is generous. */
const MAX_EPHEMERAL_MSG = 1024;
const MAX_AUTH_MSG = 4096;
const MAX_NODEINFO = 10240;
const MAX_BUFFERED = 64 * 1024;

export interface HandshakeOptions {
  host: string;
  port: number;
  /** Deadline of each phase (connect, ephemeral keys, signatures, NodeInfo). */
  timeoutMs: number;
  /** The checker's node key: a fresh key per run is enough. */
  nodeKey: Ed25519Key;
  /** What we present; the node reads it after sending its own and refuses it. */
  nodeInfo: NodeInfo;
  /** Fixed ephemeral key (tests); default a fresh one. */
  ephemeral?: X25519Key;
}

export interface HandshakeResult {
  outcome: P2pOutcome;
  /** Node ID proven by the handshake (the key signed the challenge), lower-case hex. */
  remoteId?: string;
  /** The node's Ed25519 node key, base64 (set once its AuthSigMessage was read). */
  remotePubKey?: string;
  nodeInfo?: NodeInfo;
  elapsedMs: number;
}

class PhaseError extends Error {
  constructor(readonly outcome: P2pOutcome) {
    super(outcome.kind === 'ok' ? 'ok' : outcome.message);
  }
}

/** Buffers socket data; `until`/`bytes` wait until enough is there, the phase deadline passes, or the socket ends. */
class Reader {
  private buf: Buffer = Buffer.alloc(0);
  private ended: { kind: 'closed' | 'error'; message: string; code?: string } | undefined;
  private wake: (() => void) | undefined;

  constructor(socket: Socket, private readonly timeoutMs: number) {
    socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, d]) : d;
      if (this.buf.length > MAX_BUFFERED) socket.destroy();
      this.wake?.();
    });
    socket.on('end', () => {
      this.ended ??= { kind: 'closed', message: 'the node closed the connection' };
      this.wake?.();
    });
    socket.on('close', () => {
      this.ended ??= { kind: 'closed', message: 'the connection closed' };
      this.wake?.();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      this.ended ??= { kind: 'error', message: e.message, ...(e.code ? { code: e.code } : {}) };
      this.wake?.();
    });
  }

  get buffered(): Buffer {
    return this.buf;
  }

  take(n: number): Buffer {
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  /** Resolves when `ready()` holds; rejects with a phase outcome on deadline or end. */
  async until(ready: () => boolean, phase: P2pPhase, deadline: number): Promise<void> {
    while (!ready()) {
      if (this.ended) {
        const e = this.ended;
        const reset = e.code === 'ECONNRESET' || e.code === 'EPIPE';
        if (this.buf.length) throw garbage(phase, `${this.buf.length} bytes that are not a complete Tendermint handshake message, then ${reset ? 'a reset' : 'the connection closed'}`);
        throw new PhaseError({ kind: 'closed', phase, message: reset ? `the node reset the connection (${e.code})` : e.message });
      }
      const left = deadline - performance.now();
      if (left <= 0) throw new PhaseError({ kind: 'timeout', phase, message: `no answer within ${this.timeoutMs} ms` });
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.wake = undefined;
          resolve();
        }, left);
        this.wake = () => {
          clearTimeout(t);
          this.wake = undefined;
          resolve();
        };
      });
    }
  }

  async bytes(n: number, phase: P2pPhase, deadline: number): Promise<Buffer> {
    await this.until(() => this.buf.length >= n, phase, deadline);
    return this.take(n);
  }
}

function garbage(phase: P2pPhase, message: string): PhaseError {
  return new PhaseError({ kind: 'garbage', phase, message });
}

/** Reads one uvarint-delimited message carried in sealed frames. */
async function readSealed(r: Reader, opener: FrameOpener, max: number, phase: P2pPhase, deadline: number): Promise<Uint8Array> {
  let data: Buffer = Buffer.alloc(0);
  for (;;) {
    let len: ReturnType<typeof readUvarint>;
    try {
      len = readUvarint(data, 0);
    } catch (err) {
      throw garbage(phase, (err as Error).message);
    }
    if (len && len.value > max) throw garbage(phase, `message of ${len.value} bytes exceeds ${max}`);
    if (len && data.length >= len.next + len.value) return data.subarray(len.next, len.next + len.value);
    const frame = await r.bytes(FRAME_SEALED, phase, deadline);
    try {
      data = Buffer.concat([data, opener.open(frame)]);
    } catch (err) {
      if (err instanceof FrameError) throw garbage(phase, err.message);
      throw err;
    }
  }
}

function connectSocket(host: string, port: number, deadline: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const ms = Math.max(0, deadline - performance.now());
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new PhaseError({ kind: 'timeout', phase: 'connect', message: `TCP connect did not finish within ${Math.round(ms)} ms` }));
    }, ms);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      const kind = e.code === 'ECONNREFUSED' ? 'refused' : e.code === 'ETIMEDOUT' ? 'timeout' : 'unreachable';
      reject(new PhaseError(kind === 'timeout' ? { kind, phase: 'connect', message: e.message } : { kind, message: e.message, ...(e.code ? { code: e.code } : {}) }));
    });
  });
}

export async function p2pHandshake(opts: HandshakeOptions): Promise<HandshakeResult> {
  const t0 = performance.now();
  let socket: Socket;
  try {
    socket = await connectSocket(opts.host, opts.port, performance.now() + opts.timeoutMs);
  } catch (err) {
    if (!(err instanceof PhaseError)) throw err;
    return { outcome: err.outcome, elapsedMs: Math.round(performance.now() - t0) };
  }
  try {
    return await handshakeOn(socket, opts, t0);
  } finally {
    socket.destroy();
  }
}

/**
 * The SecretConnection and NodeInfo exchange on a connected socket. The protocol is symmetric,
 * so a test or benchmark peer runs the same code on an accepted socket.
 */
export async function handshakeOn(socket: Socket, opts: Omit<HandshakeOptions, 'host' | 'port'>, t0 = performance.now()): Promise<HandshakeResult> {
  const result: Omit<HandshakeResult, 'elapsedMs' | 'outcome'> = {};
  const phaseEnd = () => performance.now() + opts.timeoutMs;
  try {
    socket.on('error', () => {}); // reported through the Reader
    const r = new Reader(socket, opts.timeoutMs);
    const eph = opts.ephemeral ?? newX25519Key();

    // 1. Ephemeral X25519 keys, in plaintext, both sides at once.
    socket.write(ephemeralMessage(eph.pub));
    let deadline = phaseEnd();
    await r.until(() => {
      const len = readUvarint(r.buffered, 0);
      return !!len && (len.value > MAX_EPHEMERAL_MSG || r.buffered.length >= len.next + len.value);
    }, 'ephemeral', deadline).catch((err) => {
      if (err instanceof ProtoError) throw garbage('ephemeral', `not a Tendermint P2P handshake (${err.message})`);
      throw err;
    });
    const len = readUvarint(r.buffered, 0)!;
    if (len.value > MAX_EPHEMERAL_MSG) throw garbage('ephemeral', `not a Tendermint P2P handshake (first message claims ${len.value} bytes)`);
    r.take(len.next);
    let theirEph: Uint8Array;
    try {
      theirEph = decodeBytesValue(r.take(len.value));
    } catch (err) {
      throw garbage('ephemeral', `not a Tendermint P2P handshake (${(err as Error).message})`);
    }
    if (theirEph.length !== 32) throw garbage('ephemeral', `the ephemeral key has ${theirEph.length} bytes, not 32`);
    const secrets = deriveSecrets(eph, theirEph);
    if (!secrets) throw new PhaseError({ kind: 'bad-signature', message: 'the node sent a low-order ephemeral key (all-zero shared secret)' });

    // 2. Sign the Merlin challenge with the node key; read and verify the node's signature.
    // Our NodeInfo follows in the same write: upstream reads the signature frame by frame and
    // then the NodeInfo from the same stream, so nothing changes on the wire but one write and
    // one round trip less per node (bench row 10: on loopback each write is a syscall that also
    // runs the receiver's TCP stack).
    const sealer = new FrameSealer(secrets.sendKey);
    const opener = new FrameOpener(secrets.recvKey);
    const authFrame = sealer.seal(delimited(encodeAuthSig(opts.nodeKey.pub, ed25519Sign(opts.nodeKey, secrets.challenge))));
    socket.write(concat([authFrame, sealer.seal(nodeInfoMessage(opts.nodeInfo, opts.nodeKey))]));
    deadline = phaseEnd();
    const authBytes = await readSealed(r, opener, MAX_AUTH_MSG, 'auth', deadline);
    let auth: ReturnType<typeof decodeAuthSig>;
    try {
      auth = decodeAuthSig(authBytes);
    } catch (err) {
      throw garbage('auth', (err as Error).message);
    }
    if (!auth.ed25519 || auth.ed25519.length !== 32) throw garbage('auth', auth.otherKeyType ? 'the node key is not Ed25519' : 'no Ed25519 node key in the AuthSigMessage');
    result.remotePubKey = Buffer.from(auth.ed25519).toString('base64');
    if (!ed25519Verify(auth.ed25519, secrets.challenge, auth.sig)) {
      throw new PhaseError({ kind: 'bad-signature', message: `the key ${result.remotePubKey} did not sign this connection's challenge` });
    }
    result.remoteId = nodeIdOf(auth.ed25519);

    // 3. NodeInfo, both ways at once (ours is already sent): the node sends its own before judging ours.
    deadline = phaseEnd();
    const infoBytes = await readSealed(r, opener, MAX_NODEINFO, 'nodeinfo', deadline);
    try {
      result.nodeInfo = decodeNodeInfo(infoBytes);
    } catch (err) {
      throw garbage('nodeinfo', (err as Error).message);
    }
    return { ...result, outcome: { kind: 'ok' }, elapsedMs: Math.round(performance.now() - t0) };
  } catch (err) {
    if (!(err instanceof PhaseError)) throw err;
    return { ...result, outcome: err.outcome, elapsedMs: Math.round(performance.now() - t0) };
  }
}

// One audit presents the same NodeInfo to every node: encode it once.
const encoded = new WeakMap<NodeInfo, { pub: Uint8Array; msg: Uint8Array }>();
function nodeInfoMessage(info: NodeInfo, key: Ed25519Key): Uint8Array {
  const hit = encoded.get(info);
  if (hit && hit.pub === key.pub) return hit.msg;
  const msg = delimited(encodeNodeInfo({ ...info, id: nodeIdOf(key.pub) }));
  encoded.set(info, { pub: key.pub, msg });
  return msg;
}

/** The NodeInfo the checker presents: the right network and block protocol, but no channels, so the node refuses it as a peer. */
export function checkerNodeInfo(chainId: string, version: string): NodeInfo {
  return {
    protocolVersion: { p2p: 8, block: 11, app: 0 },
    id: '',
    listenAddr: 'tcp://0.0.0.0:26656',
    network: chainId,
    version,
    channels: '',
    moniker: 'pmnet-check',
    other: { txIndex: 'off', rpcAddress: '' },
  };
}
