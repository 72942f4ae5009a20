import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateZone } from '../../scripts/zone/generate.js';
import { exampleNetwork, manyMembers } from './fixtures.js';

// How fast (goal 0.3 s) is measured by npm run bench, row 2a; here only what it writes.
test('10,000 members: one CNAME per member in the zone', () => {
  const members = manyMembers(10_000);
  const text = generateZone(exampleNetwork(), members, undefined, new Date('2026-11-24T00:00:00Z'), { maxRecordsPerRRset: 0 }).text;
  assert.is(text.split('\n').filter((l) => l.includes('\tCNAME\t')).length, 10_000);
});

test.run();
