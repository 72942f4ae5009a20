// pmnet verify-zone sees everything a server serves: each foreign addition to the zone fails
// with one clear line (real named, AXFR), a serial that went backwards fails, a server without
// EDNS is named, a refused transfer says what could not be compared, and without --server the
// name servers come from network.yaml.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as packet from 'dns-packet';
import { run as zone } from '../../scripts/commands/zone.js';
import { run as verifyZoneCmd } from '../../scripts/commands/verify-zone.js';
import { parseRendered } from '../../scripts/zone/render.js';
import { parseEndpoint, queryServer } from '../../scripts/zone/dnsquery.js';
import { zoneServers } from '../../scripts/zone/servers.js';
import { startBind, type BindServer, type BindOptions } from '../harness/bind.js';
import { needs, SAME_CLOCK } from '../harness/needs.js';
import { startFaultServer } from '../harness/dns-faults.js';
import { exampleNetwork, tempDir } from './fixtures.js';
import { EXAMPLE_DIR } from '../helpers/consortium.js';

const bindTest = needs(test, 'named');
/** TSIG: pmnet and named must agree on the time. */
const tsigTest = needs(test, 'named', SAME_CLOCK);
const SECRET = Buffer.alloc(32, 7).toString('base64');

async function call(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await verifyZoneCmd(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

/** The example consortium with its committed zone; returns the root and the zone text. */
async function consortium(): Promise<{ root: string; text: string }> {
  const root = tempDir();
  cpSync(join(EXAMPLE_DIR, 'network.yaml'), join(root, 'network.yaml'));
  cpSync(join(EXAMPLE_DIR, 'members'), join(root, 'members'), { recursive: true });
  const r = await zone(['--root', root], { stdout: () => {}, stderr: () => {} });
  assert.is(r, 0);
  return { root, text: readFileSync(join(root, 'zone', 'bdbnetwork.io.zone'), 'utf8') };
}

async function serving(text: string, body: (srv: BindServer) => Promise<void>, opts: BindOptions = {}, zoneOptions = 'allow-transfer { any; };'): Promise<void> {
  const srv = await startBind([{ origin: 'bdbnetwork.io', text, options: zoneOptions }], opts);
  try {
    for (let i = 0; i < 50; i++) if (await queryServer(parseEndpoint(srv.address)!, 'bdbnetwork.io.', 'SOA', 200).then(() => true, () => false)) break;
    await body(srv);
  } finally {
    await srv.stop();
  }
}

const lines = (out: string) => out.split('\n').filter((l) => / (extra|wildcard|delegation|foreign-type|serial-ahead|serial-behind|no-edns|incomplete|missing|different) /.test(l));

bindTest('the committed zone served whole: exit 0, "the whole zone matches"', async () => {
  const { root, text } = await consortium();
  await serving(text, async (srv) => {
    const r = await call(['--root', root, '--server', srv.address]);
    assert.is(r.code, 0, r.out + r.err);
    assert.match(r.out, /whole zone compared \(AXFR\)/);
    assert.match(r.out, /the whole zone matches on 1 server/);
  });
});

bindTest('each addition outside the model fails with one clear line: extra name, extra type, wildcard, delegation', async () => {
  const { root, text } = await consortium();
  const cases: Array<[string, string, RegExp]> = [
    ['extra name (a rogue CNAME)', 'evil.nodes.bdbnetwork.io.\t300\tIN\tCNAME\tattacker.example.\n', /^127\.0\.0\.1:\d+ extra evil\.nodes\.bdbnetwork\.io\. CNAME: not intended by the model, but served: attacker\.example\.; remove it/],
    ['extra type at an intended name (TXT at the shared name)', 'api.bdbnetwork.io.\t300\tIN\tTXT\t"v=spf1 -all"\n', /^127\.0\.0\.1:\d+ foreign-type api\.bdbnetwork\.io\. TXT: a TXT RRset, a type pmnet never writes into this zone; remove it/],
    ['extra type at an intended name (MX at a member name)', 'abc-org73.nodes.bdbnetwork.io.\t300\tIN\tMX\t10 mail.attacker.example.\n', /foreign-type abc-org73\.nodes\.bdbnetwork\.io\. MX/],
    ['a wildcard', '*.nodes.bdbnetwork.io.\t300\tIN\tA\t203.0.113.66\n', /^127\.0\.0\.1:\d+ wildcard \*\.nodes\.bdbnetwork\.io\. A: a wildcard A \(203\.0\.113\.66\) that the model does not intend: the server answers it for every name below nodes\.bdbnetwork\.io; remove it/],
    ['a delegation', 'shop.bdbnetwork.io.\t300\tIN\tNS\tns.attacker.example.\n', /^127\.0\.0\.1:\d+ delegation shop\.bdbnetwork\.io\. NS: delegates shop\.bdbnetwork\.io to ns\.attacker\.example\., which the model does not intend/],
  ];
  for (const [label, extra, line] of cases) {
    // An MX at a CNAME owner would not load: put it beside the glue of ns1 instead.
    const served = label.includes('MX') ? `${text}ns1.bdbnetwork.io.\t300\tIN\tMX\t10 mail.attacker.example.\n` : text + extra;
    await serving(served, async (srv) => {
      const r = await call(['--root', root, '--server', srv.address]);
      assert.is(r.code, 1, `${label}: ${r.out}`);
      const found = lines(r.out);
      assert.is(found.length, 1, `${label}: exactly one problem line\n${r.out}`);
      if (label.includes('MX')) assert.match(found[0]!, /foreign-type ns1\.bdbnetwork\.io\. MX/, label);
      else assert.match(found[0]!, line, `${label}\n${r.out}`);
    });
  }
});

bindTest('serial: a committed zone whose serial went backwards fails (serial-ahead); a served zone behind it too', async () => {
  const { root, text } = await consortium();
  const serial = parseRendered(text)!.serial;
  const newer = text.replace(` ${serial} `, ` ${serial + 5} `);
  await serving(newer, async (srv) => {
    const r = await call(['--root', root, '--server', srv.address]);
    assert.is(r.code, 1);
    assert.equal(lines(r.out).length, 1, r.out);
    assert.match(r.out, new RegExp(`serial-ahead bdbnetwork\\.io\\. SOA: serves serial ${serial + 5}, newer than the committed zone's ${serial} \\(RFC 1982\\): the committed serial went backwards .* Secondaries holding ${serial + 5} would never transfer ${serial}\\. Run "pmnet zone"`));
  });
  const older = text.replace(` ${serial} `, ` ${serial - 1} `);
  await serving(older, async (srv) => {
    const r = await call(['--root', root, '--server', srv.address]);
    assert.is(r.code, 1);
    assert.match(r.out, new RegExp(`serial-behind bdbnetwork\\.io\\. SOA: serves serial ${serial - 1}, older than the committed zone's ${serial}`));
  });
});

bindTest('no transfer: a foreign type at an intended name is still found (ANY at every intended name)', async () => {
  const { root, text } = await consortium();
  await serving(`${text}api.bdbnetwork.io.\t300\tIN\tTXT\t"v=spf1 -all"\nbdbnetwork.io.\t300\tIN\tMX\t10 mail.attacker.example.\n`, async (srv) => {
    const r = await call(['--root', root, '--server', srv.address, '--no-axfr']);
    assert.is(r.code, 1, r.out);
    assert.equal(lines(r.out).map((l) => l.replace(/^\S+ /, '').replace(/:.*/, '')), ['foreign-type api.bdbnetwork.io. TXT', 'foreign-type bdbnetwork.io. MX'], r.out);
  }, {}, 'allow-transfer { none; };');
});

bindTest('no transfer: a wildcard is still found by asking for a made-up name', async () => {
  const { root, text } = await consortium();
  await serving(`${text}*.nodes.bdbnetwork.io.\t300\tIN\tCNAME\tattacker.example.\n`, async (srv) => {
    const r = await call(['--root', root, '--server', srv.address, '--no-axfr']);
    assert.is(r.code, 1, r.out);
    const found = lines(r.out);
    assert.is(found.length, 1, r.out);
    assert.match(found[0]!, /^127\.0\.0\.1:\d+ wildcard \*\.nodes\.bdbnetwork\.io\. CNAME: the made-up name _pmnet-probe-[0-9a-f]{12}\.nodes\.bdbnetwork\.io has CNAME data: a wildcard answers for every name below nodes\.bdbnetwork\.io; remove it$/);
  }, {}, 'allow-transfer { none; };');
});

bindTest('a refused transfer: the intended RRsets are still compared, and the run says what it could not compare', async () => {
  const { root, text } = await consortium();
  // A rogue name the per-RRset questions cannot see.
  await serving(`${text}evil.nodes.bdbnetwork.io.\t300\tIN\tCNAME\tattacker.example.\n`, async (srv) => {
    const r = await call(['--root', root, '--server', srv.address]);
    assert.is(r.code, 1, r.out);
    const found = lines(r.out);
    assert.is(found.length, 1, r.out);
    assert.match(found[0]!, /incomplete bdbnetwork\.io\. AXFR: no zone transfer \(AXFR bdbnetwork\.io from 127\.0\.0\.1:\d+: the server REFUSED the transfer \(no TSIG key given; the server may require one\)\): compared only the \d+ RRsets the model intends \(and every type at their names\), \d+ names that must not exist and made-up names for wildcards; other names \(a rogue CNAME or a delegation at a name the model never used\) could not be compared\. Allow AXFR to this host \(with a TSIG key: --key-file\), or pass --no-axfr/);
    const accepted = await call(['--root', root, '--server', srv.address, '--no-axfr']);
    assert.is(accepted.code, 0, accepted.out);
    assert.match(accepted.out, /only the intended RRsets compared/);
    assert.match(accepted.out, /all \d+ RRsets match/);
  }, {}, 'allow-transfer { none; };');
});

tsigTest('a TSIG-signed transfer (--key-file): the whole zone compared where only the key may transfer', async () => {
  const { root, text } = await consortium();
  const keyFile = join(root, 'verify.key');
  writeFileSync(keyFile, `verify-key:hmac-sha256:${SECRET}\n`);
  await serving(`${text}*.bdbnetwork.io.\t300\tIN\tTXT\t"catch-all"\n`, async (srv) => {
    const r = await call(['--root', root, '--server', srv.address, '--key-file', keyFile]);
    assert.is(r.code, 1, r.out);
    assert.match(r.out, /whole zone compared \(AXFR\)/);
    assert.equal(lines(r.out).map((l) => l.replace(/^\S+ /, '')), ['wildcard *.bdbnetwork.io. TXT: a wildcard TXT that the model does not intend: the server answers it for every name below bdbnetwork.io; remove it']);
  }, { extraConfig: `key "verify-key" { algorithm hmac-sha256; secret "${SECRET}"; };` }, 'allow-transfer { key verify-key; };');
});

test('a server without EDNS (FORMERR to OPT): asked again without, compared, and named in one line', async () => {
  const { root, text } = await consortium();
  const zoneRecords = parseRendered(text)!.sets;
  const answer = (q: packet.Question): packet.Answer[] => {
    const name = `${q.name.toLowerCase().replace(/\.$/, '')}.`;
    const set = zoneRecords.find((s) => s.name === name && s.type === q.type);
    if (!set) return [];
    return set.values.map((v) => {
      if (set.type !== 'SOA') return { type: set.type, name: q.name, ttl: set.ttl, data: v.replace(/\.$/, '') } as packet.Answer;
      const [mname, rname, serial, refresh, retry, expire, minimum] = v.split(' ');
      return { type: 'SOA', name: q.name, ttl: set.ttl, data: { mname: mname!.slice(0, -1), rname: rname!.slice(0, -1), serial: Number(serial), refresh: Number(refresh), retry: Number(retry), expire: Number(expire), minimum: Number(minimum) } };
    });
  };
  const srv = await startFaultServer('no-edns', 'ok', answer);
  try {
    const r = await call(['--root', root, '--server', srv.address, '--no-axfr']);
    assert.is(r.code, 1, r.out);
    assert.equal(lines(r.out).map((l) => l.replace(/^\S+ /, '').replace(/:.*/, '')), ['no-edns bdbnetwork.io. SOA'], r.out);
    assert.match(r.out, /answered FORMERR to a query with EDNS \(RFC 6891\), so it was asked again without/);
    assert.match(r.out, /only the intended RRsets compared/);
  } finally {
    await srv.stop();
  }
});

test('without --server: the name servers of network.yaml (glue, or looked up), port 53', async () => {
  const net = exampleNetwork();
  const asked: string[] = [];
  const found = await zoneServers(net, async (name) => {
    asked.push(name);
    return name === 'ns.dns-host.example' ? { ok: true, addresses: ['198.51.100.7', '2001:db8::7'] } : { ok: false, reason: 'NXDOMAIN' };
  });
  assert.equal(asked, ['ns.dns-host.example'], 'glue is used without a lookup');
  assert.equal(found.servers.map((s) => `${s.endpoint.label} ${s.name}`), ['192.0.2.53:53 ns1.bdbnetwork.io', '[2001:db8::53]:53 ns1.bdbnetwork.io', '198.51.100.7:53 ns.dns-host.example', '[2001:db8::7]:53 ns.dns-host.example']);
  const none = await zoneServers({ ...net, zone: { ...net.zone, nameservers: [{ name: 'ns.gone.example', ipv4: [], ipv6: [] }] } }, async () => ({ ok: false, reason: 'NXDOMAIN' }));
  assert.equal(none, { servers: [], unresolved: ['ns.gone.example (NXDOMAIN)'] });
  // Through the command: network.yaml's glue on loopback, where nothing listens on port 53.
  const { root } = await consortium();
  const yaml = readFileSync(join(root, 'network.yaml'), 'utf8').replace('ipv4: [192.0.2.53]', 'ipv4: [127.0.0.1]').replace(/\n {6}ipv6: \["2001:db8:53::1"\]/, '').replace('ipv4: [198.51.100.53]', 'ipv4: [127.0.0.1]').replace('allow_address_classes: [documentation]', 'allow_address_classes: [documentation, loopback]');
  writeFileSync(join(root, 'network.yaml'), yaml);
  await zone(['--root', root], { stdout: () => {}, stderr: () => {} });
  const r = await call(['--root', root, '--timeout', '300', '--retries', '0']);
  assert.is(r.code, 1, r.out + r.err);
  assert.match(r.err, /asking the name servers of network\.yaml: 127\.0\.0\.1:53 \(ns1\.bdbnetwork\.io\)/);
  assert.match(r.out, /127\.0\.0\.1:53: not answering authoritatively/);
});

test.run();
