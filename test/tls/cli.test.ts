// End to end: `pmnet validate --live --only tls --ca FILE --root DIR --format json` against
// real TLS servers on loopback. The CLI runs as a child process while this process serves.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeCert, testPki } from '../harness/certs.js';
import { planetmintInfo, startServer, type RunningServer, type ServerSpec } from '../harness/tls-fleet.js';
import { instant } from '../../scripts/commands/args.js';
import { assertNoHang } from '../harness/no-hang.js';
import { memberYaml, NETWORK, runCli } from '../harness/tls-repo.js';

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
    const r = await runCli(['validate', '--live', '--only', 'tls', '--ca', join(root, 'ca.pem'), '--root', root, '--format', 'json']);
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

test('--at judges validity at that instant: notAfter itself is valid, one second later is expired', async () => {
  const pki = testPki();
  const notAfter = new Date(Math.floor(Date.now() / 1000) * 1000 + 30 * 86_400_000);
  const l = pki.leaf({ cn: 'at.example.test', dns: ['at.example.test', 'api.consortium.test', 'at.nodes.consortium.test'], notAfter });
  const root = mkdtempSync(join(tmpdir(), 'pmnet-tls-at-'));
  const s = await startServer({ domain: 'at.example.test', cert: l.chain, key: l.cert.keyPem, addresses: ['127.79.60.1'] });
  try {
    mkdirSync(join(root, 'members'));
    writeFileSync(join(root, 'network.yaml'), NETWORK);
    writeFileSync(join(root, 'ca.pem'), pki.root.pem);
    writeFileSync(join(root, 'members', 'at.yaml'), memberYaml('at', 'at.example.test', '127.79.60.1', s.port));
    const base = ['validate', '--live', '--only', 'tls', '--ca', join(root, 'ca.pem'), '--root', root, '--format', 'json'];
    const rules = (stdout: string) => (JSON.parse(stdout) as { findings: Array<{ rule: string }> }).findings.map((f) => f.rule).filter((r) => r.startsWith('tls/')).sort();
    const exact = await runCli([...base, '--at', notAfter.toISOString()]);
    assert.equal(rules(exact.stdout), ['tls/expiring-soon'], exact.stderr);
    const after = await runCli([...base, '--at', new Date(notAfter.getTime() + 1000).toISOString()]);
    assert.is(after.code, 1);
    assert.equal(rules(after.stdout), ['tls/expired']);
    const bad = await runCli([...base, '--at', 'next tuesday']);
    assert.is(bad.code, 2);
    assert.match(bad.stderr, '--at must be an ISO 8601 time');
    const offline = await runCli(['validate', '--root', root, '--at', notAfter.toISOString()]);
    assert.is(offline.code, 2);
    assert.match(offline.stderr, '--at judges the live certificate checks: use it with --live');
  } finally {
    await s.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('--at accepts ISO 8601 with a zone or a plain date (midnight UTC), nothing vaguer', () => {
  assert.is(instant('2027-03-01', '--at')!.toISOString(), '2027-03-01T00:00:00.000Z');
  assert.is(instant('2027-03-01T12:30:00+02:00', '--at')!.toISOString(), '2027-03-01T10:30:00.000Z');
  assert.is(instant('2024-04-01T00:00:00.005Z', '--at')!.toISOString(), '2024-04-01T00:00:00.005Z');
  for (const bad of ['2027-03-01T12:30:00', '2027-02-30', '1 March 2027', '']) assert.throws(() => instant(bad, '--at'), /--at must be an ISO 8601 time/, bad);
});

test.run();
