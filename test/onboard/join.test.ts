// pmnet join: the flags path end to end (init → join → validate → zone on a fresh directory),
// and the interactive path through a real pseudo-terminal against a real BIND.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBind, type BindServer } from '../harness/bind.js';
import { needs } from '../harness/needs.js';
import { onTerminal } from '../harness/terminal.js';
import { CLI, runCli } from '../helpers/consortium.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'pmnet-join-'));

test('init → join (flags) → validate → zone on a fresh directory', async () => {
  const dir = join(fresh(), 'net');
  const i = await runCli(['init', '--domain', 'example-net.org', '--dir', dir, '--ns', 'ns1.example-net.org=45.1.2.53']);
  assert.is(i.code, 0, i.stdout + i.stderr);
  const j = await runCli(['join', '--root', dir, '--id', 'acme', '--org', 'Acme "Nodes" Inc', '--country', 'DE', '--email', 'ops@acme.net', '--email', 'sec@acme.net', '--github', 'acme-ops', '--domain', 'Node.Acme.net', '--ipv4', '45.1.2.3', '--ipv6', '2a01:4f8::3', '--offline']);
  assert.is(j.code, 0, j.stdout + j.stderr);
  assert.match(j.stdout, /_planetmint\.node\.acme\.net\.  3600  IN  TXT  "pmnet-member=acme"/);
  assert.match(j.stdout, /Ready: commit members\/acme\.yaml/);
  const file = readFileSync(join(dir, 'members/acme.yaml'), 'utf8');
  assert.match(file, /^  name: "Acme \\"Nodes\\" Inc"$/m);
  assert.match(file, /^  country: DE$/m);
  assert.match(file, /^  domain: node\.acme\.net$/m);
  const v = await runCli(['validate', '--root', dir, '--format', 'json']);
  assert.is(v.code, 0, v.stdout);
  assert.is(JSON.parse(v.stdout).errors, 0);
  const z = await runCli(['zone', '--root', dir]);
  assert.is(z.code, 0, z.stdout + z.stderr);
  const zone = readFileSync(join(dir, 'zone/example-net.org.zone'), 'utf8');
  assert.match(zone, /^acme\.nodes\.example-net\.org\.\t3600\tIN\tCNAME\tnode\.acme\.net\.$/m);
  assert.match(zone, /^api\.example-net\.org\.\t300\tIN\tA\t45\.1\.2\.3$/m);
  assert.match(zone, /^api\.example-net\.org\.\t300\tIN\tAAAA\t2a01:4f8::3$/m);
  // A second join with the same id is refused, nothing overwritten.
  const again = await runCli(['join', '--root', dir, '--id', 'acme', '--org', 'X', '--email', 'x@x.net', '--github', 'x', '--domain', 'x.net', '--offline']);
  assert.is(again.code, 2);
  assert.match(again.stderr, /members\/acme\.yaml exists already/);
  assert.is(readFileSync(join(dir, 'members/acme.yaml'), 'utf8'), file);
});

test('join without a terminal takes flags only: missing ones are named, bad ones refused (exit 2, nothing written)', async () => {
  const dir = fresh();
  await runCli(['init', '--domain', 'example-net.org', '--dir', dir, '--ns', 'ns.dns-host.net']);
  const r = await runCli(['join', '--root', dir, '--id', 'acme', '--domain', 'node.acme.net']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /without a terminal, join needs --org, --email, --github/);
  const bad = await runCli(['join', '--root', dir, '--id', 'Acme!', '--org', 'A', '--email', 'a@a.net', '--github', 'a', '--domain', 'a.net']);
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /--id "Acme!": a member id is one lower-case DNS label/);
  assert.ok(!existsSync(join(dir, 'members/acme.yaml')));
});

test('join says what is missing when the node has no records yet (exit 1, file written)', async () => {
  const dir = fresh();
  await runCli(['init', '--domain', 'example-net.org', '--dir', dir, '--ns', 'ns.dns-host.net']);
  const r = await runCli(['join', '--root', dir, '--id', 'acme', '--org', 'Acme', '--email', 'a@acme.net', '--github', 'acme', '--domain', 'node.acme.net', '--offline']);
  assert.is(r.code, 1, r.stdout);
  assert.match(r.stdout, /member\/no-address/);
  assert.match(r.stdout, /Still missing:\n  - the node's addresses/);
  assert.ok(existsSync(join(dir, 'members/acme.yaml')));
});

// ---------------------------------------------------------------- interactive, on a pty

const ZONE = `$TTL 300
@ IN SOA ns.acme.test. h.acme.test. 1 3600 600 86400 60
@ IN NS ns.acme.test.
ns IN A 127.0.0.1
node IN A 127.0.0.10
_planetmint.node IN TXT "pmnet-member=acme"
`;

const NETWORK = (resolver: string) => `name: Join test
domain: consortium.test
shared_name: api.consortium.test
zone:
  soa: { mname: ns1.consortium.test, rname: hostmaster.consortium.test }
  nameservers: [{ name: ns1.consortium.test, ipv4: [127.0.0.1] }]
policy:
  allow_address_classes: [loopback]
  allow_special_use_names: [test]
live:
  resolvers: ["${resolver}"]
  timeout_ms: 1000
  retries: 0
`;

// The pseudo-terminal driver is python3's pty module (test/harness/terminal.py).
const ptyTest = needs(test, 'named', 'python3');
let bind: BindServer | undefined;
ptyTest.before(async () => {
  bind = await startBind([{ origin: 'acme.test', text: ZONE }]);
});
ptyTest.after(async () => {
  await bind?.stop();
});


ptyTest('interactive join on a terminal: asks, re-asks on a bad answer, pre-fills the addresses from DNS, runs the live checks', async () => {
  const dir = fresh();
  mkdirSync(join(dir, 'members'));
  writeFileSync(join(dir, 'network.yaml'), NETWORK(bind!.address));
  const { code, out } = await onTerminal(
    [
    ['Member id', 'acme'],
    ['Organization name', 'Acme Nodes'],
    ['Country', 'Germany'],
    ['Country', 'DE'],
    ['Contact email', 'ops@acme.net, security@acme.net'],
    ['GitHub login', '@acme-ops'],
    ['GitHub login', 'acme-ops'],
    ['Node domain', 'node.acme.test'],
    ['IPv4 address(es) of the node, comma separated [127.0.0.10]', ''],
    ['IPv6', ''],
    ],
    [process.execPath, CLI, 'join', '--root', dir],
    { ...process.env, NO_COLOR: '1' },
  );
  assert.match(out, /the ISO 3166-1 alpha-2 code: for Germany write DE/);
  assert.match(out, /without "@"/);
  assert.match(out, /node\.acme\.test has 127\.0\.0\.10 in DNS/);
  assert.match(out, /_planetmint\.node\.acme\.test\.  3600  IN  TXT  "pmnet-member=acme"/);
  assert.match(out, /it exists already/);
  assert.match(out, /Offline and live checks/);
  // Nothing listens on 127.0.0.10:443: the TLS check says so, and join says it is missing.
  assert.match(out, /tls\/connect-failed/);
  assert.match(out, /Still missing:/);
  assert.not.match(out, /A\/AAAA records for|proof TXT record above/);
  assert.is(code, 1, out);
  const file = readFileSync(join(dir, 'members/acme.yaml'), 'utf8');
  assert.match(file, /^  ipv4: \[127\.0\.0\.10\]$/m);
  assert.not.match(file, /ipv6/);
  assert.match(file, /^  country: DE$/m);
  assert.match(file, /^  - email: "security@acme\.net"$/m);
});

test.run();
