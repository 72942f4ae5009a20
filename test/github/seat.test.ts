// What a member change does to the seat (scripts/github/seat.ts): which changes need the proof of
// the node domain, which are held to the join threshold, which are refused, with exact reasons.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { seatChange } from '../../scripts/github/seat.js';
import type { MemberChange } from '../../scripts/github/classify.js';
import type { MemberData } from '../../scripts/rules/types.js';

const test = suite('github seat');

const BASE: MemberData = {
  id: 'acme',
  organization: { name: 'Acme Nodes', country: 'FR' },
  contacts: [{ email: 'ops@acme-node.net' }],
  github: ['acme-dev', 'Acme-Ops'],
  status: 'active',
  node: { domain: 'node.acme-node.net' },
};
const data = (over: { name?: string; github?: string[]; status?: 'active' | 'suspended'; domain?: string } = {}): MemberData => ({
  ...BASE,
  organization: { ...BASE.organization, name: over.name ?? BASE.organization.name },
  github: over.github ?? BASE.github,
  status: over.status ?? BASE.status,
  node: { domain: over.domain ?? BASE.node.domain },
});
const change = (kind: MemberChange['kind']): MemberChange =>
  kind === 'rename' ? { kind, file: 'members/acme2.yaml', id: 'acme2', previousFile: 'members/acme.yaml', previousId: 'acme' } : { kind, file: 'members/acme.yaml', id: 'acme' };
const NONE = { proof: [], joinBar: [], refused: [] };
const update = (next: MemberData, prev = data()) => seatChange(change('update'), prev, next);

test('an unchanged update takes nothing over', () => {
  assert.equal(update(data()), NONE);
});

test('a join needs the proof; a suspended join is refused', () => {
  assert.equal(seatChange(change('join'), undefined, data()), { proof: ['a join'], joinBar: [], refused: [] });
  assert.equal(seatChange(change('join'), undefined, data({ status: 'suspended' })), {
    proof: ['a join'],
    joinBar: [],
    refused: ['a join is checked live and a suspended member is not: join with status: active (a member is suspended later by an update)'],
  });
});

test('a leave, or a change without the pull request’s file, takes nothing over', () => {
  assert.equal(seatChange(change('leave'), data(), data({ name: 'Other Corp', github: ['x'], domain: 'other.net', status: 'suspended' })), NONE);
  assert.equal(seatChange(change('update'), data(), undefined), NONE);
  assert.equal(seatChange(change('join'), undefined, undefined), NONE);
});

test('an update without the base file (it does not load) is judged on its own threshold', () => {
  assert.equal(seatChange(change('update'), undefined, data({ domain: 'other.net' })), NONE);
});

test('a rename is held to the join threshold, even when nothing else changes; without a base file it is still named', () => {
  const want = { proof: [], joinBar: ['the member is renamed from acme to acme2'], refused: [] };
  assert.equal(seatChange(change('rename'), data(), data()), want);
  assert.equal(seatChange(change('rename'), undefined, data()), want);
});

test('a new node domain needs the proof; the same name in another spelling does not', () => {
  assert.equal(update(data({ domain: 'node.other.net' })), { proof: ['node.domain changes from node.acme-node.net to node.other.net'], joinBar: [], refused: [] });
  assert.equal(update(data({ domain: 'Node.ACME-node.net.' })), NONE, 'case and a trailing dot');
  assert.equal(update(data({ domain: 'xn--bcher-kva.example' }), data({ domain: 'Bücher.example' })), NONE, 'an IDN and its A-label');
  assert.equal(update(data({ domain: 'bücher.example' }), data({ domain: 'other.example' })).proof, ['node.domain changes from other.example to xn--bcher-kva.example']);
  assert.equal(update(data({ domain: 'NOT A NAME' }), data({ domain: 'not a name' })), NONE, 'a name that does not parse is compared in lower case');
  assert.equal(update(data({ domain: 'not a name' }), data({ domain: 'node.acme-node.net' })).proof, ['node.domain changes from node.acme-node.net to not a name']);
});

test('a return from suspended to active needs the proof; a suspension does not', () => {
  assert.equal(update(data({ status: 'active' }), data({ status: 'suspended' })), { proof: ['the member returns from suspended to active'], joinBar: [], refused: [] });
  assert.equal(update(data({ status: 'suspended' }), data({ status: 'active' })), NONE);
  assert.equal(update(data({ status: 'suspended' }), data({ status: 'suspended' })), NONE);
});

test('a new organization name is a new seat; a suffix, a longer or a shorter form, spacing, case and width are not', () => {
  assert.equal(update(data({ name: 'Zenith Hosting' })), {
    proof: [],
    joinBar: ['the organization is replaced (organization.name changes from "Acme Nodes" to "Zenith Hosting")'],
    refused: [],
  });
  for (const name of ['Acme Nodes GmbH', 'Acme', 'The Acme Nodes', '  acme   NODES ', 'Ａｃｍｅ Ｎｏｄｅｓ', 'Acme\tNodes']) assert.equal(update(data({ name })), NONE, name);
  assert.equal(update(data({ name: 'Acme Node' }), data({ name: 'Acme Nodes' })), NONE);
  assert.equal(update(data({ name: 'Acme Nodes' }), data({ name: 'Acme  Nodes GmbH' })), NONE);
  assert.equal(update(data({ name: 'AcmeNodes' })).joinBar.length, 1, 'a dropped space is another name');
  assert.equal(update(data({ name: ' Acme Nodes' }), data({ name: 'Acme Nodes ' })), NONE, 'spaces at either end are trimmed');
  // Names are folded to lower case; a spelling only upper case would merge (ß and SS) is another
  // name: the stricter bar when unsure.
  assert.equal(update(data({ name: 'Acme Strasse' }), data({ name: 'Acme Straße' })).joinBar.length, 1);
});

test('replacing every GitHub login is a new seat; keeping one (in any case) is not', () => {
  assert.equal(update(data({ github: ['someone-else'] })), { proof: [], joinBar: ['every GitHub login is replaced'], refused: [] });
  assert.equal(update(data({ github: ['ACME-OPS', 'new-dev'] })), NONE);
  assert.equal(update(data({ github: ['new-dev', 'acme-dev'] })), NONE);
  assert.equal(update(data({ github: ['x'] }), data({ github: [] })).joinBar, ['every GitHub login is replaced']);
});

test('several seat changes at once are all named, in order', () => {
  const s = update(data({ domain: 'n.zenith.net', name: 'Zenith', github: ['z'], status: 'active' }), data({ status: 'suspended' }));
  assert.equal(s.proof, ['node.domain changes from node.acme-node.net to n.zenith.net', 'the member returns from suspended to active']);
  assert.equal(s.joinBar, ['the organization is replaced (organization.name changes from "Acme Nodes" to "Zenith")', 'every GitHub login is replaced']);
  assert.equal(s.refused, []);
  const r = seatChange(change('rename'), data(), data({ github: ['z'] }));
  assert.equal(r.joinBar, ['the member is renamed from acme to acme2', 'every GitHub login is replaced']);
});

test.run();
