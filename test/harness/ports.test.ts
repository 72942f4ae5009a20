// listenPair: UDP and TCP on one port without the EADDRINUSE race of "bind UDP, then TCP there".
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, createConnection } from 'node:net';
import { listenPair } from './bind.js';

test('listenPair: UDP and TCP answer on the same port', async () => {
  const tcp = createServer((c) => c.end('tcp'));
  const { udp, port } = await listenPair(() => createSocket('udp4'), tcp);
  try {
    assert.is(udp.address().port, port);
    assert.is((tcp.address() as { port: number }).port, port);
    const got = await new Promise<string>((resolve, reject) => {
      const c = createConnection(port, '127.0.0.1');
      let text = '';
      c.on('data', (b) => (text += b));
      c.on('end', () => resolve(text));
      c.on('error', reject);
    });
    assert.is(got, 'tcp');
  } finally {
    udp.close();
    await new Promise<void>((r) => tcp.close(() => r()));
  }
});

test('listenPair: when the UDP twin of the TCP port is taken, it moves to another port', async () => {
  const tcp = createServer();
  let calls = 0;
  const makeUdp = (): UdpSocket => {
    const u = createSocket('udp4');
    if (calls++ === 0) {
      // The race the old code lost about once in 40 runs: another process holds this UDP port.
      u.bind = ((p: number) => {
        process.nextTick(() => u.emit('error', Object.assign(new Error(`bind EADDRINUSE 127.0.0.1:${p}`), { code: 'EADDRINUSE' })));
        return u;
      }) as UdpSocket['bind'];
    }
    return u;
  };
  const { udp, port } = await listenPair(makeUdp, tcp);
  try {
    assert.is(calls, 2);
    assert.is(udp.address().port, port);
    assert.is((tcp.address() as { port: number }).port, port);
  } finally {
    udp.close();
    await new Promise<void>((r) => tcp.close(() => r()));
  }
});

test('listenPair: an error other than EADDRINUSE is not retried', async () => {
  const tcp = createServer();
  const makeUdp = (): UdpSocket => {
    const u = createSocket('udp4');
    u.bind = (() => {
      process.nextTick(() => u.emit('error', Object.assign(new Error('bind EACCES'), { code: 'EACCES' })));
      return u;
    }) as UdpSocket['bind'];
    return u;
  };
  const e = await listenPair(makeUdp, tcp).then(
    () => undefined,
    (x: NodeJS.ErrnoException) => x,
  );
  assert.is(e?.code, 'EACCES');
  assert.not.ok(tcp.listening, 'the TCP side is released');
});

test.run();
