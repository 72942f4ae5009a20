// Every dns/* rule is complete: id, citation, messages, sorted and unique, live with needs 'dns'.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { dnsRules } from '../../scripts/rules/dns/index.js';

test('dnsRules: sorted, unique ids under dns/, complete metadata', () => {
  const ids = dnsRules.map((r) => r.meta.id);
  assert.equal(ids, [...ids].sort());
  assert.is(new Set(ids).size, ids.length);
  assert.equal(ids, [
    'dns/a-record-mismatch',
    'dns/aaaa-record-mismatch',
    'dns/dangling-cname-target',
    'dns/dnssec-failure',
    'dns/inconclusive',
    'dns/no-answer',
    'dns/proof-mismatch',
    'dns/proof-missing',
    'dns/resolver-unusable',
    'dns/resolvers-disagree',
  ]);
  for (const r of dnsRules) {
    assert.ok(r.needs === 'dns', r.meta.id);
    assert.ok(r.scope === 'live-member' || r.scope === 'live-members', r.meta.id);
    assert.match(r.meta.citation ?? '', /RFC \d+/, r.meta.id);
    assert.ok(r.meta.description.length > 20, r.meta.id);
    assert.ok(Object.keys(r.meta.messages).length > 0, r.meta.id);
    for (const m of Object.values(r.meta.messages)) assert.match(m, /\{\w+\}/, `${r.meta.id}: message quotes values`);
  }
});

test('each rule file is in the index', () => {
  const dir = new URL('../../scripts/rules/dns/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.js') && !['index.js', 'util.js', 'address-mismatch.js'].includes(f));
  assert.equal(files.map((f) => `dns/${f.replace(/\.js$/, '')}`).sort(), dnsRules.map((r) => r.meta.id));
});

test.run();
