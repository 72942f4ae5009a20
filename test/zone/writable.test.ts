// What validates can be written: a consortium name of exactly 253 characters gives a zone that
// named-checkzone accepts; one character more is a PR-time error on the member file that
// causes it, and `pmnet zone` names that file instead of failing while writing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { run as zone } from '../../scripts/commands/zone.js';
import { checkZoneStrict } from '../harness/bind.js';
import { needs } from '../harness/needs.js';
import { makeConsortium, validate } from '../helpers/consortium.js';
import { LONG_DOMAIN, many, member, NET } from '../offline/rule-cases.js';

const long = NET.replaceAll('bdbnetwork.io', LONG_DOMAIN);

async function write(root: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await zone(['--root', root], { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

function consortium(id: string) {
  return makeConsortium({ network: long, noExampleMembers: true, members: { [`${id}.yaml`]: member({ id }) } });
}

const checkTest = needs(test, 'named-checkzone');

checkTest('a consortium name of exactly 253 characters: validates, and the zone is written and accepted', async () => {
  const id = 'x'.repeat(60);
  assert.is(`${id}.nodes.${LONG_DOMAIN}`.length, 253);
  const k = consortium(id);
  try {
    const v = await validate(k.dir);
    assert.equal(v.findings.filter((f) => f.severity === 'error'), []);
    const r = await write(k.dir);
    assert.is(r.code, 0, r.err);
    const check = checkZoneStrict(LONG_DOMAIN, join(k.dir, 'zone', `${LONG_DOMAIN}.zone`));
    assert.ok(check.ok, check.output);
  } finally {
    k.cleanup();
  }
});

test('one character more: an error on the member file at validation, and pmnet zone names it', async () => {
  const id = 'x'.repeat(61);
  const k = consortium(id);
  try {
    const v = await validate(k.dir);
    const errors = v.findings.filter((f) => f.severity === 'error');
    assert.equal(errors.map((f) => [f.rule, f.file, f.line]), [['member/zone-name-length', `members/${id}.yaml`, 1]]);
    const r = await write(k.dir);
    assert.is(r.code, 1);
    assert.match(r.err, /member\/zone-name-length/);
    assert.match(r.err, new RegExp(`members/${id}\\.yaml`));
    assert.match(r.err, /no zone written/);
  } finally {
    k.cleanup();
  }
});

test('past the bound: pmnet zone writes the zone and says how many addresses this serial publishes', async () => {
  const k = makeConsortium({ network: NET, noExampleMembers: true, members: many(80) });
  try {
    const r = await write(k.dir);
    assert.is(r.code, 0, r.err);
    assert.match(r.out, /^shared name api\.bdbnetwork\.io\. A: 64 of 80 addresses this serial \(zone\.shared_max_addresses: fit; members take turns as the serial changes\)$/m);
    assert.not.match(r.out, / AAAA: /, 'no IPv6 addresses: nothing to say');
  } finally {
    k.cleanup();
  }
});

test.run();
