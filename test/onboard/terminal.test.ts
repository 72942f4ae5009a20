// The terminal and scripts: colour switches, progress of live runs only on a terminal outside
// CI, `pmnet rules ID` as plain text, and rule links in Markdown and GitHub output.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBind, type BindServer } from '../harness/bind.js';
import { needs } from '../harness/needs.js';
import { onTerminal } from '../harness/terminal.js';
import { CLI, EXAMPLE_DIR, REPO_ROOT, runCli } from '../helpers/consortium.js';
import { useColor } from '../../scripts/report/text.js';
import { ruleDocUrl } from '../../scripts/report/rule-link.js';
import { formatMarkdown } from '../../scripts/report/markdown.js';
import { formatGithub } from '../../scripts/report/github.js';
import { terminalProgress, progressWanted } from '../../scripts/live/progress.js';
import type { Finding } from '../../scripts/findings.js';

test('colour: flags first, then FORCE_COLOR, then NO_COLOR, then the terminal', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  assert.is(useColor(pipe, {}, {}), false);
  assert.is(useColor(tty, {}, {}), true);
  assert.is(useColor(pipe, {}, { FORCE_COLOR: '1' }), true);
  assert.is(useColor(pipe, {}, { FORCE_COLOR: '' }), true);
  assert.is(useColor(tty, {}, { FORCE_COLOR: '0' }), false);
  assert.is(useColor(tty, {}, { NO_COLOR: '1' }), false);
  assert.is(useColor(pipe, {}, { NO_COLOR: '1', FORCE_COLOR: '1' }), true);
  assert.is(useColor(pipe, { noColor: true }, { FORCE_COLOR: '1' }), false);
  assert.is(useColor(pipe, { color: true }, { NO_COLOR: '1' }), true);
});

test('FORCE_COLOR colours validate output through a pipe; FORCE_COLOR=0 and a plain pipe get plain text', async () => {
  const bad = `${REPO_ROOT}/test/hostile/corpus/ip-private.yaml`;
  const env = { ...process.env };
  delete env.FORCE_COLOR;
  const piped = spawnSync(process.execPath, [CLI, 'validate', bad], { cwd: EXAMPLE_DIR, encoding: 'utf8', env });
  assert.match(piped.stdout, /error/);
  assert.not.match(piped.stdout, /\x1b\[/);
  const plain = await runCli(['validate', bad], { env: { FORCE_COLOR: '0' } });
  assert.not.match(plain.stdout, /\x1b\[/);
  const forced = await runCli(['validate', bad], { env: { FORCE_COLOR: '1' } });
  assert.match(forced.stdout, /\x1b\[31merror\x1b\[0m/);
});

const F: Finding = { rule: 'member/ip-not-public', severity: 'error', file: 'members/a.yaml', line: 3, column: 9, message: 'bad' };

test('every finding in Markdown and GitHub output links to its rule documentation', () => {
  const gh = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/net' };
  assert.is(ruleDocUrl('member/ip-not-public', {}), 'docs/rules.md#member-ip-not-public');
  assert.is(ruleDocUrl('member/ip-not-public', gh), 'https://github.com/acme/net/blob/HEAD/docs/rules.md#member-ip-not-public');
  assert.is(ruleDocUrl('member/ip-not-public', { GITHUB_SERVER_URL: 'javascript:x', GITHUB_REPOSITORY: 'a/b' }), 'docs/rules.md#member-ip-not-public');
  assert.match(formatMarkdown([F], 't', gh), /\| \[`member\/ip-not-public`\]\(https:\/\/github\.com\/acme\/net\/blob\/HEAD\/docs\/rules\.md#member-ip-not-public\) \|/);
  assert.match(formatGithub([F], gh), /^::error file=members\/a\.yaml,line=3,col=9,title=member\/ip-not-public::bad Rule: https%3A|^::error .*::bad Rule: https:\/\/github\.com\/acme\/net\/blob\/HEAD\/docs\/rules\.md#member-ip-not-public$/m);
});

test('pmnet rules ID prints one rule as plain text; an unknown id is a usage error with a suggestion', async () => {
  const r = await runCli(['rules', 'member/ip-not-public']);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^member\/ip-not-public \(error\)\n\n  /);
  assert.match(r.stdout, /Citation:\n  RFC 6890/);
  assert.match(r.stdout, /Documentation: docs\/rules\.md#member-ip-not-public/);
  assert.not.match(r.stdout, /<a id|\\[.\-:(]|\|/);
  const u = await runCli(['rules', 'ip-not-public']);
  assert.is(u.code, 2);
  assert.match(u.stderr, /no rule "ip-not-public"; did you mean member\/ip-not-public\?/);
});

test('progress: members done / total and members with problems, redrawn in place, cleared at the end', () => {
  let out = '';
  const p = terminalProgress(2, 2, (s) => (out += s), 0);
  const dnsOk = { resolvers: [{ a: { status: 'NOERROR' }, aaaa: { status: 'NODATA' } }] } as never;
  const tlsBad = { checkedAt: '', addresses: [{ connect: { kind: 'refused', message: '' } }] } as never;
  p.dns('a', dnsOk);
  p.tls('a', tlsBad);
  assert.match(out, /\r\x1b\[2Klive checks: 1\/2 members done, 1 with problems so far$/);
  p.dns('b', dnsOk);
  p.tls('b', { checkedAt: '', addresses: [] } as never);
  assert.match(out, /live checks: 2\/2 members done, 1 with problems so far$/);
  p.done();
  assert.ok(out.endsWith('\r\x1b[2K'));
  assert.is(progressWanted({ isTTY: true }, {}), true);
  assert.is(progressWanted({ isTTY: true }, { CI: 'true' }), false);
  assert.is(progressWanted({ isTTY: false }, {}), false);
});

// ---- a live run on a real pseudo-terminal, against a real BIND

const ZONE = `$TTL 300
@ IN SOA ns.nodes.test. h.nodes.test. 1 3600 600 86400 60
@ IN NS ns.nodes.test.
ns IN A 127.0.0.1
a IN A 127.0.0.21
b IN A 127.0.0.22
`;
const member = (id: string, ip: string) => `id: ${id}\norganization:\n  name: ${id}\ncontacts:\n  - email: ops@${id}.net\ngithub: [${id}-ops]\nstatus: active\nnode:\n  domain: ${id}.nodes.test\n  ipv4: [${ip}]\n`;

// The pseudo-terminal driver is python3's pty module (test/harness/terminal.py).
const ptyTest = needs(test, 'named', 'python3');
let bind: BindServer | undefined;
let dir = '';
ptyTest.before(async () => {
  bind = await startBind([{ origin: 'nodes.test', text: ZONE }]);
  dir = mkdtempSync(join(tmpdir(), 'pmnet-progress-'));
  mkdirSync(join(dir, 'members'));
  writeFileSync(
    join(dir, 'network.yaml'),
    `name: P\ndomain: consortium.test\nshared_name: api.consortium.test\nzone:\n  soa: { mname: ns1.consortium.test, rname: h.consortium.test }\n  nameservers: [{ name: ns1.consortium.test, ipv4: [127.0.0.1] }]\npolicy:\n  allow_address_classes: [loopback]\n  allow_special_use_names: [test]\nlive:\n  resolvers: ["${bind.address}"]\n  timeout_ms: 1000\n  retries: 0\n`,
  );
  writeFileSync(join(dir, 'members/a.yaml'), member('a', '127.0.0.21'));
  writeFileSync(join(dir, 'members/b.yaml'), member('b', '127.0.0.22'));
});
ptyTest.after(async () => {
  await bind?.stop();
});

function onTerminalRun(env: NodeJS.ProcessEnv): Promise<string> {
  return onTerminal([], [process.execPath, CLI, 'validate', '--live', '--root', dir], env).then((r) => r.out);
}

ptyTest('validate --live shows progress on a terminal, not in CI, not through a pipe', async () => {
  const env = { ...process.env };
  delete env.CI;
  const tty = await onTerminalRun(env);
  assert.match(tty, /live checks: 2\/2 members done, 2 with problems so far/, tty);
  assert.match(tty, /tls\/connect-failed/);
  const ci = await onTerminalRun({ ...env, CI: 'true' });
  assert.match(ci, /tls\/connect-failed/);
  assert.not.match(ci, /live checks:/);
  const piped = await runCli(['validate', '--live', '--root', dir], { env: { CI: '' } });
  assert.not.match(piped.stdout + piped.stderr, /live checks:/);
  assert.match(piped.stdout, /tls\/connect-failed/);
});

test.run();
