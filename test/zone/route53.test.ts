import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseRoute53Listing, route53ChangeBatch, route53ToJson } from '../../scripts/zone/route53.js';
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

/** A listing as `aws route53 list-resource-record-sets` prints it. */
function listing(ids: string[], extra: object[] = [], more: object = {}): string {
  const weighted = ids.map((id) => ({ Name: 'api.bdbnetwork.io.', Type: 'CNAME', SetIdentifier: id, Weight: 1, TTL: 60, ResourceRecords: [{ Value: `${id}.example.` }] }));
  return JSON.stringify({ ResourceRecordSets: [{ Name: 'bdbnetwork.io.', Type: 'NS', TTL: 172800, ResourceRecords: [{ Value: 'ns-1.awsdns-00.com.' }] }, ...weighted, ...extra], ...more });
}

test('with the current listing: a member who left or was suspended gets a DELETE of the exact record set; others untouched', () => {
  const ms = [...exampleMembers(), member('paused', 'paused.example', ['192.0.2.98'], [], 'suspended')];
  const current = parseRoute53Listing(listing(['abc-org73', 'left-co', 'paused'], [{ Name: 'www.bdbnetwork.io.', Type: 'CNAME', SetIdentifier: 'x', Weight: 1, TTL: 60, ResourceRecords: [{ Value: 'y.' }] }, { Name: 'api.bdbnetwork.io.', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'plain.' }] }]), exampleNetwork());
  assert.equal(current.map((r) => r.SetIdentifier), ['abc-org73', 'left-co', 'paused']);
  const b = route53ChangeBatch(exampleNetwork(), ms, 1, current);
  assert.equal(b.Changes.map((c) => `${c.Action} ${c.ResourceRecordSet.SetIdentifier}`), ['DELETE left-co', 'DELETE paused', 'UPSERT abc-org73', 'UPSERT dynabob8', 'UPSERT figmentdb3']);
  assert.equal(b.Changes[0]!.ResourceRecordSet, { Name: 'api.bdbnetwork.io.', Type: 'CNAME', SetIdentifier: 'left-co', Weight: 1, TTL: 60, ResourceRecords: [{ Value: 'left-co.example.' }] });
  assert.match(b.Comment, /2 record set\(s\) of members no longer active deleted/);
  // Without the listing nothing is deleted (the batch cannot know what exists).
  assert.not.ok(route53ChangeBatch(exampleNetwork(), ms).Changes.some((c) => c.Action === 'DELETE'));
});

test('a listing that is truncated, not JSON, or holds a broken weighted record is refused', () => {
  const bad: Array<[string, RegExp]> = [
    [listing(['a'], [], { IsTruncated: true, NextRecordName: 'b.' }), /truncated/],
    ['{"ResourceRecordSets": [', /not JSON/],
    ['{"Changes": []}', /no ResourceRecordSets/],
    [listing([], [{ Name: 'api.bdbnetwork.io.', Type: 'CNAME', SetIdentifier: 'a', TTL: 60, ResourceRecords: [{ Value: 'a.' }] }]), /not a weighted record set/],
  ];
  for (const [text, why] of bad) assert.throws(() => parseRoute53Listing(text, exampleNetwork()), (e: unknown) => e instanceof ZoneValueError && why.test((e as Error).message));
});

test.run();
