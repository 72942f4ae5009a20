// docs/founding.md, run: its shell commands in order on a fresh directory (pmnet init, validate,
// zone, git), then its founding path: the documented governance.founding block, a first member
// joining with `pmnet join` whose node is real (BIND serving its records and proof, an HTTPS
// node on loopback), and a live `pr-check` that turns green on a founding approver's approval.
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBind, type BindServer } from '../harness/bind.js';
import { testPki } from '../harness/certs.js';
import { needs } from '../harness/needs.js';
import { planetmintInfo, startServer } from '../harness/tls-fleet.js';
import { REPO_ROOT, runCli } from '../helpers/consortium.js';
import { git, githubSuite, openPull, prCheck } from '../github/helpers.js';

const DOC = readFileSync(join(REPO_ROOT, 'docs', 'founding.md'), 'utf8');
const s = githubSuite('founding');

/** The fenced blocks of one language in a Markdown text, with the section (## heading) each is in. */
function blocks(md: string, lang: string): { section: string; text: string }[] {
  const out: { section: string; text: string }[] = [];
  let section = '';
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.startsWith('## ')) section = lines[i]!.slice(3);
    if (lines[i] === '```' + lang) {
      const body: string[] = [];
      while (lines[++i] !== '```') body.push(lines[i]!);
      out.push({ section, text: body.join('\n') });
    }
  }
  return out;
}

/** Shell commands of a block: continuation lines joined, comments dropped, `&&` chains split, words split (double quotes kept together). */
export function commands(block: string): string[][] {
  const joined = block.replace(/\\\n\s*/g, '');
  const out: string[][] = [];
  for (const line of joined.split('\n')) {
    const words: string[] = [];
    for (const m of line.matchAll(/"([^"]*)"|(#.*$)|(&&)|(\S+)/g)) {
      if (m[2] !== undefined) break;
      if (m[3] !== undefined) {
        out.push(words.splice(0));
        continue;
      }
      words.push(m[1] ?? m[4]!);
    }
    if (words.length) out.push(words);
  }
  return out;
}

/** Runs one documented command in dir: npx pmnet through the built CLI, git with a fixed identity; npm ci is test/install.test.ts's. */
async function runDocumented(dir: string, cmd: string[]): Promise<void> {
  if (cmd[0] === 'npm' && cmd[1] === 'ci') return;
  if (cmd[0] === 'git') {
    git(dir, ...cmd.slice(1));
    return;
  }
  assert.equal(cmd.slice(0, 2), ['npx', 'pmnet'], `a command docs/founding.md runs: ${cmd.join(' ')}`);
  const r = await runCli(cmd.slice(2), { cwd: dir });
  assert.is(r.code, 0, `${cmd.join(' ')}\n${r.stdout}${r.stderr}`);
}

s.test('the shell commands are read from the page as a user types them', () => {
  assert.equal(commands('npm ci\nnpx pmnet init --domain d.org \\\n  --name "A B" # c\ngit add -A && git commit -m "x y"'), [
    ['npm', 'ci'],
    ['npx', 'pmnet', 'init', '--domain', 'd.org', '--name', 'A B'],
    ['git', 'add', '-A'],
    ['git', 'commit', '-m', 'x y'],
  ]);
});

const NODE_IP = '127.77.241.20';
const DOMAIN = 'example-network.org';
let bind: BindServer | undefined;
const bindTest = needs(s.test, 'named');
bindTest.before(async () => {
  const test = `$ORIGIN test.\n$TTL 300\n@ IN SOA ns1.test. hostmaster.test. 1 7200 3600 1209600 300\n@ IN NS ns1.test.\nns1 IN A 127.0.0.1\nacme IN A ${NODE_IP}\n_planetmint.acme IN TXT "pmnet-member=acme"\n`;
  // The consortium's own domain, which pmnet asks each resolver first (is it recursive?).
  const own = `$ORIGIN ${DOMAIN}.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 127.0.0.1\n`;
  bind = await startBind([{ origin: 'test', text: test }, { origin: DOMAIN, text: own }], { recursive: true });
});
s.test.after(async () => {
  await bind?.stop();
});

bindTest('docs/founding.md end to end: init, validate, zone, commit; the founding path admits the first member live', async () => {
  const sh = blocks(DOC, 'sh');
  const before = sh.filter((b) => !b.section.startsWith('4.'));
  const after = sh.filter((b) => b.section.startsWith('4.'));
  assert.ok(before.length >= 2 && after.length >= 1, 'the page has its command blocks');
  assert.ok(before.flatMap((b) => commands(b.text)).some((c) => c[2] === 'init' && c.includes(DOMAIN)), `init --domain ${DOMAIN}`);

  const dir = mkdtempSync(join(tmpdir(), 'pmnet-founding-'));
  git(dir, 'init', '-q', '-b', 'main');
  for (const b of before) for (const c of commands(b.text)) await runDocumented(dir, c);
  assert.match(readFileSync(join(dir, `zone/${DOMAIN}.zone`), 'utf8'), new RegExp(`^${DOMAIN.replace(/\./g, '\\.')}\\.\\t\\d+\\tIN\\tNS\\tns1\\.dns-host\\.example\\.net\\.$`, 'm'));
  assert.match(git(dir, 'log', '--format=%s'), /^Found example-network\.org$/);

  // Section 4: the documented founding block, under governance:. (For this test only, the node
  // lives on loopback under .test, which a production network's policy refuses.)
  const founding = blocks(DOC, 'yaml').find((b) => b.section.startsWith('4.'))!.text;
  assert.is(founding, '  founding: { members: 3, approvers: [alice, bob] }');
  const net = readFileSync(join(dir, 'network.yaml'), 'utf8');
  writeFileSync(join(dir, 'network.yaml'), `${net.replace(/^(governance:\n(?: .*\n)*)/m, `$1${founding}\n`)}\npolicy:\n  allow_address_classes: [loopback]\n  allow_special_use_names: [test]\n`);
  await runDocumented(dir, ['npx', 'pmnet', 'validate']);
  git(dir, 'commit', '-qam', 'Open the founding path');
  s.gh.branches.set('main', git(dir, 'rev-parse', 'HEAD'));

  // The first member's node: an HTTPS Planetmint API on loopback, its certificate from a test CA.
  const pki = testPki();
  const leaf = pki.leaf({ cn: 'acme.test', dns: ['acme.test', `acme.nodes.${DOMAIN}`, `api.${DOMAIN}`], notAfter: new Date(Date.now() + 90 * 86_400_000) });
  const srv = await startServer({ domain: 'acme.test', cert: leaf.chain, key: leaf.cert.keyPem, addresses: [NODE_IP], api: { body: planetmintInfo('acme.test') } });
  try {
    const ca = join(mkdtempSync(join(tmpdir(), 'pmnet-founding-ca-')), 'ca.pem');
    writeFileSync(ca, pki.root.pem);
    const live = ['--resolver', bind!.address, '--ca', ca, '--timeout', '3000'];
    // The member, in its own clone: pmnet join with flags, its API on the test port.
    const clone = mkdtempSync(join(tmpdir(), 'pmnet-founding-member-'));
    git(clone, 'clone', '-q', dir, '.');
    const j = await runCli(['join', '--no-input', '--offline', '--id', 'acme', '--org', 'Acme Nodes', '--country', 'FR', '--email', 'ops@acme.test', '--github', 'acme-dev', '--domain', 'acme.test', '--ipv4', NODE_IP], { cwd: clone });
    assert.is(j.code, 0, j.stdout + j.stderr);
    const file = readFileSync(join(clone, 'members/acme.yaml'), 'utf8').replace('  domain: acme.test\n', `  domain: acme.test\n  api: https://acme.test:${srv.port}/\n`);
    writeFileSync(join(clone, 'members/acme.yaml'), file);
    const v = await runCli(['validate', '--live', '--new', 'acme', ...live, 'members/acme.yaml'], { cwd: clone });
    assert.is(v.code, 0, v.stdout + v.stderr);

    // Its pull request, judged live as the membership workflow does, on the founders' checkout.
    const ev = openPull(s.gh, { number: 1, author: 'acme-dev', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': file } });
    let r = await prCheck(s.gh, dir, ev, { args: live, child: true });
    assert.is(r.status?.state, 'pending', r.comment);
    assert.match(r.comment, /Checks \\\(offline and live\\\): 0 errors/);
    assert.match(r.comment, /founding path\*\* is open/);
    s.gh.addReview(1, { login: 'mallory', state: 'APPROVED', commitId: ev.pull_request.head.sha });
    r = await prCheck(s.gh, dir, ev, { args: live, child: true });
    assert.is(r.status?.state, 'pending', 'only a founding approver opens the path');
    s.gh.addReview(1, { login: 'alice', state: 'APPROVED', commitId: ev.pull_request.head.sha });
    r = await prCheck(s.gh, dir, ev, { args: live, child: true });
    assert.equal(r.status && { state: r.status.state, description: r.status.description }, { state: 'success', description: 'join of acme: founding approval by alice; checks passed' }, r.comment);
    assert.match(r.comment, /^<!-- pmnet:pr-check -->\n## ✅ pmnet: ready to merge/);

    // Merged; the zone workflow regenerates the zone; the page's last commands hold.
    writeFileSync(join(dir, 'members/acme.yaml'), file);
    await runDocumented(dir, ['npx', 'pmnet', 'zone']);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'Merge pull request #1 from acme-dev/join');
    for (const b of after) for (const c of commands(b.text)) await runDocumented(dir, c);
    const zone = readFileSync(join(dir, `zone/${DOMAIN}.zone`), 'utf8');
    assert.match(zone, /^acme\.nodes\.example-network\.org\.\t\d+\tIN\tCNAME\tacme\.test\.$/m);
    assert.match(zone, /^api\.example-network\.org\.\t\d+\tIN\tA\t127\.77\.241\.20$/m);
  } finally {
    await srv.close();
  }
});

s.test.run();
