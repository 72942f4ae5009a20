// TSIG (RFC 8945) and AXFR (RFC 5936) against a real BIND primary on loopback.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_DIR } from '../helpers/consortium.js';
import { axfr } from '../../scripts/live/dns/axfr.js';
import { parseTsigKey, signMessage, extractTsig } from '../../scripts/live/dns/tsig.js';
import { ep, key } from './helpers.js';
import { startBind, type BindServer } from '../harness/bind.js';
import { needs, runTool, SAME_CLOCK, spawnTool } from '../harness/needs.js';
import { startCutProxy } from '../harness/tcp-cut.js';

const SECRET = 'JT72nK2pUCr5A/OLBoJcife8658Ma7Tkc9XzAYIpWQU=';
const OTHER = 'c2VjcmV0LXRoYXQtaXMtbm90LXRoZS1zZXJ2ZXJzIQ==';
const EXAMPLE = readFileSync(join(EXAMPLE_DIR, 'zone', 'bdbnetwork.io.zone'), 'utf8');

/** A zone of `n` member CNAMEs: several AXFR messages. */
export function bigZone(n: number): string {
  const lines = ['$ORIGIN big.test.', '$TTL 3600', '@ IN SOA ns1.big.test. hostmaster.big.test. 7 7200 3600 1209600 300', '@ IN NS ns1.big.test.', 'ns1 IN A 192.0.2.53'];
  for (let i = 0; i < n; i++) lines.push(`member-${i}.nodes IN CNAME node-${i}.example.net.`);
  return lines.join('\n') + '\n';
}



// ---------------------------------------------------------------- keys

const k = suite('parseTsigKey');

k('reads nsupdate -y, name:algorithm:secret and the tsig-keygen clause alike', () => {
  const forms = [`hmac-sha256:deploy-key:${SECRET}`, `deploy-key:hmac-sha256:${SECRET}`, `deploy-key:${SECRET}`, `key "deploy-key" {\n\talgorithm hmac-sha256;\n\tsecret "${SECRET}";\n};\n`, `Deploy-Key.:HMAC-SHA256:${SECRET}\n`];
  for (const f of forms) {
    const r = parseTsigKey(f);
    assert.ok(r.ok, f);
    if (r.ok) {
      assert.is(r.key.name, 'deploy-key');
      assert.is(r.key.algorithm, 'hmac-sha256');
      assert.is(r.key.secret.toString('base64'), SECRET);
    }
  }
});

needs(k, 'tsig-keygen')('reads what tsig-keygen prints', () => {
  const out = runTool('tsig-keygen', ['-a', 'hmac-sha512', 'pmnet-deploy']);
  const r = parseTsigKey(out);
  assert.ok(r.ok, out);
  if (r.ok) assert.equal([r.key.name, r.key.algorithm, r.key.secret.length], ['pmnet-deploy', 'hmac-sha512', 64]);
});

k('bad keys get a reason that never shows the secret', () => {
  const bad: Array<[string, RegExp]> = [
    [`hmac-md5:k:${SECRET}`, /obsolete/],
    [`k:hmac-sha999:${SECRET}`, /unknown algorithm/],
    ['k:hmac-sha256:not base64!', /not base64/],
    ['k:hmac-sha256:c2hvcnQ=', /at least 16/],
    [`bad name:hmac-sha256:${SECRET}`, /not a DNS name/],
    [SECRET, /expected/],
    ['key "k" { secret "x"; };', /no "algorithm/],
    ['', /expected/],
  ];
  for (const [text, why] of bad) {
    const r = parseTsigKey(text);
    assert.not.ok(r.ok, text);
    if (!r.ok) {
      assert.match(r.reason, why);
      assert.not.ok(r.reason.includes(SECRET));
    }
  }
});

k('signMessage appends one TSIG record that extractTsig reads back', () => {
  const wire = Buffer.from('12340000000100000000000004746573740000060001', 'hex');
  const s = signMessage(wire, key(`k1:hmac-sha256:${SECRET}`), { time: 1_700_000_000 });
  assert.is(s.wire.readUInt16BE(10), 1);
  const t = extractTsig(s.wire)!;
  assert.equal([t.keyName, t.algorithm, t.time, t.fudge, t.originalId, t.error], ['k1', 'hmac-sha256', 1_700_000_000, 300, 0x1234, 0]);
  assert.ok(t.mac.equals(s.mac));
  assert.ok(t.unsigned.equals(wire));
});

needs(k, 'nsupdate')('our signature of a message equals the one nsupdate makes for it (same key, time, fudge)', async () => {
  // A TCP listener that keeps the first framed message nsupdate sends, then hangs up.
  const { createServer } = await import('node:net');
  let got: Buffer | undefined;
  const server = createServer((c) => {
    let buf = Buffer.alloc(0);
    c.on('error', () => {});
    c.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= buf.readUInt16BE(0) + 2) {
        got ??= buf.subarray(2, buf.readUInt16BE(0) + 2);
        c.destroy();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const input = `server 127.0.0.1 ${port}\nzone example.test.\nprereq yxrrset example.test. IN SOA ns1.example.test. h.example.test. 1 2 3 4 5\nupdate delete old.example.test. IN CNAME\nupdate add new.example.test. 300 IN A 192.0.2.7\nsend\n`;
  await new Promise<void>((r) => {
    const child = spawnTool('nsupdate', ['-v', '-t', '2', '-y', `hmac-sha256:deploy-key:${SECRET}`], { stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin!.end(input);
    child.on('close', () => r());
  });
  await new Promise<void>((r) => server.close(() => r()));
  assert.ok(got, 'nsupdate sent nothing');
  const theirs = extractTsig(got!)!;
  assert.equal([theirs.keyName, theirs.algorithm, theirs.fudge, theirs.error], ['deploy-key', 'hmac-sha256', 300, 0]);
  const ours = signMessage(theirs.unsigned, key(`deploy-key:hmac-sha256:${SECRET}`), { time: theirs.time, fudge: theirs.fudge });
  assert.is(ours.mac.toString('hex'), theirs.mac.toString('hex'));
  assert.ok(ours.wire.equals(got!), 'the whole signed message is byte-identical');
});

k.run();

// ---------------------------------------------------------------- AXFR against BIND

const x = suite('axfr against BIND');
// TSIG: pmnet and named must agree on the time (SAME_CLOCK).
const bindX = needs(x, 'named', SAME_CLOCK);
let bind: BindServer | undefined;
const KEY = `deploy-key:hmac-sha256:${SECRET}`;

bindX.before(async () => {
  bind = await startBind(
    [
      { origin: 'bdbnetwork.io', text: EXAMPLE, options: 'allow-transfer { key deploy-key; };' },
      { origin: 'big.test', text: bigZone(1000), options: 'allow-transfer { key deploy-key; };' },
      { origin: 'open.test', text: EXAMPLE.replace(/bdbnetwork\.io\./g, 'open.test.'), options: 'allow-transfer { any; };' },
    ],
    { extraConfig: `key "deploy-key" { algorithm hmac-sha256; secret "${SECRET}"; };\nkey "other-key" { algorithm hmac-sha256; secret "${OTHER}"; };` },
  );
});
x.after(async () => {
  await bind?.stop();
});

bindX('a signed transfer of the example zone: every record, the SOA first, verified', async () => {
  const r = await axfr(ep(bind!.address), 'bdbnetwork.io.', { key: key(KEY), timeoutMs: 5000 });
  assert.ok(r.ok, r.ok ? '' : r.detail);
  if (!r.ok) return;
  assert.is(r.soa.data.serial, 2026112400);
  assert.is(r.records[0]!.type, 'SOA');
  assert.is(r.records.length, EXAMPLE.split('\n').filter((l) => /\tIN\t/.test(l)).length);
  assert.ok(r.signed);
});

bindX('a 1,000-member zone arrives in several messages, each verified', async () => {
  const r = await axfr(ep(bind!.address), 'big.test', { key: key(KEY), timeoutMs: 5000 });
  assert.ok(r.ok, r.ok ? '' : r.detail);
  if (!r.ok) return;
  assert.is(r.records.length, 1003);
  assert.ok(r.messages > 1, `messages ${r.messages}`);
});

bindX('unsigned transfers work where the server allows them', async () => {
  const r = await axfr(ep(bind!.address), 'open.test', { timeoutMs: 5000 });
  assert.ok(r.ok && !r.signed, r.ok ? '' : r.detail);
});

bindX('a wrong secret is BADSIG, an unknown key BADKEY, no key REFUSED', async () => {
  const wrong = await axfr(ep(bind!.address), 'bdbnetwork.io', { key: key(`deploy-key:hmac-sha256:${OTHER}`), timeoutMs: 5000 });
  assert.equal([wrong.ok, !wrong.ok && wrong.status, !wrong.ok && wrong.tsigError], [false, 'TSIG', 'BADSIG']);
  assert.match(!wrong.ok ? wrong.detail : '', /secret differs/);
  const unknown = await axfr(ep(bind!.address), 'bdbnetwork.io', { key: key(`nobody:hmac-sha256:${SECRET}`), timeoutMs: 5000 });
  assert.equal([unknown.ok, !unknown.ok && unknown.tsigError], [false, 'BADKEY']);
  const other = await axfr(ep(bind!.address), 'bdbnetwork.io', { key: key(`other-key:hmac-sha256:${OTHER}`), timeoutMs: 5000 });
  assert.equal([other.ok, !other.ok && other.status], [false, 'REFUSED']);
  const none = await axfr(ep(bind!.address), 'bdbnetwork.io', { timeoutMs: 5000 });
  assert.equal([none.ok, !none.ok && none.status], [false, 'REFUSED']);
  assert.match(!none.ok ? none.detail : '', /no TSIG key given/);
});

bindX('a zone the server does not serve is refused', async () => {
  const r = await axfr(ep(bind!.address), 'not-here.test', { key: key(KEY), timeoutMs: 5000 });
  assert.not.ok(r.ok);
  if (!r.ok) assert.ok(['REFUSED', 'NOTAUTH'].includes(r.status), r.status);
});

bindX('a transfer cut short is TRUNCATED, never a smaller zone', async () => {
  for (const cut of [{ messages: 1 }, { messages: 1, bytes: 100 }, { messages: 0, bytes: 300 }]) {
    const proxy = await startCutProxy(bind!, cut);
    try {
      const r = await axfr(ep(proxy.address), 'big.test', { key: key(KEY), timeoutMs: 5000 });
      assert.equal([r.ok, !r.ok && r.status], [false, 'TRUNCATED'], JSON.stringify(cut));
      assert.match(!r.ok ? r.detail : '', /before the closing SOA|incomplete/);
    } finally {
      await proxy.stop();
    }
  }
});

bindX('a reply changed on the way fails the signature check', async () => {
  // One letter of a CNAME target: the message still decodes, only the MAC can tell.
  const proxy = await startCutProxy(bind!, { messages: 1000, mutate: (m) => void (m[m.indexOf('node-10')] ^= 0x01) });
  try {
    const r = await axfr(ep(proxy.address), 'big.test', { key: key(KEY), timeoutMs: 5000 });
    assert.equal([r.ok, !r.ok && r.status, !r.ok && r.tsigError], [false, 'TSIG', 'BADSIG'], r.ok ? 'accepted' : r.detail);
  } finally {
    await proxy.stop();
  }
});

x.run();
