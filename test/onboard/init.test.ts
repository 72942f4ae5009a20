// pmnet init on a fresh directory and on a copy of this repository.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runCli } from '../helpers/consortium.js';
import { rewriteDocs } from '../../scripts/onboard/init.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'pmnet-init-'));

/** A copy of the repository's consortium files, as a founder would start. */
function repoCopy(): string {
  const dir = fresh();
  for (const f of ['README.md', 'docs', 'network.yaml', 'members', 'zone', '.github']) cpSync(join(REPO_ROOT, f), join(dir, f), { recursive: true });
  return dir;
}

test('init on a copy of the repository leaves a clean consortium: no example members, zone, team or domain', async () => {
  const dir = repoCopy();
  const r = await runCli(['init', '--domain', 'Example-Net.org', '--dir', dir, '--ns', 'ns1.example-net.org=45.1.2.3', '--ns', 'ns.dns-host.net', '--owner', '@acme/ops']);
  assert.is(r.code, 0, r.stdout + r.stderr);
  assert.equal(readdirSync(join(dir, 'members')), ['.gitkeep']);
  assert.equal(readdirSync(join(dir, 'zone')), []);
  const net = readFileSync(join(dir, 'network.yaml'), 'utf8');
  assert.match(net, /^domain: example-net\.org$/m);
  assert.match(net, /^shared_name: api\.example-net\.org$/m);
  assert.match(readFileSync(join(dir, '.github/CODEOWNERS'), 'utf8'), /^\*\s+@acme\/ops$/m);
  const stale: string[] = [];
  for (const f of ['README.md', ...readdirSync(join(dir, 'docs')).map((d) => `docs/${d}`), '.github/CODEOWNERS', 'network.yaml']) {
    readFileSync(join(dir, f), 'utf8').split('\n').forEach((line, i) => /bdbnetwork\.io|@bdbnetwork\//.test(line) && stale.push(`${f}:${i + 1}: ${line}`));
  }
  assert.equal(stale, []);
  assert.match(readFileSync(join(dir, 'docs/joining.md'), 'utf8'), /`<id>\.nodes\.example-net\.org`/);
  assert.match(readFileSync(join(dir, 'README.md'), 'utf8'), /This is the registry of example\\-net\\.org Planetmint network: consortium domain `example-net\.org`/);
  const v = await runCli(['validate', '--root', dir]);
  assert.is(v.code, 0, v.stdout);
  const z = await runCli(['zone', '--root', dir]);
  assert.is(z.code, 0, z.stdout + z.stderr);
  assert.ok(existsSync(join(dir, 'zone/example-net.org.zone')));
});

test('init without name-server addresses writes the files and says what is missing (exit 1)', async () => {
  const dir = fresh();
  const r = await runCli(['init', '--domain', 'example-net.org', '--dir', dir]);
  assert.is(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /ns1\.example-net\.org is inside example-net\.org, so the zone must carry its address/);
  assert.match(r.stdout, /--ns NAME=IP/);
  assert.match(r.stdout, /placeholder @your-org\/maintainers/);
  // Rerunning with the addresses is allowed: same domain, no members yet.
  const again = await runCli(['init', '--domain', 'example-net.org', '--dir', dir, '--ns', 'ns1.example-net.org=45.1.2.3,2a01:4f8::53']);
  assert.is(again.code, 0, again.stdout + again.stderr);
  assert.match(readFileSync(join(dir, 'network.yaml'), 'utf8'), /ipv6: \["2a01:4f8::53"\]/);
});

test('init refuses to replace a network that is not the example, unless --force', async () => {
  const dir = fresh();
  assert.is((await runCli(['init', '--domain', 'one.org', '--dir', dir, '--ns', 'ns.dns-host.net'])).code, 0);
  writeFileSync(join(dir, 'members/acme.yaml'), 'id: acme\n');
  const r = await runCli(['init', '--domain', 'two.org', '--dir', dir, '--ns', 'ns.dns-host.net']);
  assert.is(r.code, 2);
  assert.match(r.stderr, /already describes a network \(one\.org\).*--force/);
  assert.ok(existsSync(join(dir, 'members/acme.yaml')));
  const f = await runCli(['init', '--domain', 'two.org', '--dir', dir, '--ns', 'ns.dns-host.net', '--force']);
  assert.is(f.code, 0, f.stdout);
  assert.ok(!existsSync(join(dir, 'members/acme.yaml')));
});

test('init usage errors: bad domain, shared name outside the domain, bad name server, bad owner', async () => {
  const dir = fresh();
  for (const [args, msg] of [
    [['--domain', 'not a domain'], /--domain "not a domain"/],
    [['--domain', 'a.org', '--shared-name', 'api.b.org'], /must lie inside a\.org/],
    [['--domain', 'a.org', '--ns', 'ns1.a.org=1.2.3'], /--ns ns1\.a\.org=1\.2\.3/],
    [['--domain', 'a.org', '--owner', 'not an owner'], /--owner "not an owner"/],
    [[], /needs --domain/],
  ] as const) {
    const r = await runCli(['init', '--dir', dir, ...args]);
    assert.is(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
    assert.match(r.stderr, msg);
    assert.not.match(r.stderr, /internal error|\n\s+at /);
  }
});

test('rewriteDocs replaces whole names only, and leaves text naming other domains', () => {
  const o = { name: 'N', domain: 'new.org', sharedName: 'rr.new.org', owners: ['@x/y'] };
  assert.is(rewriteDocs('`api.bdbnetwork.io` `a.nodes.bdbnetwork.io` notbdbnetwork.io @bdbnetwork/maintainers', o), '`rr.new.org` `a.nodes.new.org` notbdbnetwork.io @x/y');
});

test.run();
