// A TCP proxy in front of a real server that cuts the reply stream short: it forwards the
// first `messages` complete DNS messages (two-byte framed) and `bytes` more, then closes;
// `mutate` changes the first message (a tampered reply).
// Models a transfer that a network fault or a crashing server ends early.
import { connect, createServer, type Socket } from 'node:net';

export interface CutProxy {
  address: string;
  port: number;
  stop(): Promise<void>;
}

export async function startCutProxy(target: { host: string; port: number }, cut: { messages: number; bytes?: number; mutate?: (msg: Buffer) => void }): Promise<CutProxy> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    const up = connect(target.port, target.host);
    sockets.add(up);
    client.on('data', (d) => up.write(d));
    client.on('error', () => up.destroy());
    up.on('error', () => client.destroy());
    let buf = Buffer.alloc(0);
    let sent = 0;
    let done = false;
    up.on('data', (chunk: Buffer) => {
      if (done) return;
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2 && sent < cut.messages) {
        const len = buf.readUInt16BE(0);
        if (buf.length < len + 2) return;
        const one = Buffer.from(buf.subarray(0, len + 2));
        if (cut.mutate && sent === 0) cut.mutate(one);
        client.write(one);
        buf = buf.subarray(len + 2);
        sent++;
      }
      if (sent >= cut.messages && buf.length >= (cut.bytes ?? 0)) {
        done = true;
        client.end(buf.subarray(0, cut.bytes ?? 0));
        up.destroy();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return {
    address: `127.0.0.1:${port}`,
    port,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
