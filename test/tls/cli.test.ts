// End to end: `pmnet validate --live --only tls --ca FILE --root DIR --format json` against
// real TLS servers on loopback. The CLI runs as a child process while this process serves.
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeCert, testPki } from '../harness/certs.js';
import { planetmintInfo, startServer, type RunningServer, type ServerSpec } from '../harness/tls-fleet.js';
import { assertNoHang } from '../harness/no-hang.js';

const BIN = fileURLToPath(new URL('../../../scripts/bin/pmnet.js', import.meta.url));

const NETWORK = `name: TLS test network
domain: consortium.test
shared_name: api.consortium.test
member_names: nodes
zone:
  ttl: 3600
  shared_ttl: 300
  member_ttl: 3600
  soa: { mname: ns1.consortium.test, rname: hostmaster.consortium.test, refresh: 7200, retry: 3600, expire: 1209600, minimum: 300 }
  nameservers:
    - name: ns1.consortium.test
      ipv4: [127.79.250.53]
  guard: { max_change_percent: 30, min_records: 10 }
policy:
  allow_address_classes: [loopback]
  allow_special_use_names: [test]
  diversity: { ipv4_prefix: 24, ipv6_prefix: 48 }
governance:
  join: { fraction: 2/3, min: 1 }
  update: { fraction: 0/1, min: 1 }
  leave: { fraction: 0/1, min: 0 }
live:
  resolvers: [127.0.0.1]
  timeout_ms: 800
  retries: 0
  concurrency: 16
  proof_label: _planetmint
  require_proof: never
  certificate_warning_days: 21
  shared_name_coverage: notice
  ca_files: []
`;

function memberYaml(id: string, domain: string, ip: string, port: number): string {
  return `id: ${id}
organization:
  name: ${id} org
contacts:
  - email: ops@${domain}
github: [${id}-ops]
status: active
node:
  domain: ${domain}
  ipv4: [${ip}]
  api: https://${domain}:${port}/
`;
}

test('pmnet validate --live --only tls reports each case with its rule', async () => {
  const pki = testPki();
  const names = (id: string) => [`${id}.example.test`, 'api.consortium.test', `${id}.nodes.consortium.test`];
  const leaf = (id: string, o = {}) => pki.leaf({ cn: `${id}.example.test`, dns: names(id), ...o });
  const good = leaf('good');
  const shared = pki.leaf({ cn: 'sha.example.test', dns: [...names('sha'), ...names('shb')] });
  const self = makeCert({ cn: 'self.example.test', dns: names('self') });
  const expired = leaf('exp', { notBefore: new Date(Date.now() - 90 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) });
  const bdb = { ...planetmintInfo('bdb.example.test'), software: 'BigchainDB' };
  const ws = planetmintInfo('ws.example.test') as { api: { v1: Record<string, string> } };
  ws.api.v1.streams = 'ws://localhost:9985/api/v1/streams/valid_transactions';
  const srv = (l: { cert: { keyPem: string }; chain: string }, extra: Partial<ServerSpec> = {}) => ({ cert: l.chain, key: l.cert.keyPem, ...extra });

  const cases: Array<[string, Omit<ServerSpec, 'addresses' | 'port'>, string[]]> = [
    ['good', srv(good), []],
    ['exp', srv(expired), ['tls/expired']],
    ['self', { cert: self.pem, key: self.keyPem }, ['tls/untrusted-chain']],
    ['sha', srv(shared), ['tls/shared-certificate']],
    ['shb', srv(shared), ['tls/shared-certificate']],
    ['bdb', srv(leaf('bdb'), { api: { body: bdb } }), ['api/not-planetmint']],
    ['ws', srv(leaf('ws'), { api: { body: ws } }), ['api/bad-streams-url']],
    ['e500', srv(leaf('e500'), { api: { status: 500, body: 'oops' } }), ['api/http-error']],
    ['silent', { behaviour: 'silent' }, ['tls/connect-failed']],
  ];

  const root = mkdtempSync(join(tmpdir(), 'pmnet-tls-cli-'));
  const running: RunningServer[] = [];
  try {
    mkdirSync(join(root, 'members'));
    writeFileSync(join(root, 'network.yaml'), NETWORK);
    writeFileSync(join(root, 'ca.pem'), pki.root.pem);
    let port = 0;
    for (const [i, [id, spec]] of cases.entries()) {
      const ip = `127.79.${i + 1}.1`; // one /24 each: no diversity warnings
      const s = await startServer({ domain: `${id}.example.test`, ...spec, addresses: [ip], ...(port ? { port } : {}) });
      running.push(s);
      port = s.port;
      writeFileSync(join(root, 'members', `${id}.yaml`), memberYaml(id, `${id}.example.test`, ip, port));
    }

    const started = Date.now();
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [BIN, 'validate', '--live', '--only', 'tls', '--ca', join(root, 'ca.pem'), '--root', root, '--format', 'json'],
        { timeout: 20_000, encoding: 'utf8' },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    const elapsed = Date.now() - started;
    assert.is(r.code, 1, r.stderr);
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ rule: string; member?: string; file: string }> }).findings;
    for (const [id, , want] of cases) {
      const got = findings.filter((f) => f.file === `members/${id}.yaml` && /^(tls|api)\//.test(f.rule)).map((f) => f.rule).sort();
      assert.equal(got, want, `${id}: ${JSON.stringify(findings.filter((f) => f.file === `members/${id}.yaml`))}`);
    }
    assertNoHang(elapsed, 'validate --live --only tls');
  } finally {
    await Promise.all(running.map((s) => s.close()));
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
