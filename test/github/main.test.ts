// Issue 10, point 6: main never freezes and loses nothing (re-judging when main moves, the
// zone workflow on a main that does not validate, its one issue).
import * as assert from 'uvu/assert';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CLI, exampleMember, makeConsortium, REPO_ROOT } from '../helpers/consortium.js';
import { ACME, HEAD, cli, envFor, offlinePass, openPull, prCheck, git, githubSuite } from './helpers.js';
import { mergeGroupEvent } from '../harness/github-api.js';
import { createClient, githubEnv } from '../../scripts/github/client.js';
import { checkBase, judgePull, type Judgement } from '../../scripts/github/judge.js';
import { needs, runTool } from '../harness/needs.js';

const s = githubSuite('main');
const test = s.test;

const FIGMENT = exampleMember('figmentdb3');
const DYNABOB = exampleMember('dynabob8');

test('two joins that pass alone: when one merges, the push re-judges the other, which now fails on its own file', async () => {
  const base = makeConsortium();
  const first = openPull(s.gh, { number: 100, author: 'acme-dev', files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME } });
  const twinText = ACME.replace('id: acme', 'id: twin').replace('acme-node.net', 'twin-node.net').replace('acme-node.net', 'twin-node.net').replace('[acme-dev]', '[twin-dev]');
  const second = openPull(s.gh, { number: 101, author: 'twin-dev', headSha: '8'.repeat(40), files: [{ filename: 'members/twin.yaml', status: 'added' }], contents: { 'members/twin.yaml': twinText } });
  for (const [n, sha] of [[100, HEAD], [101, '8'.repeat(40)]] as const) {
    s.gh.addReview(n, { login: 'dynabob-admin', state: 'APPROVED', commitId: sha });
    s.gh.addReview(n, { login: 'figment-infra', state: 'APPROVED', commitId: sha });
  }
  offlinePass((await prCheck(s.gh, base.dir, first)).status, 'join of acme');
  offlinePass((await prCheck(s.gh, base.dir, second)).status, 'join of twin', 'alone, the twin passes too');

  const gov = openPull(s.gh, { number: 102, author: 'bob', headSha: '7'.repeat(40), labels: ['governance'], files: [{ filename: 'docs/zone.md', status: 'modified' }] });
  // #100 merges: main has acme.yaml, its tip moves, the push event re-judges the open member PRs.
  base.write('members/acme.yaml', ACME);
  s.gh.pulls.get(100)!.pull.state = 'closed';
  s.gh.branches.set('main', '9'.repeat(40));
  const seen = s.gh.requests.length;
  const r = await prCheck(s.gh, base.dir, second, { payload: { ref: 'refs/heads/main', after: '9'.repeat(40), repository: second.repository }, eventName: 'push' });
  assert.is(r.status?.state, 'failure', r.out);
  assert.match(r.comment, /`members\/twin\.yaml:\d+:\d+` \| address 2001\\:db8\\:ac\\:\\:1 is already listed by members\/acme\\\.yaml/);
  assert.ok(s.gh.requests.some((q) => q.path.endsWith('/pulls') && q.query.get('base') === 'main'), 'open pull requests into main are listed');
  assert.not.ok(s.gh.statuses.some((x) => x.sha === gov.pull_request.head.sha), 'governance pull requests are left to their own events');
  assert.not.ok(s.gh.requests.slice(seen).some((q) => q.path.endsWith('/pulls/100')), 'the merged one is no longer open');
});

test('a push re-judges the open pull requests against one validation of main, and none sees another one\'s file', async () => {
  const base = makeConsortium();
  const twinText = ACME.replace('id: acme', 'id: twin').replace('acme-node.net', 'twin-node.net').replace('acme-node.net', 'twin-node.net').replace('[acme-dev]', '[twin-dev]');
  openPull(s.gh, { number: 110, author: 'acme-dev', headSha: '6'.repeat(40), files: [{ filename: 'members/acme.yaml', status: 'added' }], contents: { 'members/acme.yaml': ACME } });
  openPull(s.gh, { number: 111, author: 'twin-dev', headSha: '5'.repeat(40), files: [{ filename: 'members/twin.yaml', status: 'added' }], contents: { 'members/twin.yaml': twinText } });
  const opts = { root: base.dir, checkoutSha: s.gh.branches.get('main')!, offline: true, caFiles: [] };
  const api = createClient(githubEnv(envFor(s.gh, {}, 'push')), { throttle: false, retries: 0 });
  const alone = await Promise.all([judgePull(api, 110, opts), judgePull(api, 111, opts)]);
  // The twin copies acme's IPv6 address: had acme's file leaked into the shared base, twin would fail.
  for (const j of alone) assert.is(j.verdict.state, 'pending', j.verdict.description);
  const shared = checkBase(base.dir);
  const order = [111, 110, 111, 110];
  const together: Judgement[] = [];
  for (const n of order) together.push(await judgePull(api, n, opts, shared));
  const view = (j: Judgement) => ({ verdict: j.verdict, findings: j.findings.map((f) => `${f.file}:${f.line} ${f.rule}`) });
  order.forEach((n, i) => assert.equal(view(together[i]!), view(alone[n === 110 ? 0 : 1]!), `#${n}, judged ${i + 1}.`));
});

test('zone --keep-failing: valid changes are published, a failing member keeps its last published records, one issue says what is broken', async () => {
  const c = makeConsortium();
  git(c.dir, 'init', '-q', '-b', 'main');
  let r = await cli(['zone', '--root', c.dir], {});
  assert.is(r.code, 0, r.err);
  git(c.dir, 'add', '-A');
  git(c.dir, 'commit', '-qm', 'zone');
  const zonePath = join(c.dir, 'zone', 'bdbnetwork.io.zone');

  // Next push: figment's file breaks, dynabob moves an address, acme joins.
  c.write('members/figmentdb3.yaml', FIGMENT.replace('infra@figmentdb3.ninja', 'not-an-email'));
  c.write('members/dynabob8.yaml', DYNABOB.replace('198.51.100.21', '198.51.100.22'));
  c.write('members/acme.yaml', ACME);
  r = await cli(['zone', '--root', c.dir], {});
  assert.is(r.code, 1, 'without --keep-failing a failing file stops the zone');
  const env = envFor(s.gh, {}, 'push');
  r = await cli(['zone', '--root', c.dir, '--keep-failing', '--before', 'HEAD', '--issue'], env);
  assert.is(r.code, 0, r.err);
  let zone = readFileSync(zonePath, 'utf8');
  assert.match(zone, /^figmentdb3\.nodes\.bdbnetwork\.io\.\t\d+\tIN\tCNAME\tfigmentdb3\.ninja\.$/m, 'the failing member keeps its CNAME');
  assert.match(zone, /\tA\t203\.0\.113\.30$/m, 'and its address');
  assert.match(zone, /\tA\t198\.51\.100\.22$/m, 'a valid member’s change is published');
  assert.not.match(zone, /198\.51\.100\.21/, 'the address it gave up is not kept');
  assert.match(zone, /acme\.nodes\.bdbnetwork\.io\./, 'a valid join is published');
  assert.match(r.err, /figmentdb3 fails validation; keeping its last published records \(figmentdb3\.ninja, 203\.0\.113\.30\)/);
  assert.is(s.gh.issues.length, 1);
  assert.match(s.gh.issues[0]!.body, /^<!-- pmnet:zone -->/);
  assert.match(s.gh.issues[0]!.body, /`members\/figmentdb3\.yaml`/);
  assert.equal(s.gh.issues[0]!.labels, ['zone']);

  // The push after: figment still fails (and failed in the commit before): its records stay.
  git(c.dir, 'add', '-A');
  git(c.dir, 'commit', '-qm', 'push 2');
  c.write('members/abc-org73.yaml', exampleMember('abc-org73').replace('192.0.2.10', '192.0.2.11'));
  r = await cli(['zone', '--root', c.dir, '--keep-failing', '--before', 'HEAD', '--issue'], env);
  assert.is(r.code, 0, r.err);
  zone = readFileSync(zonePath, 'utf8');
  assert.match(zone, /\tA\t203\.0\.113\.30$/m);
  assert.match(zone, /\tA\t192\.0\.2\.11$/m);
  assert.not.match(zone, /\tA\t192\.0\.2\.10$/m);
  assert.is(s.gh.issues.length, 1, 'one issue, updated');
  assert.is(s.gh.issues[0]!.state, 'open');

  // Fixed: the issue closes.
  c.write('members/figmentdb3.yaml', FIGMENT);
  r = await cli(['zone', '--root', c.dir, '--keep-failing', '--issue'], env);
  assert.is(r.code, 0, r.err);
  assert.is(s.gh.issues[0]!.state, 'closed');

  // A change that relaxes the guard in the same push is judged by the committed guard (--before).
  git(c.dir, 'add', '-A');
  git(c.dir, 'commit', '-qm', 'push 3');
  const net = readFileSync(join(c.dir, 'network.yaml'), 'utf8');
  c.write('network.yaml', net.replace('max_change_percent: 30', 'max_change_percent: 100').replace('shared_name: api.bdbnetwork.io', 'shared_name: rr.bdbnetwork.io'));
  r = await cli(['zone', '--root', c.dir, '--keep-failing', '--before', 'HEAD'], {});
  assert.is(r.code, 1, r.out);
  assert.match(r.err, /mass-change guard/);
  r = await cli(['zone', '--root', c.dir, '--keep-failing'], {});
  assert.is(r.code, 0, 'without --before the working tree’s guard applies');

  // network.yaml itself failing still blocks (nothing can be built without it).
  c.write('network.yaml', 'name: [broken\n');
  r = await cli(['zone', '--root', c.dir, '--keep-failing'], {});
  assert.is(r.code, 1);
});

/** validate.yml's validate step, run by bash as Actions runs it, with `npx pmnet` being this build. */
function validateStep(dir: string, event: string): { code: number; out: string } {
  const doc = parse(readFileSync(join(REPO_ROOT, '.github', 'workflows', 'validate.yml'), 'utf8')) as { jobs: { validate: { steps: { name?: string; run?: string }[] } } };
  const step = doc.jobs.validate.steps.find((x) => /^pmnet validate/.test(x.name ?? ''))!;
  const bin = mkdtempSync(join(tmpdir(), 'pmnet-npx-'));
  writeFileSync(join(bin, 'npx'), `#!/bin/sh\nshift\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(join(bin, 'npx'), 0o755);
  // Actions' own bash invocation; PATH and EVENT as the step's env would set them.
  const script = `export PATH="${bin}:$PATH" EVENT="${event}"\n${step.run!}`;
  try {
    return { code: 0, out: runTool('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd: dir }) };
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? 99, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

needs(test, 'bash')('merge queue: the validate workflow judges the queued combination; the later of two conflicting joins is thrown out on its own file', () => {
  const c = makeConsortium();
  git(c.dir, 'init', '-q', '-b', 'main');
  git(c.dir, 'add', '-A');
  git(c.dir, 'commit', '-qm', 'main');
  // The queue: main + #100 (acme), then main + #100 + #101 (twin, with acme's address).
  c.write('members/acme.yaml', ACME);
  git(c.dir, 'add', '-A');
  git(c.dir, 'commit', '-qm', 'merge group: #100');
  assert.is(validateStep(c.dir, 'merge_group').code, 0, 'the first entry validates');
  const twin = ACME.replace('id: acme', 'id: twin').replace(/acme-node\.net/g, 'twin-node.net').replace('[acme-dev]', '[twin-dev]');
  c.write('members/twin.yaml', twin);
  git(c.dir, 'add', '-A');
  git(c.dir, 'commit', '-qm', 'merge group: #100 #101');
  const r = validateStep(c.dir, 'merge_group');
  assert.is(r.code, 1, r.out);
  assert.match(r.out, /^::error file=members\/twin\.yaml,line=\d+,col=\d+,title=member\/unique-ip::/m);
  assert.not.match(r.out, /file=members\/acme\.yaml/, 'the entry ahead keeps its claim');
  assert.not.match(r.out, /dns\/|tls\//, 'offline in the queue');
});

test('pr-check given a merge_group event says where the queue is judged (exit 2), and touches nothing', async () => {
  const base = makeConsortium();
  const ev = mergeGroupEvent(s.gh.repo, { headSha: 'c'.repeat(40), baseSha: 'd'.repeat(40) });
  const r = await cli(['pr-check', '--root', base.dir, '--offline'], envFor(s.gh, ev, 'merge_group'));
  assert.is(r.code, 2);
  assert.match(r.err, /^pmnet: merge_group is judged by the validate workflow/);
  assert.is(s.gh.requests.length, 0);
});

test.run();
