// Issue 10, point 1: a cross-member conflict is the changed file's error, whichever file sorts first.
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleMember, makeConsortium, validate } from '../helpers/consortium.js';
import { memberByLogin } from '../../scripts/github/governance.js';
import { openPull, prCheck, githubSuite } from './helpers.js';

const s = githubSuite('conflicts');
const test = s.test;

const DYNABOB = exampleMember('dynabob8');
/** dynabob8's domain, addresses and logins under a new id. */
const copyAs = (id: string) => DYNABOB.replace('id: dynabob8', `id: ${id}`);
/** Another organization's file: no validator key, its own name. */
const own = (t: string, id: string) => t.replace(/\n  tendermint:\n(    .*\n)+/, '\n').replace('name: Dynabob 8', `name: Org ${id}`);

for (const id of ['aaa', 'zzz']) {
  test(`a join as ${id}.yaml copying another member's domain, addresses and logins fails on its own file`, async () => {
    const base = makeConsortium();
    const ev = openPull(s.gh, { number: 40, author: 'dynabob-admin', files: [{ filename: `members/${id}.yaml`, status: 'added' }], contents: { [`members/${id}.yaml`]: copyAs(id) } });
    const r = await prCheck(s.gh, base.dir, ev);
    assert.is(r.status?.state, 'failure', r.comment);
    assert.is(r.code, 1);
    for (const rule of ['member/unique-domain', 'member/unique-ip', 'member/unique-github']) assert.match(r.comment, rule, rule);
    assert.match(r.comment, /Checks \\\(offline\\\): \d+ errors/);
    assert.match(r.out, new RegExp(`^::error file=members/${id}\\.yaml,line=15,col=11,title=member/unique-domain::`, 'm'));
  });
}

test('validate FILES reports the conflict on the named file, whichever sorts first', async () => {
  for (const id of ['aaa', 'zzz']) {
    const c = makeConsortium({ members: { [`${id}.yaml`]: copyAs(id) } });
    const named = await validate(c.dir, [`members/${id}.yaml`]);
    const errors = named.findings.filter((f) => f.severity === 'error');
    const rules = new Set(errors.map((f) => f.rule));
    for (const r of ['member/unique-domain', 'member/unique-github', 'member/unique-ip']) assert.ok(rules.has(r), `${id}: ${r}`);
    assert.ok(errors.every((f) => f.file === `members/${id}.yaml`), id);
  }
});

test('diversity is reported on the named file; a bounded shared name is no error', async () => {
  const near = own(DYNABOB, 'aaa').replace('id: dynabob8', 'id: aaa').replace('api.dynabob8.io', 'aaa-node.net').replace('github: [dynabob-admin, dynabob-sre]', 'github: [aaa-ops]')
    .replace('ipv4: [198.51.100.20, 198.51.100.21]', 'ipv4: [198.51.100.120]').replace('ipv6: ["2001:db8:b::20"]', 'ipv6: ["2001:db8:aa::1"]');
  const c = makeConsortium({ members: { 'aaa.yaml': near } });
  const r = await validate(c.dir, ['members/aaa.yaml']);
  assert.ok(r.findings.some((f) => f.rule === 'member/network-diversity' && f.file === 'members/aaa.yaml'), JSON.stringify(r.findings));

  // Past the shared name's bound (main's design: the shared name is bounded and rotates), a join
  // adds no error: the zone stays loadable, and every member keeps its CNAME.
  const many = (n: number, from: number) => `[${Array.from({ length: n }, (_, i) => `198.18.${Math.floor((from + i) / 250)}.${((from + i) % 250) + 1}`).join(', ')}]`;
  const net = (t: string) => t.replace('allow_address_classes: [documentation]', 'allow_address_classes: [documentation, benchmarking]');
  const fillers = Object.fromEntries(
    Array.from({ length: 6 }, (_, k) => [
      `big${k}.yaml`,
      own(DYNABOB, `big${k}`).replace('id: dynabob8', `id: big${k}`).replace('api.dynabob8.io', `big${k}-node.net`).replace('github: [dynabob-admin, dynabob-sre]', `github: [big${k}-ops]`)
        .replace('ipv4: [198.51.100.20, 198.51.100.21]', `ipv4: ${many(16, k * 16)}`).replace('ipv6: ["2001:db8:b::20"]', `ipv6: ["2001:db8:b${k}::1"]`),
    ]),
  );
  const joiner = near.replace('ipv4: [198.51.100.120]', `ipv4: ${many(3, 200)}`);
  const s = makeConsortium({ network: net, members: { ...fillers, 'aaa.yaml': joiner } });
  const sized = await validate(s.dir, ['members/aaa.yaml']);
  assert.equal(sized.findings.filter((f) => f.rule === 'network/shared-name-size' || f.severity === 'error'), [], 'no error for a bounded shared name');
  const whole = await validate(s.dir);
  assert.ok(whole.findings.some((f) => f.rule === 'network/shared-name-size' && f.file === 'network.yaml' && f.severity === 'notice'), 'the whole network gets the rotation notice');
});

test('a login listed by two members counts for neither', () => {
  const byLogin = memberByLogin([
    { id: 'aaa', github: ['Shared', 'aaa-ops'], status: 'active' },
    { id: 'zzz', github: ['shared'], status: 'active' },
  ]);
  assert.is(byLogin.get('shared'), undefined);
  assert.is(byLogin.get('aaa-ops')?.id, 'aaa');
});

test.run();
