// pmnet audit: one issue per failing member, opened, updated while failing, closed on recovery.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeConsortium } from '../helpers/consortium.js';
import { startGitHubApi, type FakeGitHub } from '../harness/github-api.js';
import { ACME, audit } from './helpers.js';

const test = suite('audit');
let gh: FakeGitHub;
test.before.each(async () => {
  gh = await startGitHubApi();
});
test.after.each(async () => {
  await gh.close();
});

const breakEmail = (dir: string, file: string) => {
  const p = join(dir, 'members', file);
  writeFileSync(p, readFileSync(p, 'utf8').replace(/email: \S+/, 'email: not-an-email'));
};

test('a failing member gets one issue: opened, updated while it fails, closed with a comment when it recovers', async () => {
  const base = makeConsortium();
  const good = readFileSync(join(base.dir, 'members', 'abc-org73.yaml'), 'utf8');
  breakEmail(base.dir, 'abc-org73.yaml');

  let r = await audit(gh, base.dir, ['--offline'], new Date('2026-05-01T06:00:00Z'));
  assert.is(r.code, 1, r.err);
  assert.is(gh.issues.length, 1);
  const issue = gh.issues[0]!;
  assert.is(issue.title, 'pmnet audit: member abc-org73 fails its checks');
  assert.equal(issue.labels, ['audit']);
  assert.ok(issue.body.startsWith('<!-- pmnet:audit:abc-org73 -->\n'));
  assert.match(issue.body, /member\/contact-email/);
  assert.match(issue.body, /2026-05-01T06:00:00\.000Z/);
  assert.match(r.summary, /\| `abc-org73` \| ❌ failing \| 1 \| 0 \| open #500 \|/);
  assert.match(r.summary, /\| `dynabob8` \| ✅ ok \|/);
  assert.match(r.out, /pmnet audit: open issue #500 for abc-org73/);

  r = await audit(gh, base.dir, ['--offline'], new Date('2026-05-02T06:00:00Z'));
  assert.is(r.code, 1);
  assert.is(gh.issues.length, 1, 'never a second issue for the same member');
  assert.match(gh.issues[0]!.body, /2026-05-02T06:00:00\.000Z/, 'body replaced');
  assert.is(gh.requests.filter((q) => q.method === 'PATCH' && q.path.endsWith('/issues/500')).length, 1);

  writeFileSync(join(base.dir, 'members', 'abc-org73.yaml'), good);
  r = await audit(gh, base.dir, ['--offline'], new Date('2026-05-03T06:00:00Z'));
  assert.is(r.code, 0, r.out);
  assert.is(gh.issues[0]!.state, 'closed');
  assert.match(gh.comments.get(500)![0]!.body, /^Recovered: member `abc-org73` passes every check again/);
  assert.match(r.summary, /close #500/);

  const before = gh.requests.length;
  r = await audit(gh, base.dir, ['--offline']);
  assert.is(r.code, 0);
  assert.ok(gh.requests.slice(before).every((q) => q.method === 'GET'), 'a healthy network touches nothing');
});

test('issues of members that left or were suspended are closed; the audit never edits member files', async () => {
  const base = makeConsortium();
  breakEmail(base.dir, 'dynabob8.yaml');
  breakEmail(base.dir, 'figmentdb3.yaml');
  await audit(gh, base.dir);
  assert.is(gh.issues.length, 2);
  const files = () => ['abc-org73.yaml', 'dynabob8.yaml', 'figmentdb3.yaml'].map((f) => { try { return readFileSync(join(base.dir, 'members', f), 'utf8'); } catch { return null; } });
  const p = join(base.dir, 'members', 'figmentdb3.yaml');
  writeFileSync(p, readFileSync(p, 'utf8').replace('status: active', 'status: suspended'));
  base.remove('members/dynabob8.yaml');
  const snapshot = files();
  const r = await audit(gh, base.dir);
  assert.equal(files(), snapshot);
  assert.ok(gh.issues.every((i) => i.state === 'closed'));
  const notes = gh.issues.map((i) => gh.comments.get(i.number)![0]!.body).sort();
  assert.match(notes[0]!, /`dynabob8` is no longer a member file/);
  assert.match(notes[1]!, /member `figmentdb3` is suspended/);
  assert.is(r.code, 0, r.out);
});

test('--dry-run reports the issue actions without writing', async () => {
  const base = makeConsortium();
  breakEmail(base.dir, 'abc-org73.yaml');
  const r = await audit(gh, base.dir, ['--offline', '--dry-run']);
  assert.is(r.code, 1);
  assert.match(r.out, /pmnet audit: would open issue for abc-org73/);
  assert.ok(gh.requests.every((q) => q.method === 'GET'));
  assert.is(gh.issues.length, 0);
});

test('live audit (the CLI as a child process; dead resolver on loopback): a live failure opens an issue; the member stays', async () => {
  const base = makeConsortium({
    noExampleMembers: true,
    network: (t) => t.replace('allow_address_classes: [documentation]', 'allow_address_classes: [documentation, loopback]').replace('allow_special_use_names: []', 'allow_special_use_names: [test]'),
    members: { 'acme.yaml': ACME.replace('domain: acme-node.net', 'domain: acme.test').replace('ipv6: ["2001:db8:ac::1"]', 'ipv4: [127.0.0.77]').replace('ops@acme-node.net', 'ops@acme.test') },
  });
  const r = await audit(gh, base.dir, ['--resolver', '127.0.0.1:9', '--timeout', '200'], new Date(), true);
  assert.is(r.code, 1);
  assert.is(gh.issues.length, 1);
  assert.match(gh.issues[0]!.body, /`tls\/connect-failed`/);
  assert.match(gh.issues[0]!.body, /never changes member files or the zone/);
  assert.ok(readFileSync(join(base.dir, 'members', 'acme.yaml'), 'utf8').includes('status: active'));
});

test('without GitHub environment the summary goes to stdout and no issue is touched', async () => {
  const base = makeConsortium();
  breakEmail(base.dir, 'abc-org73.yaml');
  const r = await audit(undefined, base.dir);
  assert.is(r.code, 1);
  assert.match(r.out, /## pmnet audit: BDB Network \\\(example\\\)/);
  assert.match(r.out, /no issues touched/);
  assert.is(gh.requests.length, 0);
});

test.run();
