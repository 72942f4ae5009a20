// pmnet deploy against a real BIND primary (allow-update by TSIG key, notify yes) and a real
// BIND secondary transferring from it, each on its own port on 127.0.0.1.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run as deployCmd } from '../../scripts/commands/deploy.js';
import { run as zoneCmd } from '../../scripts/commands/zone.js';
import { axfr } from '../../scripts/live/dns/axfr.js';
import { sendUpdate } from '../../scripts/live/dns/update.js';
import { planDeploy, servedZone } from '../../scripts/deploy/diff.js';
import { encodeUpdate, updateOps } from '../../scripts/deploy/update.js';
import { parseRendered } from '../../scripts/zone/render.js';
import { ep, key } from './helpers.js';
import { freePort, startBind, type BindServer } from '../harness/bind.js';
import { needs, runTool, SAME_CLOCK, spawnTool } from '../harness/needs.js';
import { startCutProxy } from '../harness/tcp-cut.js';
import { CLI, EXAMPLE, makeConsortium, type Consortium } from '../helpers/consortium.js';

const SECRET = 'JT72nK2pUCr5A/OLBoJcife8658Ma7Tkc9XzAYIpWQU=';
const READER = 'cmVhZGVyLWtleS1zZWNyZXQtMTIzNDU2Nzg5MA==';
const KEY = `deploy-key:hmac-sha256:${SECRET}`;
const ZONE = 'bdbnetwork.io';

/** What a new primary holds before the first deploy: SOA, NS and glue. */
const SKELETON = `$ORIGIN bdbnetwork.io.
$TTL 3600
@ IN SOA ns1.bdbnetwork.io. hostmaster.bdbnetwork.io. 1 7200 3600 1209600 300
@ IN NS ns1.bdbnetwork.io.
@ IN NS ns2.bdbnetwork.io.
ns1 IN A 192.0.2.53
ns1 IN AAAA 2001:db8:53::1
ns2 IN A 198.51.100.53
`;

const s = suite('pmnet deploy against a BIND primary and secondary');
// Every deploy signs with TSIG: pmnet and named must agree on the time (SAME_CLOCK).
const bindTest = needs(s, 'named', SAME_CLOCK);
const nsupdateTest = needs(s, 'named', 'nsupdate', SAME_CLOCK);
const faketimeTest = needs(s, 'named', 'faketime', SAME_CLOCK);
let primary: BindServer | undefined;
let secondary: BindServer | undefined;
let repo: Consortium;


async function call(cmd: typeof deployCmd, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await cmd(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

function keyFile(text: string): string {
  const f = join(repo.dir, `key-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(f, text, { mode: 0o600 });
  return f;
}

/** pmnet deploy with the test's primary, secondary and key. */
function deploy(...extra: string[]) {
  return call(deployCmd, ['--root', repo.dir, '--key-file', keyFile(KEY), '--primary', primary!.address, '--server', primary!.address, '--server', secondary!.address, '--wait', '10', '--timeout', '2000', ...extra]);
}

/** A new member file, made from the example's abc-org73 (its id, login and addresses replaced). */
function join_(id: string, ipv4: string, ipv6: string): void {
  const text = EXAMPLE.members['abc-org73.yaml']!.replace(/abc-org73/g, id).replace(/ABC Org 73/g, `Org ${id}`).replace('192.0.2.10', ipv4).replace('2001:db8:a::10', ipv6).replace(/  tendermint:\n(    .*\n)+/, ''); // a new node has its own Tendermint keys, or none
  repo.write(`members/${id}.yaml`, text);
}

async function regenerate(): Promise<number> {
  const r = await call(zoneCmd, ['--root', repo.dir, '--force']);
  assert.is(r.code, 0, r.err);
  return parseRendered(readFileSync(join(repo.dir, 'zone', `${ZONE}.zone`), 'utf8'))!.serial;
}

/** The zone as a server transfers it: "name ttl type data" lines, sorted. */
async function served(server: BindServer): Promise<{ serial: number; lines: string[] }> {
  const r = await axfr(ep(server.address), ZONE, { key: key(KEY), timeoutMs: 3000 });
  if (!r.ok) throw new Error(r.detail);
  const lines = r.records.filter((a) => a.type !== 'SOA').map((a) => `${a.name} ${(a as { ttl?: number }).ttl} ${a.type} ${String((a as { data: unknown }).data)}`);
  return { serial: r.soa.data.serial!, lines: lines.sort() };
}

/** The committed zone in the same shape as served(). */
function committed(): { serial: number; lines: string[] } {
  const z = parseRendered(readFileSync(join(repo.dir, 'zone', `${ZONE}.zone`), 'utf8'))!;
  const lines = z.sets.filter((x) => x.type !== 'SOA').flatMap((x) => x.values.map((v) => `${x.name.replace(/\.$/, '')} ${x.ttl} ${x.type} ${v.replace(/\.$/, '')}`));
  return { serial: z.serial, lines: lines.sort() };
}

bindTest.before(async () => {
  repo = makeConsortium();
  const keys = `key "deploy-key" { algorithm hmac-sha256; secret "${SECRET}"; };\nkey "reader-key" { algorithm hmac-sha256; secret "${READER}"; };`;
  const p1 = await freePort();
  const p2 = await freePort();
  primary = await startBind(
    [{ origin: ZONE, text: SKELETON, options: `allow-update { key deploy-key; }; allow-transfer { key deploy-key; key reader-key; }; notify yes; notify-delay 0; also-notify { 127.0.0.1 port ${p2}; };` }],
    { extraConfig: keys, port: p1 },
  );
  secondary = await startBind([{ origin: ZONE, text: '', type: 'secondary', primaries: `127.0.0.1 port ${p1} key deploy-key`, options: 'allow-transfer { key deploy-key; };' }], { extraConfig: keys, port: p2 });
  // The secondary's first transfer: wait until it serves serial 1.
  for (let i = 0; i < 100; i++) {
    const r = await axfr(ep(secondary.address), ZONE, { key: key(KEY), timeoutMs: 1000 });
    if (r.ok) break;
    await new Promise((res) => setTimeout(res, 100));
  }
});
s.after(async () => {
  await primary?.stop();
  await secondary?.stop();
  repo?.cleanup();
});

bindTest('--dry-run prints the plan and the update as nsupdate input, and sends nothing', async () => {
  await regenerate();
  const r = await deploy('--dry-run');
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /primary serves bdbnetwork\.io\. serial 1; committed serial \d{10}/);
  assert.match(r.out, new RegExp(`^server 127\\.0\\.0\\.1 ${primary!.port}$`, 'm'));
  assert.match(r.out, /^prereq yxrrset bdbnetwork\.io\. IN SOA ns1\.bdbnetwork\.io\. hostmaster\.bdbnetwork\.io\. 1 7200 3600 1209600 300$/m);
  assert.match(r.out, /^update add abc-org73\.nodes\.bdbnetwork\.io\. 3600 IN CNAME abc-org73\.net\.$/m);
  assert.match(r.out, /^send$/m);
  const j = await deploy('--dry-run', '--format', 'json');
  assert.is(j.code, 0, j.err);
  const doc = JSON.parse(j.out);
  assert.equal([doc.version, doc.status, doc.zone, doc.servedSerial, doc.committedSerial], [1, 'dry-run', 'bdbnetwork.io.', 1, committed().serial]);
  assert.match(doc.nsupdate, /^prereq yxrrset bdbnetwork\.io\. IN SOA .* 1 7200 3600 1209600 300$/m);
  assert.ok(doc.plan.changes.some((c: { action: string; name: string }) => c.action === 'add' && c.name === 'abc-org73.nodes.bdbnetwork.io.'));
  assert.is(doc.update, null);
  assert.is((await served(primary!)).serial, 1);
});

nsupdateTest('the dry-run text is valid nsupdate input: nsupdate -y applies it with the same result (on a throwaway primary)', async () => {
  // Checked on a throwaway primary so this test leaves the shared one alone.
  const tmp = await startBind([{ origin: ZONE, text: SKELETON, options: 'allow-update { key deploy-key; }; allow-transfer { key deploy-key; };' }], { extraConfig: `key "deploy-key" { algorithm hmac-sha256; secret "${SECRET}"; };` });
  try {
    const dry = await call(deployCmd, ['--root', repo.dir, '--key-file', keyFile(KEY), '--primary', tmp.address, '--dry-run']);
    assert.is(dry.code, 0, dry.err);
    const input = dry.out.slice(dry.out.indexOf('server 127.0.0.1'), dry.out.indexOf('\nsend\n') + 6);
    runTool('nsupdate', ['-y', `hmac-sha256:deploy-key:${SECRET}`], { input }); // throws unless exit 0
    const want = committed();
    const got = await served(tmp);
    assert.equal(got, want);
  } finally {
    await tmp.stop();
  }
});

bindTest('first deploy of the example zone: the primary and the secondary serve the committed zone', async () => {
  const r = await deploy('--verify', 'full');
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /deploy deployed: serial \d+ is on the primary, and all 2 name server\(s\) serve it \(checked every committed RRset\)/);
  const want = committed();
  assert.equal(await served(primary!), want);
  assert.equal(await served(secondary!), want);
});

bindTest('a second run finds nothing to do', async () => {
  const r = await deploy();
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /deploy up-to-date/);
});

bindTest('a join: one new member reaches both servers with a new serial', async () => {
  join_('newco', '192.0.2.77', '2001:db8:77::1');
  const before = (await served(primary!)).serial;
  const serial = await regenerate();
  assert.ok(serial > before);
  const r = await deploy();
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /^\+ newco\.nodes\.bdbnetwork\.io\. 3600 CNAME newco\.net\.$/m);
  const want = committed();
  assert.equal(await served(primary!), want);
  assert.equal(await served(secondary!), want);
  assert.ok(want.lines.includes('newco.nodes.bdbnetwork.io 3600 CNAME newco.net'));
});

bindTest('a leave: the member who left is deleted everywhere (CNAME and its shared-name addresses)', async () => {
  repo.remove('members/newco.yaml');
  await regenerate();
  const r = await deploy();
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /^- newco\.nodes\.bdbnetwork\.io\. 3600 CNAME newco\.net\.$/m);
  for (const server of [primary!, secondary!]) {
    const got = await served(server);
    assert.equal(got, committed());
    assert.not.ok(got.lines.some((l) => /newco|192\.0\.2\.77|2001:db8:77::1/.test(l)));
  }
});

bindTest('a name server that never gets the new serial: not-propagated (exit 1) and named; a re-run after it catches up is up-to-date', async () => {
  join_('eco', '192.0.2.133', '2001:db8:133::1');
  await regenerate();
  const dead = `127.0.0.1:${await freePort()}`;
  const r = await call(deployCmd, ['--root', repo.dir, '--key-file', keyFile(KEY), '--primary', primary!.address, '--server', primary!.address, '--server', dead, '--wait', '2', '--timeout', '1000']);
  assert.is(r.code, 1, r.out);
  assert.match(r.err, /deploy not-propagated: serial \d+ is on the primary, but 1 of 2 name server\(s\) did not serve it within 2 s/);
  assert.match(r.err, new RegExp(`^${dead.replace(/\./g, '\\.')}: no serial`, 'm'));
  const again = await deploy();
  assert.is(again.code, 0, again.err);
  assert.match(again.out, /deploy up-to-date: the primary already serves serial \d+, and all 2 name server\(s\) serve it/);
  repo.remove('members/eco.yaml');
  await regenerate();
  assert.is((await deploy()).code, 0);
});

bindTest('concurrent deploys: the one that read the zone before the other applied loses on the SOA prerequisite, and nothing of it is applied', async () => {
  // Deploy B reads the zone and plans a join...
  join_('bco', '192.0.2.88', '2001:db8:88::1');
  await regenerate();
  const zb = parseRendered(readFileSync(join(repo.dir, 'zone', `${ZONE}.zone`), 'utf8'))!;
  const got = await axfr(ep(primary!.address), ZONE, { key: key(KEY), timeoutMs: 3000 });
  assert.ok(got.ok);
  if (!got.ok) return;
  const planB = planDeploy(servedZone(got.zone, got.soa, got.records), zb, { maxChangePercent: 30, minRecords: 10 }, false);
  // ...meanwhile deploy A (a different change) completes.
  repo.remove('members/bco.yaml');
  join_('aco', '192.0.2.99', '2001:db8:99::1');
  await regenerate();
  const a = await deploy();
  assert.is(a.code, 0, a.err);
  const afterA = await served(primary!);
  // B's update now fails its prerequisite: the zone is exactly A's.
  const b = await sendUpdate(ep(primary!.address), encodeUpdate(planB, updateOps(planB)), key(KEY), 3000);
  assert.is(b.status, 'PREREQ', b.detail);
  assert.match(b.detail, /prerequisite failed \(NXRRSET\).*nothing was applied/);
  assert.equal(await served(primary!), afterA);
  assert.not.ok(afterA.lines.some((l) => l.includes('bco')));
  // Both at once through the command: one deploys, the other fails or finds it done; never a mix.
  const [x, y] = await Promise.all([deploy(), deploy()]);
  assert.ok([x.code, y.code].includes(0));
  assert.equal(await served(primary!), committed());
});

bindTest('a wrong key: refused before anything is sent, and the message says which part is wrong', async () => {
  const before = await served(primary!);
  const wrongSecret = await call(deployCmd, ['--root', repo.dir, '--key-file', keyFile(`deploy-key:hmac-sha256:${READER}`), '--primary', primary!.address, '--server', primary!.address, '--wait', '2']);
  assert.is(wrongSecret.code, 1);
  assert.match(wrongSecret.err, /TSIG BADSIG: the server rejected the signature made with key "deploy-key": the secret differs/);
  assert.match(wrongSecret.err, /nothing was sent/);
  const unknownKey = await call(deployCmd, ['--root', repo.dir, '--key-file', keyFile(`nobody:hmac-sha256:${SECRET}`), '--primary', primary!.address, '--server', primary!.address]);
  assert.is(unknownKey.code, 1);
  assert.match(unknownKey.err, /TSIG BADKEY: the server does not know key "nobody"/);
  const asJson = await call(deployCmd, ['--root', repo.dir, '--key-file', keyFile(`nobody:hmac-sha256:${SECRET}`), '--primary', primary!.address, '--server', primary!.address, '--format', 'json']);
  assert.is(asJson.code, 1);
  assert.equal([JSON.parse(asJson.out).status, asJson.err], ['failed', '']);
  assert.match(JSON.parse(asJson.out).message, /TSIG BADKEY/);
  const badText = await call(deployCmd, ['--root', repo.dir, '--key-file', keyFile('deploy-key:hmac-md5:' + SECRET), '--primary', primary!.address]);
  assert.is(badText.code, 2);
  assert.match(badText.err, /hmac-md5 is obsolete/);
  assert.not.ok(badText.err.includes(SECRET));
  assert.equal(await served(primary!), before);
});

faketimeTest('a clock two hours off: the server answers TSIG BADTIME, nothing sent', async () => {
  const before = await served(primary!);
  const args = ['-f', '+2h', process.execPath, CLI, 'deploy', '--root', repo.dir, '--key-file', keyFile(KEY), '--primary', primary!.address, '--server', primary!.address];
  const r = await new Promise<{ code: number | null; err: string }>((res) => {
    const child = spawnTool('faketime', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child.on('close', (code) => res({ code, err }));
  });
  assert.is(r.code, 1, r.err);
  assert.match(r.err, /TSIG BADTIME: the server's clock and ours differ by more than 300 s \(server time 20\d\d-/);
  assert.equal(await served(primary!), before);
});

bindTest('a key the server lets transfer but not update: REFUSED, nothing applied', async () => {
  join_('cco', '192.0.2.111', '2001:db8:111::1');
  await regenerate();
  const before = await served(primary!);
  const old = process.env.PMNET_TSIG_KEY;
  process.env.PMNET_TSIG_KEY = `reader-key:hmac-sha256:${READER}`;
  try {
    const r = await call(deployCmd, ['--root', repo.dir, '--primary', primary!.address, '--server', primary!.address]);
    assert.is(r.code, 1);
    assert.match(r.err, /REFUSED: the server does not allow key "reader-key" to update this zone.*nothing was applied/);
  } finally {
    if (old === undefined) delete process.env.PMNET_TSIG_KEY;
    else process.env.PMNET_TSIG_KEY = old;
  }
  assert.equal(await served(primary!), before);
  // The right key then deploys it.
  assert.is((await deploy()).code, 0);
});

bindTest('the mass-change guard: most members leaving is blocked, nothing sent; --force deploys', async () => {
  const before = await served(primary!);
  for (const f of ['abc-org73.yaml', 'dynabob8.yaml', 'aco.yaml', 'cco.yaml']) repo.remove(`members/${f}`);
  await regenerate();
  const r = await deploy();
  assert.is(r.code, 1);
  assert.match(r.err, /deploy blocked: mass-change guard: this change deletes or updates \d+ of \d+ records/);
  assert.match(r.err, /run again with --force/);
  assert.equal(await served(primary!), before);
  const forced = await deploy('--force');
  assert.is(forced.code, 0, forced.err);
  assert.equal(await served(secondary!), committed());
});

bindTest('a truncated transfer from the primary: a clear error and nothing sent', async () => {
  join_('dco', '192.0.2.122', '2001:db8:122::1');
  await regenerate();
  const before = await served(primary!);
  const proxy = await startCutProxy(primary!, { messages: 0, bytes: 200 });
  try {
    const r = await call(deployCmd, ['--root', repo.dir, '--key-file', keyFile(KEY), '--primary', proxy.address, '--server', primary!.address]);
    assert.is(r.code, 1);
    assert.match(r.err, /AXFR bdbnetwork\.io from 127\.0\.0\.1:\d+: the connection closed after 200 bytes of an incomplete first message; nothing was sent/);
  } finally {
    await proxy.stop();
  }
  assert.equal(await served(primary!), before);
});

nsupdateTest('a primary serving a newer serial than the committed zone: refused, nothing sent', async () => {
  // Someone else changes the zone with nsupdate and sets a serial past the committed one.
  const soa = `ns1.${ZONE}. hostmaster.${ZONE}. ${committed().serial + 100} 7200 3600 1209600 300`;
  const input = `server 127.0.0.1 ${primary!.port}\nzone ${ZONE}.\nupdate add stray.${ZONE}. 300 IN A 192.0.2.200\nupdate add ${ZONE}. 3600 IN SOA ${soa}\nsend\n`;
  runTool('nsupdate', ['-y', `hmac-sha256:deploy-key:${SECRET}`], { input }); // throws unless exit 0
  const before = await served(primary!);
  const r = await deploy();
  assert.is(r.code, 1, r.out);
  assert.match(r.err, new RegExp(`the primary serves serial ${before.serial}, newer than the committed ${committed().serial}: something else published`));
  assert.equal(await served(primary!), before);
});

s.run();
