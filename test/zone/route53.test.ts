import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { route53ChangeBatch, route53ToJson } from '../../scripts/zone/route53.js';
import { generateZone } from '../../scripts/zone/generate.js';
import { ZoneValueError } from '../../scripts/zone/canonical.js';
import { exampleMembers, exampleNetwork, manyMembers, member } from './fixtures.js';

test('one weighted CNAME per active member at the shared name, equal weights', () => {
  const ms = [...exampleMembers(), member('gone', 'gone.example', ['192.0.2.99'], [], 'suspended')];
  const b = route53ChangeBatch(exampleNetwork(), ms);
  assert.is(b.Changes.length, 3);
  assert.equal(b.Changes[1], {
    Action: 'UPSERT',
    ResourceRecordSet: { Name: 'api.bdbnetwork.io.', Type: 'CNAME', SetIdentifier: 'dynabob8', Weight: 1, TTL: 60, ResourceRecords: [{ Value: 'api.dynabob8.io.' }] },
  });
  assert.equal(b.Changes.map((c) => c.ResourceRecordSet.SetIdentifier), ['abc-org73', 'dynabob8', 'figmentdb3']);
  assert.ok(new Set(b.Changes.map((c) => c.ResourceRecordSet.Weight)).size === 1);
  assert.is(JSON.parse(route53ToJson(b)).Changes.length, 3);
});

test('the RFC 1035 zone file never holds a CNAME at the shared name', () => {
  const z = generateZone(exampleNetwork(), exampleMembers(), undefined, new Date('2026-11-24T00:00:00Z'));
  assert.not.match(z.text, /^api\.bdbnetwork\.io\.\t\d+\tIN\tCNAME/m);
});

test('more than 100 active members: refused (Route 53 limit per name)', () => {
  assert.throws(() => route53ChangeBatch(exampleNetwork(), manyMembers(101)), (e: unknown) => e instanceof ZoneValueError && /at most 100/.test((e as Error).message));
  assert.is(route53ChangeBatch(exampleNetwork(), manyMembers(100)).Changes.length, 100);
});

test('hostile node domain refused', () => {
  assert.throws(() => route53ChangeBatch(exampleNetwork(), [member('x', 'x.example"}', ['192.0.2.1'])]), (e: unknown) => e instanceof ZoneValueError);
});

test.run();
