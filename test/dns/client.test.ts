// The DNS client against misbehaving servers on loopback (and its pure helpers).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { performance } from 'node:perf_hooks';
import type * as packet from 'dns-packet';
import { canonicalIPv6, checkName, MAX_CNAME_DEPTH, parseResolver, resolve, type Resolver } from '../../scripts/live/dns/client.js';
import { createLimiter } from '../../scripts/live/pool.js';
import { formatMessage } from '../../scripts/rules/message.js';
import { BOGUS_A, startFaultServer, type TcpMode, type UdpMode } from '../harness/dns-faults.js';
import { freePort } from '../harness/bind.js';
import { assertNoHang, NO_HANG_MS } from '../harness/no-hang.js';

/** A timeout no answer-at-once case may wait for: running into it fails assertNoHang. */
const NEVER = 2 * NO_HANG_MS;
const limiter = createLimiter(64);

function resolverAt(address: string): Resolver {
  const r = parseResolver(address);
  if (!r.ok) throw new Error(r.reason);
  return r.resolver;
}

async function ask(udp: UdpMode, tcp: TcpMode = 'ok', opts: { timeoutMs?: number; retries?: number; answers?: (q: packet.Question) => packet.Answer[]; type?: 'A' | 'AAAA' | 'TXT' } = {}) {
  const srv = await startFaultServer(udp, tcp, opts.answers);
  const timeoutMs = opts.timeoutMs ?? 400;
  try {
    const t0 = performance.now();
    const ans = await resolve(resolverAt(srv.address), 'node.example.test', opts.type ?? 'A', { timeoutMs, retries: opts.retries ?? 1, limiter });
    const ms = performance.now() - t0;
    return { ans, ms, udpQueries: srv.udpQueries, tcpQueries: srv.tcpQueries, timeoutMs, queries: srv.queries };
  } finally {
    await srv.stop();
  }
}

// ---------------------------------------------------------------- helpers

const pure = suite('dns client: names and resolvers');

pure('parseResolver accepts host, host:port, [v6]:port and bare IPv6', () => {
  const r = (t: string) => {
    const x = parseResolver(t);
    return x.ok ? x.resolver : x.reason;
  };
  assert.equal(r('192.0.2.53'), { host: '192.0.2.53', port: 53, family: 4, label: '192.0.2.53:53' });
  assert.equal(r('127.0.0.1:5353'), { host: '127.0.0.1', port: 5353, family: 4, label: '127.0.0.1:5353' });
  assert.equal(r('[2001:db8::53]:5300'), { host: '2001:db8::53', port: 5300, family: 6, label: '[2001:db8::53]:5300' });
  assert.equal(r('2001:db8::53'), { host: '2001:db8::53', port: 53, family: 6, label: '[2001:db8::53]:53' });
  assert.equal(r('[::1]'), { host: '::1', port: 53, family: 6, label: '[::1]:53' });
});

pure('parseResolver rejects names, bad ports, short IPv4 and zone ids', () => {
  for (const bad of ['dns.google', 'dns.google:53', '127.0.0.1:0', '127.0.0.1:65536', '127.1', '0x7f.0.0.1', '[fe80::1%eth0]:53', '1.2.3.4:53:53', '', '[::1]:x']) {
    const x = parseResolver(bad);
    assert.not.ok(x.ok, bad);
  }
});

pure('checkName enforces RFC 1035 label and name lengths before dns-packet encodes', () => {
  const l63 = 'a'.repeat(63);
  assert.equal(checkName(`${l63}.test.`), { ok: true, name: `${l63}.test` });
  const long = checkName(`${'a'.repeat(64)}.test`);
  assert.not.ok(long.ok);
  assert.match(long.ok ? '' : long.reason, /64 octets, more than 63/);
  const name254 = Array.from({ length: 127 }, () => 'a').join('.') + '.bb'; // 253 + 1
  assert.is(name254.length, 256);
  assert.not.ok(checkName(name254).ok);
  const name253 = `${'a.'.repeat(125)}bbb`;
  assert.is(name253.length, 253);
  assert.ok(checkName(name253).ok);
  for (const bad of ['exa;mple.test', 'a..b', 'a b.test', '-a.test', 'a-.test', 'é.test', '$include.test', '', '.']) assert.not.ok(checkName(bad).ok, bad);
  assert.equal(checkName('_planetmint.Abc-Org73.NET'), { ok: true, name: '_planetmint.abc-org73.net' });
});

pure('canonicalIPv6 gives RFC 5952 text', () => {
  assert.is(canonicalIPv6('2001:DB8:0:0:0:0:0:1'), '2001:db8::1');
  assert.is(canonicalIPv6('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
  assert.is(canonicalIPv6('2001:db8::0:1'), '2001:db8::1');
});

pure.run();

// ---------------------------------------------------------------- fault servers

const faults = suite('dns client: fault servers on loopback');

faults('a correct server gives NOERROR with the address', async () => {
  const { ans, ms, udpQueries } = await ask('ok', 'ok', { timeoutMs: NEVER });
  assert.is(ans.status, 'NOERROR');
  assert.equal(ans.values, ['192.0.2.1']);
  assert.is(ans.ttl, 60);
  assert.is(udpQueries, 1);
  assertNoHang(ms, 'an answered query');
});

faults('the query: RD, one question, EDNS0 OPT advertising 1232 bytes, random ids', async () => {
  const srv = await startFaultServer('ok');
  try {
    const r = resolverAt(srv.address);
    for (let i = 0; i < 8; i++) await resolve(r, 'Node.Example.test.', 'AAAA', { timeoutMs: 300, retries: 0, limiter });
    const q = srv.queries[0]!;
    assert.ok(q.flag_rd);
    assert.equal(q.questions, [{ name: 'node.example.test', type: 'AAAA', class: 'IN' }]);
    const opt = q.additionals!.find((a) => a.type === 'OPT') as packet.OptAnswer;
    assert.is(opt.udpPayloadSize, 1232);
    assert.ok(new Set(srv.queries.map((x) => x.id)).size >= 7, 'ids vary');
  } finally {
    await srv.stop();
  }
});

faults('a server that never answers: TIMEOUT after the timeout, with retransmissions', async () => {
  const { ans, ms, udpQueries, timeoutMs } = await ask('silent', 'ok', { timeoutMs: 450, retries: 2 });
  assert.is(ans.status, 'TIMEOUT');
  assert.equal(ans.values, []);
  assert.is(udpQueries, 3, 'first try + 2 retries');
  assert.ok(ms >= timeoutMs - 5, `gave up after ${ms} ms, before the ${timeoutMs} ms timeout`);
  assertNoHang(ms, 'a silent server');
});

faults('garbage bytes without our id: MALFORMED (not a crash), after the timeout', async () => {
  const { ans, ms, timeoutMs } = await ask('garbage');
  assert.is(ans.status, 'MALFORMED');
  assert.match(ans.detail ?? '', /only malformed bytes/);
  assert.ok(ms >= timeoutMs - 5, `${ms} ms`);
  assertNoHang(ms, 'garbage');
});

faults('undecodable bytes carrying our id: MALFORMED without waiting for the timeout', async () => {
  const { ans, ms } = await ask('garbage-id', 'ok', { timeoutMs: NEVER });
  assert.is(ans.status, 'MALFORMED');
  assert.match(ans.detail ?? '', /Cannot decode name/);
  assertNoHang(ms, 'MALFORMED (it waited for the timeout)');
});

faults('an answer with the wrong id is never accepted', async () => {
  const { ans, ms, timeoutMs } = await ask('wrong-id');
  assert.is(ans.status, 'TIMEOUT');
  assert.not.ok(ans.values.includes(BOGUS_A));
  assert.ok(ms >= timeoutMs - 5, `${ms} ms`);
  assertNoHang(ms, 'a wrong-id server');
});

faults('wrong id then the right one: the right one wins', async () => {
  const { ans, ms, udpQueries } = await ask('wrong-id-then-right', 'ok', { timeoutMs: NEVER });
  assert.is(ans.status, 'NOERROR');
  assert.equal(ans.values, ['192.0.2.1']);
  assert.is(udpQueries, 1, 'no retry: the right answer came on the same query');
  assertNoHang(ms, 'the right answer (it waited for the timeout)');
});

faults('right id but another question is ignored', async () => {
  const { ans } = await ask('wrong-question');
  assert.is(ans.status, 'TIMEOUT');
  assert.equal(ans.values, []);
});

faults('SERVFAIL and REFUSED are told apart', async () => {
  const sf = await ask('servfail', 'ok', { timeoutMs: NEVER });
  assert.is(sf.ans.status, 'SERVFAIL');
  assertNoHang(sf.ms, 'SERVFAIL (it waited for the timeout)');
  const rf = await ask('refused');
  assert.is(rf.ans.status, 'REFUSED');
});

faults('NODATA: NOERROR without records of the type', async () => {
  const { ans } = await ask('ok', 'ok', { type: 'TXT' });
  assert.is(ans.status, 'NODATA');
});

const hundred = (q: packet.Question): packet.Answer[] =>
  q.type === 'A' ? Array.from({ length: 100 }, (_, i) => ({ type: 'A' as const, name: q.name, ttl: 60, data: `198.18.${i >> 8}.${i & 0xff}` })) : [];

faults('TC over UDP -> TCP; a reply written one byte at a time is reassembled', async () => {
  const { ans, tcpQueries, ms } = await ask('truncate', 'split', { answers: hundred, timeoutMs: NEVER });
  assert.is(ans.status, 'NOERROR');
  assert.ok(ans.tcp);
  assert.is(tcpQueries, 1);
  assert.is(ans.values.length, 100);
  assert.ok(ans.values.includes('198.18.0.99'));
  assertNoHang(ms, 'a split TCP reply');
});

faults('TCP: a wrong-id reply coalesced with the right one in one chunk', async () => {
  const { ans } = await ask('truncate', 'coalesced');
  assert.is(ans.status, 'NOERROR');
  assert.equal(ans.values, ['192.0.2.1']);
  assert.ok(ans.tcp);
});

faults('TCP: connection closed mid-message is MALFORMED', async () => {
  const { ans, ms } = await ask('truncate', 'close-mid', { timeoutMs: NEVER });
  assert.is(ans.status, 'MALFORMED');
  assert.match(ans.detail ?? '', /incomplete message/);
  assertNoHang(ms, 'a TCP close mid-message (it waited for the timeout)');
});

faults('TCP: silent after TC is a TIMEOUT', async () => {
  const { ans, ms, timeoutMs } = await ask('truncate', 'silent');
  assert.is(ans.status, 'TIMEOUT');
  assert.ok(ms >= timeoutMs - 5, `${ms} ms`);
  assertNoHang(ms, 'a silent TCP server');
});

faults('nobody listening: NETWORK error (ICMP port unreachable), without waiting for the timeout', async () => {
  const port = await freePort();
  const t0 = performance.now();
  const ans = await resolve(resolverAt(`127.0.0.1:${port}`), 'node.example.test', 'A', { timeoutMs: NEVER, retries: 0, limiter });
  const ms = performance.now() - t0;
  assert.is(ans.status, 'NETWORK');
  assert.is(ans.detail, 'ECONNREFUSED');
  assertNoHang(ms, 'ECONNREFUSED (it waited for the timeout)');
});

faults('a too-long label is refused before anything is sent', async () => {
  const srv = await startFaultServer('ok');
  try {
    const ans = await resolve(resolverAt(srv.address), `${'x'.repeat(64)}.test`, 'A', { timeoutMs: 300, retries: 0, limiter });
    assert.is(ans.status, 'BAD_NAME');
    assert.is(srv.udpQueries, 0);
  } finally {
    await srv.stop();
  }
});

faults('CNAME loop across replies is detected', async () => {
  const loop = (q: packet.Question): packet.Answer[] => {
    const n = q.name.toLowerCase();
    const next = n.startsWith('a.') ? `b.${n.slice(2)}` : `a.${n.slice(2)}`;
    return [{ type: 'CNAME', name: q.name, ttl: 60, data: next }];
  };
  const srv = await startFaultServer('ok', 'ok', loop);
  try {
    const ans = await resolve(resolverAt(srv.address), 'a.loop.test', 'A', { timeoutMs: 300, retries: 0, limiter });
    assert.is(ans.status, 'CNAME_LOOP');
    assert.equal(ans.chain, ['b.loop.test', 'a.loop.test']);
    assert.is(srv.udpQueries, 2);
  } finally {
    await srv.stop();
  }
});

faults('a CNAME to an invalid name: the detail says why first, so the 120-character value cap cuts only the names', async () => {
  const long = `${'n'.repeat(60)}.${'m'.repeat(60)}.${'o'.repeat(60)}`;
  const bad = (q: packet.Question): packet.Answer[] => [{ type: 'CNAME', name: q.name, ttl: 60, data: `x!y.${long}.test` }];
  const srv = await startFaultServer('ok', 'ok', bad);
  try {
    const ans = await resolve(resolverAt(srv.address), `${long}.bad.test`, 'A', { timeoutMs: 300, retries: 0, limiter });
    assert.is(ans.status, 'BAD_NAME');
    const shown = formatMessage('{detail}', { detail: ans.detail });
    assert.match(shown, /^label "x!y" is not letters, digits, hyphen \(or underscore\) \(CNAME n+…$/, 'the names are what the cap cut');
  } finally {
    await srv.stop();
  }
});

faults('CNAME chain longer than MAX_CNAME_DEPTH (16, no stricter than BIND and Unbound) stops with CNAME_DEPTH; 10 hops resolve', async () => {
  const deep = (q: packet.Question): packet.Answer[] => {
    const n = Number(/^h(\d+)\./.exec(q.name)?.[1] ?? 0);
    return [{ type: 'CNAME', name: q.name, ttl: 60, data: `h${n + 1}.deep.test` }];
  };
  const srv = await startFaultServer('ok', 'ok', deep);
  try {
    const ans = await resolve(resolverAt(srv.address), 'h0.deep.test', 'A', { timeoutMs: 300, retries: 0, limiter });
    assert.is(ans.status, 'CNAME_DEPTH');
    assert.is(ans.chain.length, MAX_CNAME_DEPTH + 1);
    assert.is(MAX_CNAME_DEPTH, 16);
  } finally {
    await srv.stop();
  }
});

faults('concurrency: 40 queries to a dead server are all sent before the first times out', async () => {
  const srv = await startFaultServer('silent');
  try {
    const r = resolverAt(srv.address);
    const sentWhenFirstSettled: number[] = [];
    const all = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        resolve(r, `n${i}.example.test`, 'A', { timeoutMs: 2000, retries: 0, limiter }).then((a) => {
          sentWhenFirstSettled.push(srv.udpQueries);
          return a;
        }),
      ),
    );
    assert.ok(all.every((a) => a.status === 'TIMEOUT'));
    // One at a time, the first would time out with one query sent (and forty would take 80 s).
    assert.is(sentWhenFirstSettled[0], 40);
  } finally {
    await srv.stop();
  }
});

faults('SERVFAIL with EDE 6 that goes away with CD=1: DNSSEC, with the recursor\'s reason', async () => {
  const srv = await startFaultServer('bogus');
  try {
    const ans = await resolve(resolverAt(srv.address), 'bogus.example.test', 'A', { timeoutMs: 500, retries: 0, limiter });
    assert.is(ans.status, 'DNSSEC');
    assert.equal(ans.ede, ['DNSSEC Bogus (EDE 6): validation failure <bogus.test. A IN>: signature crypto failed']);
    assert.match(ans.detail ?? '', /with checking disabled \(CD=1\) the resolver answers NOERROR/);
    assert.equal(srv.queries.map((q) => q.flag_cd), [false, true], 'asked again with CD=1');
  } finally {
    await srv.stop();
  }
});

faults('plain SERVFAIL (also with CD=1): SERVFAIL, inconclusive', async () => {
  const srv = await startFaultServer('servfail');
  try {
    const ans = await resolve(resolverAt(srv.address), 'x.example.test', 'A', { timeoutMs: 500, retries: 0, limiter });
    assert.is(ans.status, 'SERVFAIL');
  } finally {
    await srv.stop();
  }
});

faults('a referral (RA=0, AA=0) to a recursive question: NOT_RECURSIVE, never NODATA', async () => {
  const srv = await startFaultServer('referral');
  try {
    const ans = await resolve(resolverAt(srv.address), 'x.example.test', 'A', { timeoutMs: 500, retries: 0, limiter });
    assert.is(ans.status, 'NOT_RECURSIVE');
    assert.match(ans.detail ?? '', /referral to \. \(RA=0, AA=0\)/);
  } finally {
    await srv.stop();
  }
});

faults('a server without EDNS (FORMERR to OPT): asked again without OPT (RFC 6891 §7)', async () => {
  const srv = await startFaultServer('no-edns');
  try {
    const ans = await resolve(resolverAt(srv.address), 'x.example.test', 'A', { timeoutMs: 500, retries: 0, limiter, recursion: false });
    assert.is(ans.status, 'NOERROR');
    assert.equal(ans.values, ['192.0.2.1']);
    assert.equal(srv.queries.map((q) => (q.additionals ?? []).some((a) => a.type === 'OPT')), [true, false]);
  } finally {
    await srv.stop();
  }
});

faults.run();
