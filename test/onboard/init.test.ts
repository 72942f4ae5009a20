// pmnet init on a fresh directory and on a copy of this repository.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { EXAMPLE_DIR, REPO_ROOT, runCli } from '../helpers/consortium.js';
import { rewriteDocs } from '../../scripts/onboard/init.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'pmnet-init-'));

/**
 * A copy of the whole repository (without node_modules, dist, .git) holding the shipped example
 * network, as a founder starts: the network files come from the fixture, so this holds also
 * after the repository itself was founded in place.
 */
function repoCopy(): string {
  const dir = fresh();
  const skip = new Set(['node_modules', 'dist', '.git', '.stryker-tmp', 'reports']);
  for (const f of readdirSync(REPO_ROOT)) if (!skip.has(f) && !['network.yaml', 'members', 'zone', 'tendermint'].includes(f)) cpSync(join(REPO_ROOT, f), join(dir, f), { recursive: true });
  for (const f of ['network.yaml', 'members', 'zone', 'tendermint']) cpSync(join(EXAMPLE_DIR, f), join(dir, f), { recursive: true });
  return dir;
}

/** Text files under dir, relative, skipping `skip` (directories or files). */
function textFiles(dir: string, skip: string[], base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = relative(base, join(dir, e.name));
    if (skip.includes(rel)) return [];
    if (e.isDirectory()) return textFiles(join(dir, e.name), skip, base);
    return /\.(png|jpe?g)$/.test(e.name) ? [] : [rel];
  });
}

test('init in place in a copy of the whole repository: a clean consortium that validates and makes its zone', async () => {
  const dir = repoCopy();
  // After the repository itself was founded in place its docs name that network, not the example.
  const readmeHadExample = readFileSync(join(dir, 'README.md'), 'utf8').includes('<!-- pmnet-init:example -->');
  const docsHadChainId = readFileSync(join(dir, 'docs/tendermint.md'), 'utf8').includes('chain_id: bdbnetwork-example-1');
  // As docs/founding.md says: in the copy, with no --dir.
  const r = await runCli(['init', '--domain', 'Example-Net.org', '--ns', 'ns1.example-net.org=45.1.2.3', '--ns', 'ns.dns-host.net', '--owner', '@acme/ops'], { cwd: dir });
  assert.is(r.code, 0, r.stdout + r.stderr);
  for (const line of [
    'removed   members/abc-org73.yaml (a member of the replaced network)',
    'removed   zone/bdbnetwork.io.zone (the zone of another domain)',
    "removed   tendermint/genesis.json (generated for the replaced network's chain)",
    "removed   tendermint/peers/figmentdb3.toml (generated for the replaced network's chain)",
  ]) assert.ok(r.stdout.includes(line), `${line}\n${r.stdout}`);
  assert.match(r.stdout, /Tendermint: add a tendermint section to network\.yaml \(e\.g\. chain_id: example-net-1,/);
  if (docsHadChainId) assert.match(readFileSync(join(dir, 'docs/tendermint.md'), 'utf8'), /^  chain_id: example-net-1 /m);
  assert.equal(readdirSync(join(dir, 'members')), ['.gitkeep']);
  assert.equal(readdirSync(join(dir, 'zone')), []);
  assert.not.ok(existsSync(join(dir, 'tendermint')));
  const net = readFileSync(join(dir, 'network.yaml'), 'utf8');
  assert.match(net, /^domain: example-net\.org$/m);
  assert.match(net, /^shared_name: api\.example-net\.org$/m);
  assert.match(readFileSync(join(dir, '.github/CODEOWNERS'), 'utf8'), /^\*\s+@acme\/ops$/m);
  // Nothing outside the tool's tests names the example any more (init.ts must know its names).
  const stale: string[] = [];
  for (const f of textFiles(dir, ['test', 'scripts/onboard/init.ts'])) {
    readFileSync(join(dir, f), 'utf8').split('\n').forEach((line, i) => /bdbnetwork|@bdbnetwork\//.test(line) && stale.push(`${f}:${i + 1}: ${line}`));
  }
  assert.equal(stale, []);
  if (readmeHadExample) {
    assert.match(readFileSync(join(dir, 'docs/joining.md'), 'utf8'), /`<id>\.nodes\.example-net\.org`/);
    assert.match(readFileSync(join(dir, 'README.md'), 'utf8'), /This is the registry of example\\-net\\.org Planetmint network: consortium domain `example-net\.org`/);
  }
  const v = await runCli(['validate'], { cwd: dir });
  assert.is(v.code, 0, v.stdout);
  const z = await runCli(['zone'], { cwd: dir });
  assert.is(z.code, 0, z.stdout + z.stderr);
  assert.match(readFileSync(join(dir, 'zone/example-net.org.zone'), 'utf8'), /^example-net\.org\.\t\d+\tIN\tNS\tns1\.example-net\.org\.$/m);
  assert.is((await runCli(['zone', '--check'], { cwd: dir })).code, 0);
  const tm = await runCli(['tendermint', 'write', '--check'], { cwd: dir });
  assert.is(tm.code, 0, tm.stdout + tm.stderr);
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
  assert.is(rewriteDocs('`api.bdbnetwork.io` `a.nodes.bdbnetwork.io` notbdbnetwork.io @bdbnetwork/maintainers chain_id: bdbnetwork-example-1', o), '`rr.new.org` `a.nodes.new.org` notbdbnetwork.io @x/y chain_id: new-1');
});

test.run();
