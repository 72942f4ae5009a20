// pmnet site: rendered for the example network and a 100-member synthetic one, then checked in
// real headless Chromium: content present (with JavaScript off), no console errors, no axe-core
// violations, under 200 KB. UPDATE_SCREENSHOT=1 rewrites docs/site-example.png.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { AXE_PATH, launch } from '../harness/browser.js';
import { needs, tool } from '../harness/needs.js';
import { EXAMPLE_DIR, exampleMember, makeConsortium, REPO_ROOT, runCli } from '../helpers/consortium.js';
import { parseGitLog } from '../../scripts/site/history.js';
import { parseAudit, parseHealth } from '../../scripts/site/inputs.js';
import { sparkline } from '../../scripts/site/render.js';

const NOW = Date.parse('2026-12-01T00:00:00Z');
const day = (n: number) => new Date(NOW + n * 86_400_000).toISOString();

function healthFor(ids: string[]): string {
  const members: Record<string, { at: string; score: number }[]> = {};
  ids.forEach((id, k) => (members[id] = Array.from({ length: 30 }, (_, i) => ({ at: day(i - 30), score: 100 - ((i * 7 + k * 3) % 25) }))));
  return JSON.stringify({ members });
}

function auditFor(rows: [string, string][], extraFindings: object[] = []): string {
  return JSON.stringify({
    checked_at: day(0),
    findings: extraFindings,
    certificates: rows.map(([member, address], i) => ({ member, address, not_after: day((i * 11) % 120 - 3), issuer: 'CN=Test CA' })),
  });
}

function member(i: number): string {
  const id = `m${String(i).padStart(2, '0')}`;
  return `id: ${id}\norganization:\n  name: "Member <${i}> & Co"\n  country: DE\n  website: https://${id}-node.net/\ncontacts:\n  - email: ops@${id}-node.net\ngithub: [${id}-ops]\nstatus: ${i % 17 === 5 ? 'suspended' : 'active'}\nnode:\n  domain: ${id}-node.net\n  ipv4: [11.${i}.0.1]\n  ipv6: ["2a01:4f8:${i.toString(16)}::1"]\n`;
}

/**
 * The example network in the subdirectory consortium/ of a git repository, with a history of
 * pull requests: founded with the three example members, #12 (a merge commit) adds m07, #13
 * (squashed) changes dynabob8, #14 removes m07; a members/ directory outside the
 * consortium changes too (#15) and must not be listed. Returns the consortium directory.
 */
function exampleWithHistory(): string {
  const top = mkdtempSync(join(tmpdir(), 'pmnet-site-git-'));
  const net = join(top, 'consortium');
  mkdirSync(join(top, 'other', 'members'), { recursive: true });
  cpSync(join(EXAMPLE_DIR, 'network.yaml'), join(net, 'network.yaml'));
  cpSync(join(EXAMPLE_DIR, 'members'), join(net, 'members'), { recursive: true });
  let day = 0;
  const git = (...args: string[]) => {
    const at = `2026-11-${String(10 + day).padStart(2, '0')}T12:00:00Z`;
    execFileSync('git', ['-C', top, ...args], { env: { ...process.env, GIT_AUTHOR_NAME: 'pmnet test', GIT_AUTHOR_EMAIL: 'test@pmnet.invalid', GIT_COMMITTER_NAME: 'pmnet test', GIT_COMMITTER_EMAIL: 'test@pmnet.invalid', GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at }, stdio: 'pipe' });
  };
  git('init', '-q', '-b', 'main');
  writeFileSync(join(top, 'other', 'members', 'zed.yaml'), 'id: zed\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'Found the network');
  day++;
  git('checkout', '-q', '-b', 'join-m07');
  writeFileSync(join(net, 'members', 'm07.yaml'), member(7));
  git('add', '-A');
  git('commit', '-q', '-m', 'Add m07');
  git('checkout', '-q', 'main');
  git('merge', '-q', '--no-ff', '-m', 'Merge pull request #12 from m07-ops/join-m07', 'join-m07');
  day++;
  writeFileSync(join(net, 'members', 'dynabob8.yaml'), exampleMember('dynabob8').replace('Dynabob', 'DynaBob'));
  git('commit', '-q', '-am', 'dynabob8: organization name (#13)');
  day++;
  rmSync(join(net, 'members', 'm07.yaml'));
  git('commit', '-q', '-am', 'm07 leaves the network (#14)');
  day++;
  writeFileSync(join(top, 'other', 'members', 'zed.yaml'), 'id: zed2\n');
  git('commit', '-q', '-am', 'Unrelated (#15)');
  return net;
}

const browserTest = needs(test, 'chromium');
let browser: Browser | undefined;
browserTest.before(async () => {
  browser = await launch(tool('chromium'));
});
browserTest.after(async () => {
  await browser?.close();
});

interface Checked {
  text: string;
  bytes: number;
  consoleErrors: string[];
  violations: { id: string; impact: string | null; nodes: string[] }[];
  screenshot: Buffer;
}

async function check(file: string): Promise<Checked> {
  const url = pathToFileURL(file).href;
  // Content as a reader without JavaScript sees it.
  const noJs = await browser!.newContext({ javaScriptEnabled: false });
  const p1 = await noJs.newPage();
  const consoleErrors: string[] = [];
  p1.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  p1.on('pageerror', (e) => consoleErrors.push(String(e)));
  p1.on('requestfailed', (r) => consoleErrors.push(`request failed: ${r.url()}`));
  await p1.goto(url);
  const text = await p1.innerText('body');
  await noJs.close();
  // Accessibility: axe-core needs JavaScript to run; the page itself has none.
  const ctx = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
  const p2 = await ctx.newPage();
  p2.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  p2.on('pageerror', (e) => consoleErrors.push(String(e)));
  await p2.goto(url);
  await p2.addScriptTag({ path: AXE_PATH });
  const violations = await p2.evaluate(async () => {
    const r = await (window as unknown as { axe: { run: (o?: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { html: string }[] }[] }> } }).axe.run({ resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.html) }));
  });
  const screenshot = await p2.screenshot({ fullPage: false });
  await ctx.close();
  return { text, bytes: statSync(file).size, consoleErrors, violations, screenshot };
}

browserTest('the example network: members, rotation, health, certificates, findings, zone and history in the page', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pmnet-site-'));
  writeFileSync(join(dir, 'health.json'), healthFor(['abc-org73', 'dynabob8']));
  writeFileSync(join(dir, 'audit.json'), auditFor([['abc-org73', '192.0.2.10'], ['dynabob8', '198.51.100.20'], ['figmentdb3', '203.0.113.30']], [
      // Consistent with the certificates auditFor lists: abc-org73's expired 3 days ago, dynabob8's expires in 8.
      { rule: 'tls/expired', severity: 'error', file: 'members/abc-org73.yaml', line: 14, column: 11, message: 'certificate expired 3 days ago', member: 'abc-org73' },
      { rule: 'tls/expiring-soon', severity: 'warning', file: 'members/dynabob8.yaml', line: 15, column: 11, message: 'certificate expires in 8 days', member: 'dynabob8' },
    ]));
  const out = join(dir, 'site');
  // Run in the consortium's directory, a subdirectory of its git checkout (no --root).
  const net = exampleWithHistory();
  const r = await runCli(['site', '--out', out, '--health', join(dir, 'health.json'), '--audit', join(dir, 'audit.json'), '--repo-url', 'https://github.com/acme/net'], { cwd: net });
  assert.is(r.code, 0, r.stderr);
  const c = await check(join(out, 'index.html'));
  assert.equal(c.consoleErrors, []);
  assert.equal(c.violations, [], JSON.stringify(c.violations, null, 2));
  for (const want of ['BDB Network (example)', 'api.bdbnetwork.io', 'abc-org73.net', 'api.dynabob8.io', '2001:db8:a::10', 'Certificate expiry', 'certificate expired 3 days ago', 'certificate expires in 8 days', 'Recent governance history']) assert.ok(c.text.includes(want), want);
  // The governance history: newest first, pull requests linked, nothing from outside the consortium.
  const history = c.text.slice(c.text.indexOf('Member files added (join)'), c.text.indexOf('Generated by pmnet site'));
  assert.equal(history.split('\n').slice(2).map((l) => l.trim()).filter(Boolean), [
    '2026-11-13\tleave\tm07\t#14',
    '2026-11-12\tupdate\tdynabob8\t#13',
    '2026-11-11\tjoin\tm07\t#12',
    '2026-11-10\tjoin\tabc-org73\tFound the network',
    '2026-11-10\tjoin\tdynabob8\tFound the network',
    '2026-11-10\tjoin\tfigmentdb3\tFound the network',
  ]);
  assert.match(c.text, /figmentdb3\s+FigmentDB 3 \(SG\)\s+figmentdb3\.ninja\s+203\.0\.113\.30\s+yes\s+no health data yet/);
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  assert.not.match(html, /<script/i);
  assert.match(html, /<tr id="m-abc-org73">.*<span class="bad">1 error<\/span>/);
  assert.match(html, /<svg [^>]*role="img" aria-label="Health of abc-org73: 30 health scores from /);
  assert.match(html, /<pre tabindex="0">; Generated by pmnet/);
  assert.match(html, /href="https:\/\/github\.com\/acme\/net\/blob\/HEAD\/docs\/rules\.md#tls-expiring-soon"/);
  assert.match(html, /<td>leave<\/td><td><code>m07<\/code><\/td><td><a href="https:\/\/github\.com\/acme\/net\/pull\/14">#14<\/a><\/td>/);
  // The same history through --root from another directory.
  const again = await runCli(['site', '--root', net, '--out', join(dir, 'site2'), '--health', join(dir, 'health.json'), '--audit', join(dir, 'audit.json'), '--repo-url', 'https://github.com/acme/net'], { cwd: tmpdir() });
  assert.is(again.code, 0, again.stderr);
  const section = (t: string) => t.slice(t.indexOf('<h2 id="history">'));
  assert.is(section(readFileSync(join(dir, 'site2', 'index.html'), 'utf8')), section(html));
  if (process.env.UPDATE_SCREENSHOT) writeFileSync(join(REPO_ROOT, 'docs/site-example.png'), c.screenshot);
  assert.ok(c.screenshot.subarray(1, 4).toString() === 'PNG' && c.screenshot.length > 10_000);
});

browserTest('100 members: under 200 KB, accessible, hostile text escaped, suspended members out of rotation', async () => {
  const members: Record<string, string> = {};
  for (let i = 0; i < 100; i++) members[`m${String(i).padStart(2, '0')}.yaml`] = member(i);
  const k = makeConsortium({ noExampleMembers: true, members });
  const ids = Object.keys(members).map((f) => f.replace('.yaml', ''));
  writeFileSync(join(k.dir, 'health.json'), healthFor(ids));
  writeFileSync(join(k.dir, 'audit.json'), auditFor(ids.map((id, i) => [id, `11.${i}.0.1`])));
  const z = await runCli(['zone', '--root', k.dir]);
  assert.is(z.code, 0, z.stdout + z.stderr);
  const out = join(k.dir, 'site');
  const r = await runCli(['site', '--root', k.dir, '--out', out, '--health', join(k.dir, 'health.json'), '--audit', join(k.dir, 'audit.json')]);
  assert.is(r.code, 0, r.stderr);
  const c = await check(join(out, 'index.html'));
  assert.ok(c.bytes < 200 * 1024, `${c.bytes} bytes`);
  console.log(`  100-member status page: ${c.bytes} bytes`);
  assert.equal(c.consoleErrors, []);
  assert.equal(c.violations, [], JSON.stringify(c.violations, null, 2));
  assert.ok(c.text.includes('Member <42> & Co'));
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  assert.ok(html.includes('Member &lt;42&gt; &amp; Co'));
  assert.is((html.match(/<tr id="m-m\d\d">/g) ?? []).length, 100);
  assert.match(html, /<tr id="m-m05">.*<span class="muted">no \(suspended\)<\/span>/);
  // In rotation = an address in the shared name's A/AAAA records of the zone (which may hold a bounded subset).
  const zone = readFileSync(join(k.dir, 'zone/bdbnetwork.io.zone'), 'utf8');
  const inZone = ids.filter((_, i) => new RegExp(`^api\\.bdbnetwork\\.io\\.\\t\\d+\\tIN\\tA\\t11\\.${i}\\.0\\.1$`, 'm').test(zone));
  assert.ok(inZone.length > 0);
  assert.is((html.match(/<span class="ok">yes<\/span>/g) ?? []).length, inZone.length);
  assert.match(html, new RegExp(`<tr id="m-${inZone[0]}">.*<span class="ok">yes</span>`));
  assert.match(c.text, /expired 3 days ago/);
  assert.match(c.text, /No history: the site was built outside a git checkout\./);
});

test('a hostile website or repository URL never becomes a link; the inputs are checked', async () => {
  const k = makeConsortium({ members: { 'zed.yaml': member(1).replace('https://m01-node.net/', '"javascript:alert(1)"') } });
  const out = join(k.dir, 'site');
  const r = await runCli(['site', '--root', k.dir, '--out', out]);
  assert.is(r.code, 0, r.stderr);
  assert.not.match(readFileSync(join(out, 'index.html'), 'utf8'), /href="javascript/);
  const bad = await runCli(['site', '--root', k.dir, '--out', out, '--repo-url', 'javascript:alert(1)']);
  assert.is(bad.code, 2);
  assert.throws(() => parseHealth({ members: { a: [{ at: 'yesterday', score: 5 }] } }), /members\.a\[0\] needs "at"/);
  assert.throws(() => parseHealth({ members: { a: [{ at: '2026-01-01', score: 101 }] } }), /score/);
  assert.throws(() => parseAudit({ checked_at: '2026-01-01T00:00:00Z', certificates: [{ member: 'a' }] }), /certificates\[0\]/);
  writeFileSync(join(k.dir, 'h.json'), '{');
  const notJson = await runCli(['site', '--root', k.dir, '--out', out, '--health', join(k.dir, 'h.json')]);
  assert.is(notJson.code, 2);
  assert.match(notJson.stderr, /health file .* is not JSON/);
});

test('no health data: the chart cell says so; git history is parsed into joins, updates, leaves with PR numbers', () => {
  assert.is(sparkline([], 'x'), '<span class="muted">no health data yet</span>');
  const log = '\x1e2026-11-20T10:00:00+00:00\x1fAdd acme (#12)\n\nA\tmembers/acme.yaml\n\x1e2026-11-21T10:00:00+00:00\x1fMerge pull request #13 from x/y\n\nM\tmembers/acme.yaml\nD\tmembers/old.yaml\nR100\tmembers/a.yaml\tmembers/b.yaml\nM\tnetwork.yaml\n';
  assert.equal(parseGitLog(log), [
    { date: '2026-11-20', kind: 'join', member: 'acme', subject: 'Add acme (#12)', pr: 12 },
    { date: '2026-11-21', kind: 'update', member: 'acme', subject: 'Merge pull request #13 from x/y', pr: 13 },
    { date: '2026-11-21', kind: 'leave', member: 'old', subject: 'Merge pull request #13 from x/y', pr: 13 },
    { date: '2026-11-21', kind: 'rename', member: 'b', subject: 'Merge pull request #13 from x/y', pr: 13 },
  ]);
});

test.run();
