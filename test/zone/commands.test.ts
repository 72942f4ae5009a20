// The zone, plan and verify-zone commands on a temp copy of the repository's example network.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run as zone } from '../../scripts/commands/zone.js';
import { run as plan } from '../../scripts/commands/plan.js';
import { run as verifyZoneCmd } from '../../scripts/commands/verify-zone.js';
import { checkZoneStrict, startBind } from '../harness/bind.js';
import { needs, runTool } from '../harness/needs.js';
import { queryServer, parseEndpoint } from '../../scripts/zone/dnsquery.js';
import { tempDir } from './fixtures.js';
import { EXAMPLE_DIR } from '../helpers/consortium.js';

// uvu sets FORCE_COLOR=1 in its own process; these in-process calls model a plain pipe.
delete process.env.FORCE_COLOR;

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const checkzoneTest = needs(test, 'named-checkzone');
const bindTest = needs(test, 'named');
const faketimeTest = needs(test, 'faketime');

function exampleRoot(): string {
  const root = tempDir();
  cpSync(join(EXAMPLE_DIR, 'network.yaml'), join(root, 'network.yaml'));
  cpSync(join(EXAMPLE_DIR, 'members'), join(root, 'members'), { recursive: true });
  return root;
}

/** The commands' clock: serials below are written out for this day. */
const NOW = new Date('2026-11-24T10:00:00Z');

async function call(cmd: typeof zone, args: string[], now = NOW): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await cmd(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), now: () => now });
  return { code, out, err };
}

const edit = (root: string, file: string, from: string | RegExp, to: string) => {
  const p = join(root, file);
  const text = readFileSync(p, 'utf8');
  const next = text.replace(from, to);
  assert.is.not(next, text, `edit of ${file} changed nothing`);
  writeFileSync(p, next);
};
const zoneFile = (root: string) => join(root, 'zone', 'bdbnetwork.io.zone');

test('pmnet zone writes zone/<domain>.zone; a re-run keeps the bytes', async () => {
  const root = exampleRoot();
  const r = await call(zone, ['--root', root]);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /wrote .*bdbnetwork\.io\.zone \(serial 2026112400, 15 records\)/);
  const text = readFileSync(zoneFile(root), 'utf8');
  assert.match(text, /^abc-org73\.nodes\.bdbnetwork\.io\.\t3600\tIN\tCNAME\tabc-org73\.net\.$/m);
  const again = await call(zone, ['--root', root]);
  assert.is(again.code, 0);
  assert.match(again.out, /unchanged/);
  assert.is(readFileSync(zoneFile(root), 'utf8'), text);
  assert.is((await call(zone, ['--root', root, '--check'])).code, 0);
});

checkzoneTest('pmnet zone output passes named-checkzone in strict mode', async () => {
  const root = exampleRoot();
  assert.is((await call(zone, ['--root', root])).code, 0);
  const r = checkZoneStrict('bdbnetwork.io', zoneFile(root));
  assert.ok(r.ok, r.output);
});

test('pmnet zone --check fails when the committed zone is stale or missing; a change bumps the serial', async () => {
  const root = exampleRoot();
  assert.is((await call(zone, ['--root', root, '--check'])).code, 1, 'missing file');
  await call(zone, ['--root', root]);
  edit(root, 'members/figmentdb3.yaml', 'status: active', 'status: suspended');
  const chk = await call(zone, ['--root', root, '--check']);
  assert.is(chk.code, 1);
  assert.match(chk.out, /^- figmentdb3\.nodes\.bdbnetwork\.io\. 3600 CNAME figmentdb3\.ninja\.$/m);
  assert.match(chk.err, /is not what the model produces/);
  const w = await call(zone, ['--root', root]);
  assert.is(w.code, 0, w.err);
  assert.match(w.out, /serial 2026112401,/);
  assert.not.match(readFileSync(zoneFile(root), 'utf8'), /figmentdb3/);
});

test('pmnet zone: the serial is the date of the change (clock given), kept while nothing changes', async () => {
  const root = exampleRoot();
  assert.match((await call(zone, ['--root', root])).out, /serial 2026112400,/);
  const later = new Date('2027-03-20T12:00:00Z');
  assert.match((await call(zone, ['--root', root], later)).out, /unchanged/);
  assert.match(readFileSync(zoneFile(root), 'utf8'), /\tSOA\t\S+ \S+ 2026112400 /);
  edit(root, 'members/figmentdb3.yaml', 'status: active', 'status: suspended');
  const w = await call(zone, ['--root', root], later);
  assert.is(w.code, 0, w.err);
  assert.match(w.out, /serial 2027032000,/);
  assert.match(readFileSync(zoneFile(root), 'utf8'), /\tSOA\t\S+ \S+ 2027032000 /);
});

faketimeTest('the pmnet CLI, with no clock given, dates the serial by the system clock (faketime 2029-03-20)', () => {
  const root = exampleRoot();
  const cli = join(REPO, 'dist', 'scripts', 'cli.js');
  const out = runTool('faketime', ['2029-03-20 12:00:00', process.execPath, cli, 'zone', '--root', root]);
  assert.match(out, /wrote .*bdbnetwork\.io\.zone \(serial 2029032000, 15 records\)/);
});

test('pmnet zone: validation errors mean no zone, findings laid out as pmnet validate prints them', async () => {
  const root = exampleRoot();
  edit(root, 'members/dynabob8.yaml', 'ipv4: [198.51.100.20, 198.51.100.21]', 'ipv4: [198.51.100.20, "10.0.0.1\\n$INCLUDE /etc/passwd"]');
  const r = await call(zone, ['--root', root]);
  assert.is(r.code, 1);
  assert.match(r.err, /^members\/dynabob8\.yaml\n  \d+:\d+  error  .+  [a-z]+\/[a-z-]+$/m);
  assert.not.match(r.err, /\$INCLUDE \/etc\/passwd\n/, 'the member text is shown inert (its newline escaped)');
  assert.match(r.err, /no zone written/);
  assert.not.ok(existsSync(zoneFile(root)));
});

test('pmnet zone: the mass-change guard blocks, --force writes', async () => {
  const root = exampleRoot();
  await call(zone, ['--root', root]);
  const before = readFileSync(zoneFile(root), 'utf8');
  edit(root, 'members/figmentdb3.yaml', 'status: active', 'status: suspended');
  edit(root, 'members/dynabob8.yaml', 'status: active', 'status: suspended');
  const r = await call(zone, ['--root', root]);
  assert.is(r.code, 1);
  assert.match(r.err, /mass-change guard: this change deletes or updates 6 of 15 records \(40%\)/);
  assert.is(readFileSync(zoneFile(root), 'utf8'), before, 'not written');
  const f = await call(zone, ['--root', root, '--force']);
  assert.is(f.code, 0, f.err);
  assert.match(f.err, /overridden with --force/);
  assert.is.not(readFileSync(zoneFile(root), 'utf8'), before);
});

test('pmnet zone --format route53 and --out -', async () => {
  const root = exampleRoot();
  const r = await call(zone, ['--root', root, '--format', 'route53']);
  assert.is(r.code, 0);
  const batch = JSON.parse(r.out);
  assert.equal(batch.Changes.map((c: { ResourceRecordSet: { SetIdentifier: string } }) => c.ResourceRecordSet.SetIdentifier), ['abc-org73', 'dynabob8', 'figmentdb3']);
  const s = await call(zone, ['--root', root, '--out', '-']);
  assert.is(s.code, 0);
  assert.match(s.out, /^\$ORIGIN bdbnetwork\.io\.$/m);
  assert.not.ok(existsSync(zoneFile(root)), '--out - writes nothing');
});

test('pmnet zone --format route53 --current: members who left get a DELETE; without it a note; many deletes trip the guard', async () => {
  const root = exampleRoot();
  const rec = (id: string) => ({ Name: 'api.bdbnetwork.io.', Type: 'CNAME', SetIdentifier: id, Weight: 1, TTL: 300, ResourceRecords: [{ Value: `${id}.example.` }] });
  const write = (ids: string[]) => {
    const f = join(root, 'route53.json');
    writeFileSync(f, JSON.stringify({ ResourceRecordSets: ids.map(rec) }));
    return f;
  };
  const r = await call(zone, ['--root', root, '--format', 'route53', '--current', write(['abc-org73', 'dynabob8', 'figmentdb3', 'left-co'])]);
  assert.is(r.code, 0, r.err);
  const batch = JSON.parse(r.out);
  assert.equal(batch.Changes.map((c: { Action: string; ResourceRecordSet: { SetIdentifier: string } }) => `${c.Action} ${c.ResourceRecordSet.SetIdentifier}`), ['DELETE left-co', 'UPSERT abc-org73', 'UPSERT dynabob8', 'UPSERT figmentdb3']);
  assert.is(r.err, '');
  const note = await call(zone, ['--root', root, '--format', 'route53']);
  assert.match(note.err, /without --current the batch only adds and updates; records of members who left stay in Route 53/);
  const many = write(['abc-org73', ...Array.from({ length: 10 }, (_, i) => `gone-${i}`)]);
  const g = await call(zone, ['--root', root, '--format', 'route53', '--current', many]);
  assert.is(g.code, 1);
  assert.match(g.err, /mass-change guard: the batch deletes 10 of the 11 weighted records/);
  assert.is((await call(zone, ['--root', root, '--format', 'route53', '--current', many, '--force'])).code, 0);
  const bad = await call(zone, ['--root', root, '--format', 'route53', '--current', write([]).replace('route53.json', 'missing.json')]);
  assert.is(bad.code, 2);
  assert.is((await call(zone, ['--root', root, '--current', many])).code, 2, '--current needs --format route53');
});

test('usage errors: exit 2 with a usage line, no stack', async () => {
  for (const [cmd, args] of [
    [zone, ['--bogus']],
    [zone, ['--format', 'tinydns']],
    [zone, ['--check', '--out', 'x']],
    [plan, ['--root', '.']],
    [plan, ['--base', 'main', '--base-root', '.']],
    [verifyZoneCmd, ['--no-axfr', '--key-file', 'k.key']],
    [verifyZoneCmd, ['--server', 'ns1.example.org']],
  ] as const) {
    const r = await call(cmd, [...args]);
    assert.is(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, /^pmnet: .+\nusage: pmnet /);
    assert.not.match(r.err, /\n\s+at /);
  }
});

test('pmnet plan --base-root: text, markdown, json; the guard fails the plan', async () => {
  const base = exampleRoot();
  const head = exampleRoot();
  edit(head, 'members/figmentdb3.yaml', 'status: active', 'status: suspended');
  const t = await call(plan, ['--root', head, '--base-root', base]);
  assert.is(t.code, 0, t.err);
  assert.match(t.out, /^- figmentdb3\.nodes\.bdbnetwork\.io\. 3600 CNAME figmentdb3\.ninja\.$/m);
  assert.match(t.out, /guard: 2 of 15 existing records deleted or updated \(13\.3%\)/);
  const md = await call(plan, ['--root', head, '--base-root', base, '--format', 'markdown']);
  assert.match(md.out, /^### DNS zone plan for bdbnetwork\\\.io\\\./m);
  const j = JSON.parse((await call(plan, ['--root', head, '--base-root', base, '--format', 'json'])).out);
  assert.equal(j.summary.removed, 1);
  edit(head, 'members/dynabob8.yaml', 'status: active', 'status: suspended');
  const blocked = await call(plan, ['--root', head, '--base-root', base]);
  assert.is(blocked.code, 1);
  assert.match(blocked.out, /ERROR mass-change guard/);
  assert.is((await call(plan, ['--root', head, '--base-root', base, '--force'])).code, 0);
});

test('pmnet plan: a pull request cannot loosen the guard it is judged by', async () => {
  const base = exampleRoot();
  const head = exampleRoot();
  edit(head, 'members/figmentdb3.yaml', 'status: active', 'status: suspended');
  edit(head, 'members/dynabob8.yaml', 'status: active', 'status: suspended');
  edit(head, 'network.yaml', 'max_change_percent: 30', 'max_change_percent: 100');
  const r = await call(plan, ['--root', head, '--base-root', base]);
  assert.is(r.code, 1, r.out + r.err);
  assert.match(r.out, /limit 30%/);
});

test('pmnet plan --base GIT-REF reads the ref through git (symlinks ignored)', async () => {
  const root = exampleRoot();
  const g = (...a: string[]) => execFileSync('git', ['-C', root, '-c', 'user.name=t', '-c', 'user.email=t@example.org', ...a], { stdio: 'pipe' });
  g('init', '-q');
  g('commit', '-q', '--allow-empty', '-m', 'empty');
  g('tag', 'empty');
  // A symlink committed in members/ must not be followed (it would make the base invalid).
  symlinkSync('/etc/passwd', join(root, 'members', 'evil.yaml'));
  g('add', '.');
  g('commit', '-qm', 'base');
  rmSync(join(root, 'members', 'evil.yaml'));
  edit(root, 'members/figmentdb3.yaml', 'status: active', 'status: suspended');
  const r = await call(plan, ['--root', root, '--base', 'HEAD', '--format', 'json']);
  assert.is(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.equal(j.changes.map((c: { action: string; name: string; type: string }) => `${c.action} ${c.name} ${c.type}`), ['remove figmentdb3.nodes.bdbnetwork.io. CNAME', 'change api.bdbnetwork.io. A']);
  // A ref without network.yaml is an empty base: everything is added.
  const e = JSON.parse((await call(plan, ['--root', root, '--base', 'empty', '--format', 'json'])).out);
  assert.is(e.summary.removed, 0);
  assert.ok(e.summary.added > 5);
  const bad = await call(plan, ['--root', root, '--base', '--upload-pack=evil']);
  assert.is(bad.code, 2);
  const unknown = await call(plan, ['--root', root, '--base', 'no-such-ref']);
  assert.is(unknown.code, 2);
  assert.match(unknown.err, /not a commit/);
});

bindTest('pmnet verify-zone against real named: fresh zone exit 0, stale zone exit 1', async () => {
  const root = exampleRoot();
  await call(zone, ['--root', root]);
  const srv = await startBind([{ origin: 'bdbnetwork.io', text: readFileSync(zoneFile(root), 'utf8') }]);
  try {
    for (let i = 0; i < 50; i++) if (await queryServer(parseEndpoint(srv.address)!, 'bdbnetwork.io.', 'SOA', 200).then(() => true, () => false)) break;
    const ok = await call(verifyZoneCmd, ['--root', root, '--server', srv.address]);
    assert.is(ok.code, 0, ok.out + ok.err);
    assert.match(ok.out, /whole zone compared \(AXFR\)/);
    assert.match(ok.out, /the whole zone matches on 1 server/);
    // The model moves on (figmentdb3 suspended, zone regenerated); the server still has the old zone.
    edit(root, 'members/figmentdb3.yaml', 'status: active', 'status: suspended');
    await call(zone, ['--root', root]);
    const stale = await call(verifyZoneCmd, ['--root', root, '--server', srv.address, '--format', 'json']);
    assert.is(stale.code, 1);
    const j = JSON.parse(stale.out);
    assert.equal(j.problems.map((p: { kind: string; name: string; type: string }) => `${p.kind} ${p.name} ${p.type}`), ['extra api.bdbnetwork.io. A', 'serial-behind bdbnetwork.io. SOA', 'extra figmentdb3.nodes.bdbnetwork.io. CNAME']);
  } finally {
    await srv.stop();
  }
});

test.run();
