// Faults no upstream peer produces: a closed port, another protocol, a broken frame, a hang
// before any byte. Local servers on 127.0.0.1.
import { createServer, type Server, type Socket } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkerNodeInfo, p2pHandshake } from '../../scripts/live/p2p/handshake.js';
import { newEd25519Key, newX25519Key } from '../../scripts/tendermint/keys.js';
import { ephemeralMessage } from '../../scripts/live/p2p/secret-connection.js';
import { assertNoHang } from '../harness/no-hang.js';

const nodeKey = newEd25519Key();

async function serve(onConn: (s: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onConn);
  server.unref(); // a failed assertion must not keep the test process alive
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as { port: number }).port };
}

const dial = (port: number, timeoutMs = 1000) => p2pHandshake({ host: '127.0.0.1', port, timeoutMs, nodeKey, nodeInfo: checkerNodeInfo('c', '0.34.24') });

test('closed port: refused', async () => {
  const { server, port } = await serve(() => {});
  await new Promise((r) => server.close(r));
  const r = await dial(port);
  assert.is(r.outcome.kind, 'refused');
});

test('an HTTP server on the port: garbage in the ephemeral phase', async () => {
  const { server, port } = await serve((s) => {
    s.on('data', () => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
  });
  const r = await dial(port);
  assert.is(r.outcome.kind, 'garbage', JSON.stringify(r.outcome));
  server.close();
});

test('a server sending an endless length prefix: garbage, not a hang', async () => {
  const { server, port } = await serve((s) => s.write(Buffer.alloc(12, 0xff)));
  const r = await dial(port);
  assert.is(r.outcome.kind, 'garbage');
  server.close();
});

test('a valid ephemeral key then random frames: garbage (authentication failed)', async () => {
  const { server, port } = await serve((s) => {
    s.write(ephemeralMessage(newX25519Key().pub));
    s.write(Buffer.alloc(1044, 7));
  });
  const r = await dial(port);
  assert.is(r.outcome.kind, 'garbage');
  assert.is((r.outcome as { phase: string }).phase, 'auth');
  server.close();
});

test('a 31-byte ephemeral key: garbage', async () => {
  const { server, port } = await serve((s) => s.write(Buffer.from('210a1f' + '11'.repeat(31), 'hex')));
  const r = await dial(port);
  assert.is(r.outcome.kind, 'garbage');
  server.close();
});

test('a low-order ephemeral key: refused like upstream', async () => {
  const { server, port } = await serve((s) => s.write(ephemeralMessage(new Uint8Array(32))));
  const r = await dial(port);
  assert.is(r.outcome.kind, 'bad-signature');
  server.close();
});

test('silent server: timeout within the deadline; closing server: closed', async () => {
  const silent = await serve(() => {});
  const r = await dial(silent.port, 300);
  assert.is(r.outcome.kind, 'timeout');
  assertNoHang(r.elapsedMs, 'a handshake with a silent server');
  silent.server.close();
  const closing = await serve((s) => s.end());
  const c = await dial(closing.port);
  assert.is(c.outcome.kind, 'closed');
  closing.server.close();
});

test.run();
