// The build's precompiled schema validators: used when fresh, equal to compiling now, never stale.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRequire } from 'node:module';
import { freshValidator, schemaHash, schemaText, validatorFor, VALIDATOR_DIR } from '../../scripts/rules/schema/index.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv') as typeof import('ajv');

const BAD_MEMBER = { id: 7, organization: { name: 'x', extra: 1 }, contacts: [], github: ['a'], node: { domain: 'd', ipv5: [], tendermint: { node_id: 'XYZ' } }, status: 'on', joined: '2026-13-01' };

test('validatorFor uses the build’s validator, built from the current schema text', () => {
  for (const name of ['member', 'network'] as const) {
    const pre = require(`${VALIDATOR_DIR}/${name}.cjs`) as { schemaSha256: string };
    assert.is(pre.schemaSha256, schemaHash(schemaText(name)), `${name}: run npm run build`);
    assert.is(validatorFor(name), pre, `${name}: precompiled validator in use`);
  }
});

test('the precompiled member validator reports exactly what a run-time compile does', () => {
  const ajv = new Ajv.default({ allErrors: true, useDefaults: true, strict: true, verbose: true });
  const runtime = ajv.compile(JSON.parse(schemaText('member')));
  const pre = validatorFor('member');
  const strip = (errs: typeof runtime.errors) => (errs ?? []).map((e) => [e.keyword, e.instancePath, e.params, Object.keys((e.parentSchema as { properties?: object })?.properties ?? {})]);
  assert.is(pre(structuredClone(BAD_MEMBER)), false);
  assert.is(runtime(structuredClone(BAD_MEMBER)), false);
  assert.equal(strip(pre.errors), strip(runtime.errors));
  assert.ok((pre.errors ?? []).length >= 6, 'every problem reported (allErrors)');
});

test('the precompiled network validator fills in the documented defaults', () => {
  const data: Record<string, any> = { name: 'x', domain: 'a.b', shared_name: 'api.a.b', zone: { soa: { mname: 'ns.a.b', rname: 'h.a.b' }, nameservers: [{ name: 'ns.a.b' }] } };
  assert.ok(validatorFor('network')(data));
  assert.is(data.member_names, 'nodes');
  assert.is(data.zone.guard.max_change_percent, 30);
  assert.equal(data.live.resolvers, ['1.1.1.1', '8.8.8.8', '9.9.9.9']);
});

test('a validator built from other schema text is refused, so a stale build never judges', () => {
  const pre = require(`${VALIDATOR_DIR}/member.cjs`);
  const text = schemaText('member');
  assert.is(freshValidator(pre, text), pre);
  const edited = text.replace('"maxLength": 63', '"maxLength": 64');
  assert.is.not(edited, text);
  assert.is(freshValidator(pre, edited), undefined);
  assert.is(freshValidator(Object.assign(() => true, {}) as never, text), undefined, 'no recorded hash: refused');
});

test.run();
