// Misbehaving DNS servers on 127.0.0.1 (UDP and TCP on one random port), for client tests.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import * as packet from 'dns-packet';
import { listenPair } from './bind.js';

export type UdpMode =
  | 'ok' // a correct answer
  | 'silent' // never answers
  | 'garbage' // random bytes that do not even carry the query id
  | 'garbage-id' // the query id followed by bytes that do not decode
  | 'wrong-id' // a well-formed answer with another id (bogus data), nothing else
  | 'wrong-id-then-right' // the wrong-id answer, then 30 ms later the right one
  | 'wrong-question' // right id, another name in the question
  | 'servfail'
  | 'refused'
  | 'truncate' // TC bit and no answers: the client must go to TCP
  | 'bogus' // a validating resolver on a broken signature: SERVFAIL + EDE 6, the data with CD=1
  | 'referral' // an authoritative-only server: RA=0, AA=0, a referral to the root
  | 'no-edns'; // an old server: FORMERR to any query with an OPT record, answers without one

export type TcpMode =
  | 'ok'
  | 'split' // the framed reply in pieces: one byte per write through the length prefix and header, then 37-byte writes
  | 'coalesced' // a wrong-id reply and the right reply in one write
  | 'close-mid' // half the reply, then FIN
  | 'garbage' // a complete frame whose five bytes are not DNS
  | 'short' // a length prefix of 50, two bytes, then FIN
  | 'reset' // RST as soon as the connection is accepted
  | 'silent';

export type AnswerFn = (q: packet.Question) => packet.Answer[];

export interface FaultServer {
  host: string;
  port: number;
  address: string;
  /** UDP datagrams received. */
  udpQueries: number;
  tcpQueries: number;
  /** Decoded UDP queries, in arrival order. */
  queries: packet.DecodedPacket[];
  stop(): Promise<void>;
}

/** The bogus address a wrong-id answer carries: never accepted by a correct client. */
export const BOGUS_A = '203.0.113.66';

export function defaultAnswers(q: packet.Question): packet.Answer[] {
  if (q.type === 'A') return [{ type: 'A', name: q.name, ttl: 60, data: '192.0.2.1' }];
  if (q.type === 'AAAA') return [{ type: 'AAAA', name: q.name, ttl: 60, data: '2001:db8::1' }];
  return [];
}

interface ReplyOpts {
  answers?: packet.Answer[];
  authorities?: packet.Answer[];
  additionals?: packet.Answer[];
  rcode?: number;
  tc?: boolean;
  id?: number;
  name?: string;
  ra?: boolean;
  aa?: boolean;
}

function reply(query: packet.DecodedPacket, opts: ReplyOpts): Buffer {
  const q = query.questions![0]!;
  // RA: by default these servers stand in for recursive resolvers.
  const flags = (opts.rcode ?? 0) | (opts.tc ? packet.TRUNCATED_RESPONSE : 0) | (opts.aa === false ? 0 : packet.AUTHORITATIVE_ANSWER) | (opts.ra === false ? 0 : packet.RECURSION_AVAILABLE);
  return packet.encode({
    type: 'response',
    id: opts.id ?? query.id!,
    flags,
    questions: [{ ...q, name: opts.name ?? q.name }],
    answers: opts.answers ?? [],
    authorities: opts.authorities ?? [],
    additionals: opts.additionals ?? [],
  });
}

/** An OPT record carrying one Extended DNS Error (RFC 8914: INFO-CODE, EXTRA-TEXT). */
export function edeOpt(code: number, text: string): packet.Answer {
  const data = Buffer.concat([Buffer.from([code >> 8, code & 0xff]), Buffer.from(text, 'utf8')]);
  return { type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 0, ednsVersion: 0, flags: 0, options: [{ code: 15, data }] } as unknown as packet.Answer;
}

function garbage(len: number, avoidId: number): Buffer {
  const b = Buffer.alloc(len);
  for (let i = 0; i < len; i++) b[i] = (i * 131 + 7) & 0xff;
  if (b.readUInt16BE(0) === avoidId) b[0] = b[0]! ^ 0xff;
  return b;
}

/** `spare`: questions for this name are answered correctly whatever the mode (a canary that passes). */
export async function startFaultServer(udpMode: UdpMode, tcpMode: TcpMode = 'ok', answer: AnswerFn = defaultAnswers, opts: { spare?: string } = {}): Promise<FaultServer> {
  const host = '127.0.0.1';
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, f: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      f();
    }, ms);
    timers.add(t);
  };

  const tcpClients = new Set<TcpSocket>();
  const state = { udpQueries: 0, tcpQueries: 0 };
  const queries: packet.DecodedPacket[] = [];

  const onMessage = (udp: UdpSocket, buf: Buffer, rinfo: { port: number; address: string }) => {
    state.udpQueries++;
    let query: packet.DecodedPacket;
    try {
      query = packet.decode(buf);
    } catch {
      return;
    }
    queries.push(query);
    const q = query.questions?.[0];
    if (!q) return;
    const send = (b: Buffer) => udp.send(b, rinfo.port, rinfo.address);
    const right = () => reply(query, { answers: answer(q) });
    const wrong = () => reply(query, { id: (query.id! + 1) & 0xffff, answers: [{ type: 'A', name: q.name, ttl: 60, data: BOGUS_A }] });
    const spared = opts.spare !== undefined && q.name.toLowerCase().replace(/\.$/, '') === opts.spare;
    switch (spared ? 'ok' : udpMode) {
      case 'ok':
        return send(right());
      case 'silent':
        return;
      case 'garbage':
        return send(garbage(40, query.id!));
      case 'garbage-id': {
        const b = garbage(40, -1);
        b.writeUInt16BE(query.id!, 0);
        b.writeUInt16BE(0x8000 | 1, 2); // QR, 1 question
        b.writeUInt16BE(1, 4);
        b.writeUInt16BE(1, 6);
        b[12] = 0xc0; // a compression pointer pointing forward: undecodable
        b[13] = 0x20;
        return send(b);
      }
      case 'wrong-id':
        return send(wrong());
      case 'wrong-id-then-right':
        send(wrong());
        return later(30, () => send(right()));
      case 'wrong-question':
        return send(reply(query, { name: `spoofed.${q.name}`, answers: [{ type: 'A', name: `spoofed.${q.name}`, ttl: 60, data: BOGUS_A }] }));
      case 'servfail':
        return send(reply(query, { rcode: 2 }));
      case 'refused':
        return send(reply(query, { rcode: 5 }));
      case 'truncate':
        return send(reply(query, { tc: true }));
      case 'bogus':
        return send(query.flag_cd ? right() : reply(query, { rcode: 2, additionals: [edeOpt(6, 'validation failure <bogus.test. A IN>: signature crypto failed')] }));
      case 'referral':
        return send(reply(query, { ra: false, aa: false, authorities: [{ type: 'NS', name: '.', ttl: 518400, data: 'a.root-servers.net' }] }));
      case 'no-edns': {
        const edns = (query.additionals ?? []).some((a) => a.type === 'OPT');
        return send(edns ? reply(query, { rcode: 1, ra: false }) : reply(query, { answers: answer(q), ra: false }));
      }
    }
  };

  const tcp: Server = createServer((sock) => {
    tcpClients.add(sock);
    sock.on('close', () => tcpClients.delete(sock));
    sock.on('error', () => {});
    if (tcpMode === 'reset') return void sock.resetAndDestroy();
    if (tcpMode === 'garbage') return void sock.end(Buffer.from([0, 5, 1, 2, 3, 4, 5]));
    if (tcpMode === 'short') return void sock.end(Buffer.from([0, 50, 1, 2]));
    let buf: Buffer = Buffer.alloc(0);
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 2 || buf.length < buf.readUInt16BE(0) + 2) return;
      state.tcpQueries++;
      const query = packet.decode(buf.subarray(2, buf.readUInt16BE(0) + 2));
      const q = query.questions![0]!;
      const frame = (b: Buffer) => {
        const f = Buffer.alloc(b.length + 2);
        f.writeUInt16BE(b.length, 0);
        b.copy(f, 2);
        return f;
      };
      const right = frame(reply(query, { answers: answer(q) }));
      switch (tcpMode) {
        case 'ok':
          return void sock.write(right);
        case 'silent':
          return;
        case 'split': {
          // Byte by byte where framing is decided (the length prefix), then odd-sized pieces: a
          // whole reply one byte per millisecond timer took seconds on a loaded machine.
          let i = 0;
          const step = () => {
            if (sock.destroyed || i >= right.length) return;
            const n = i < 14 ? 1 : 37;
            sock.write(right.subarray(i, i + n));
            i += n;
            later(1, step);
          };
          return step();
        }
        case 'coalesced': {
          const bogus = frame(reply(query, { id: (query.id! + 1) & 0xffff, answers: [{ type: 'A', name: q.name, ttl: 60, data: BOGUS_A }] }));
          return void sock.write(Buffer.concat([bogus, right]));
        }
        case 'close-mid':
          sock.write(right.subarray(0, Math.floor(right.length / 2)));
          return void sock.end();
      }
    });
  });

  const { udp, port } = await listenPair(() => {
    const u = createSocket('udp4');
    u.on('message', (buf, rinfo) => onMessage(u, buf, rinfo));
    return u;
  }, tcp, host);

  return {
    host,
    port,
    address: `${host}:${port}`,
    get udpQueries() {
      return state.udpQueries;
    },
    get tcpQueries() {
      return state.tcpQueries;
    },
    queries,
    async stop() {
      for (const t of timers) clearTimeout(t);
      for (const s of tcpClients) s.destroy();
      await new Promise<void>((r) => tcp.close(() => r()));
      await new Promise<void>((r) => udp.close(() => r()));
    },
  };
}
