// The "done when": `pmnet validate --live --resolver 127.0.0.1:PORT --root DIR`
// reports the right DNS findings, through the real CLI and the real runner, against real BIND.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBind, type BindServer } from '../harness/bind.js';
import { needs } from '../harness/needs.js';
import { assertNoHang } from '../harness/no-hang.js';
import { NODES } from './fixtures.js';

const CLI = new URL('../../scripts/cli.js', import.meta.url).pathname;
const TIMEOUT = 1000;

const NETWORK = `name: DNS CLI test
domain: consortium.test
shared_name: api.consortium.test
zone:
  soa: { mname: ns1.consortium.test, rname: hostmaster.consortium.test }
  nameservers: [{ name: ns1.consortium.test, ipv4: [127.0.0.1] }]
policy:
  allow_address_classes: [documentation, benchmarking, loopback]
  allow_special_use_names: [test]
  diversity: { ipv4_prefix: 32, ipv6_prefix: 128 }
live:
  retries: 1
`;

function memberYaml(id: string, domain: string, ipv4: string[], ipv6: string[] = []): string {
  return `id: ${id}
organization: { name: ${id} }
contacts: [{ email: ops@example.org }]
github: [${id}-ops]
status: active
node:
  domain: ${domain}
  ipv4: ${JSON.stringify(ipv4)}
  ipv6: ${JSON.stringify(ipv6)}
`;
}

const CONSORTIUM = `$ORIGIN consortium.test.
$TTL 300
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300
@ IN NS ns1
ns1 IN A 127.0.0.1
`;

const MEMBERS: Array<[string, string, string[], string[]?]> = [
  ['ok', 'ok.nodes.test', ['192.0.2.10'], ['2001:db8::10']],
  ['partial', 'partial.nodes.test', ['192.0.2.20', '192.0.2.21']],
  ['v6only', 'v6only.nodes.test', [], ['2001:db8::30']],
  ['chain', 'chain.nodes.test', ['192.0.2.40']],
  ['loop', 'loop1.nodes.test', ['192.0.2.41']],
  ['missing', 'missing.nodes.test', ['192.0.2.42']],
  ['big', 'big.nodes.test', Array.from({ length: 100 }, (_, i) => `198.18.0.${i + 1}`)],
  ['noproof', 'noproof.nodes.test', ['192.0.2.50']],
  ['other', 'other.nodes.test', ['192.0.2.60']],
];

interface JsonFinding {
  rule: string;
  severity: string;
  file: string;
  line: number;
  column: number;
  message: string;
  messageId: string;
  member?: string;
}

let bind: BindServer | undefined;
let dir = '';
const bindTest = needs(test, 'named');

bindTest.before(async () => {
  // Recursive (RA), serving the consortium's own zone too: the canary question passes.
  bind = await startBind([{ origin: 'nodes.test', text: NODES }, { origin: 'consortium.test', text: CONSORTIUM }], { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'pmnet-dns-cli-'));
  mkdirSync(join(dir, 'members'));
  writeFileSync(join(dir, 'network.yaml'), NETWORK);
  for (const [id, domain, v4, v6] of MEMBERS) writeFileSync(join(dir, 'members', `${id}.yaml`), memberYaml(id, domain, v4, v6));
});

test.after(async () => {
  await bind?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function run(...extra: string[]) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'validate', '--live', '--only', 'dns', '--resolver', bind!.address, '--timeout', String(TIMEOUT), '--root', dir, '--format', 'json', ...extra], { encoding: 'utf8', cwd: dir });
  const ms = performance.now() - t0;
  assert.is(r.stderr, '', r.stderr);
  return { code: r.status, ms, out: JSON.parse(r.stdout) as { findings: JsonFinding[]; errors: number } };
}

const of = (fs: JsonFinding[], member: string) => fs.filter((f) => f.member === member && f.rule.startsWith('dns/')).map((f) => f.rule).sort();

bindTest('each DNS case gives its finding through the CLI', () => {
  const { code, ms, out } = run('--new', 'noproof');
  const f = out.findings;
  assert.is(code, 1);
  // The healthy ones, the v6-only one, the CNAME chain and the 100-record RRset (TCP only) pass.
  for (const id of ['ok', 'v6only', 'chain', 'big']) assert.equal(of(f, id), [], `${id}: ${JSON.stringify(of(f, id))}`);
  const partial = f.find((x) => x.member === 'partial' && x.rule === 'dns/a-record-mismatch')!;
  assert.ok(partial, 'partial has an A mismatch');
  assert.match(partial.message, /192\.0\.2\.21/);
  assert.match(partial.message, /192\.0\.2\.99/);
  assert.is(partial.file, 'members/partial.yaml');
  assert.ok(partial.line > 1 && partial.column > 1);
  assert.ok(of(f, 'loop').includes('dns/no-answer'), 'CNAME loop reported');
  assert.match(f.find((x) => x.member === 'loop' && x.rule === 'dns/no-answer')!.message, /loop/i);
  assert.equal(of(f, 'missing').filter((r) => r !== 'dns/proof-missing'), ['dns/dangling-cname-target', 'dns/no-answer']);
  assert.match(f.find((x) => x.member === 'missing' && x.rule === 'dns/no-answer')!.message, /NXDOMAIN/);
  const noproof = f.find((x) => x.member === 'noproof' && x.rule === 'dns/proof-missing')!;
  assert.is(noproof.severity, 'error', 'a joining member without proof is an error');
  assert.match(noproof.message, /_planetmint\.noproof\.nodes\.test\.? TXT "pmnet-member=noproof"/);
  const other = f.find((x) => x.member === 'other' && x.rule === 'dns/proof-mismatch')!;
  assert.match(other.message, /someone-else/);
  assertNoHang(ms, 'validate --live');
});

bindTest('without --new the same missing proof is a warning, so the exit code follows the other errors only', () => {
  const { out } = run('members/noproof.yaml');
  const noproof = out.findings.filter((x) => x.member === 'noproof');
  assert.equal(noproof.map((x) => [x.rule, x.severity]), [['dns/proof-missing', 'warning']]);
});

bindTest('a dead resolver costs at most the timeout and is said once: inconclusive, how to retry, exit 1', () => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'validate', '--live', '--only', 'dns', '--resolver', '127.0.0.1:9', '--timeout', '500', '--root', dir, '--format', 'json'], { encoding: 'utf8', cwd: dir });
  const ms = performance.now() - t0;
  const out = JSON.parse(r.stdout) as { findings: JsonFinding[] };
  const dns = out.findings.filter((x) => x.rule.startsWith('dns/'));
  assert.equal(dns.map((x) => [x.rule, x.messageId, x.severity, x.file]), [['dns/resolver-unusable', 'down', 'error', 'network.yaml']]);
  assert.match(dns[0]!.message, /could not answer for the consortium’s own domain consortium\.test .*--resolver/);
  assert.is(r.status, 1, 'fail closed: nothing was checked');
  assertNoHang(ms, 'a dead resolver');
});

test.run();
