// BFT arithmetic and validator-set changes between a base and a head (tendermint/power-change).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { electionCommand, planValidators } from '../../scripts/tendermint/changes.js';
import { groups, holdsThird, maxChange, percent, restoreMargin, totalPower } from '../../scripts/tendermint/power.js';
import { tmMember, tmNetwork } from './genesis.test.js';

test('holdsThird is exact integer arithmetic: 10 of 30 holds, 10 of 31 does not', () => {
  assert.ok(holdsThird(10, 30));
  assert.not.ok(holdsThird(10, 31));
  assert.not.ok(holdsThird(0, 0));
});

test('restoreMargin gives the smallest fix, and one less is not enough', () => {
  for (const [g, t] of [[20, 40], [10, 30], [50, 60], [11, 31], [1, 1]] as const) {
    const r = restoreMargin(g, t);
    assert.not.ok(holdsThird(g - r.reduceBy, t - r.reduceBy), `reduce ${g}/${t} by ${r.reduceBy}`);
    assert.ok(holdsThird(g - r.reduceBy + 1, t - r.reduceBy + 1), `reduce ${g}/${t} by ${r.reduceBy - 1} is not enough`);
    assert.not.ok(holdsThird(g, t + r.addOthers));
    assert.ok(holdsThird(g, t + r.addOthers - 1));
  }
  assert.equal(restoreMargin(5, 40), { reduceBy: 0, addOthers: 0 });
});

test('maxChange: largest c with 3c < T', () => {
  assert.is(maxChange(40), 13);
  assert.is(maxChange(39), 12);
  assert.is(maxChange(1), 0);
});

test('groups: by key, largest first', () => {
  const g = groups(
    [
      { id: 'a', organization: 'X', power: 10 },
      { id: 'b', organization: 'Y', power: 30 },
      { id: 'c', organization: 'X', power: 10 },
    ],
    (v) => v.organization,
  );
  assert.equal(g, [{ name: 'Y', power: 30, ids: ['b'] }, { name: 'X', power: 20, ids: ['a', 'c'] }]);
});

test('holdsThird exactly at a third: 3g = T holds, 3g = T − 1 does not, 3g = T + 1 holds', () => {
  assert.is(holdsThird(1, 3), true);
  assert.is(holdsThird(1, 4), false);
  assert.is(holdsThird(34, 100), true);
  assert.is(holdsThird(33, 100), false);
  assert.is(holdsThird(33, 99), true);
  assert.is(holdsThird(33, 98), true);
  assert.is(holdsThird(0, 1), false);
  assert.is(holdsThird(1, 0), false, 'no voting power: nobody holds a third');
  assert.is(holdsThird(0, 0), false);
});

test('restoreMargin: exact values; a group holding everything is reduced to 0 at most', () => {
  assert.equal(restoreMargin(10, 30), { reduceBy: 1, addOthers: 1 });
  assert.equal(restoreMargin(20, 40), { reduceBy: 11, addOthers: 21 });
  assert.equal(restoreMargin(11, 31), { reduceBy: 2, addOthers: 3 });
  assert.equal(restoreMargin(50, 60), { reduceBy: 46, addOthers: 91 });
  assert.equal(restoreMargin(1, 1), { reduceBy: 1, addOthers: 3 });
  assert.equal(restoreMargin(5, 5), { reduceBy: 5, addOthers: 11 });
  assert.equal(restoreMargin(10, 31), { reduceBy: 0, addOthers: 0 });
  assert.equal(restoreMargin(0, 0), { reduceBy: 0, addOthers: 0 });
});

test('maxChange at and around multiples of 3', () => {
  assert.equal([0, 1, 2, 3, 4, 5, 6, 7, 30, 31].map(maxChange), [0, 0, 0, 0, 1, 1, 1, 2, 9, 10]);
});

test('totalPower and percent', () => {
  assert.is(totalPower([]), 0);
  assert.is(totalPower([{ power: 3 }, { power: 4 }, { power: 0 }]), 7);
  assert.is(percent(1, 3), '33.3 %');
  assert.is(percent(2, 3), '66.7 %');
  assert.is(percent(40, 40), '100.0 %');
  assert.is(percent(0, 10), '0.0 %');
  assert.is(percent(0, 0), '0 %');
  assert.is(percent(5, 0), '0 %');
});

test('groups: voters without the key left out; equal power ordered by name', () => {
  const voters = [
    { id: 'a', organization: 'B', country: 'DE', power: 10 },
    { id: 'b', organization: 'A', power: 10 },
    { id: 'c', organization: 'C', country: 'FR', power: 5 },
    { id: 'd', organization: 'A', country: 'DE', power: 0 },
  ];
  assert.equal(groups(voters, (v) => v.country), [
    { name: 'DE', power: 10, ids: ['a', 'd'] },
    { name: 'FR', power: 5, ids: ['c'] },
  ]);
  assert.equal(groups(voters, (v) => v.organization).map((g) => g.name), ['A', 'B', 'C']);
  assert.equal(groups([...voters].reverse(), (v) => v.organization).map((g) => g.name), ['A', 'B', 'C']);
  assert.equal(groups([], (v) => v.organization), []);
});

const NOW = new Date('2031-01-01T00:00:00Z');
const net = tmNetwork(); // genesis 2030: the chain exists at NOW
const four = () => Array.from({ length: 4 }, (_, i) => tmMember(i));

test('after genesis: adding one validator of 10 to 40 is allowed and prints its election', () => {
  const head = [...four(), tmMember(4)];
  const p = planValidators({ network: net, members: four() }, { network: net, members: head }, NOW);
  assert.is(p.onChain, true);
  assert.is(p.changed, 10);
  assert.is(p.allowed, 13);
  assert.is(p.refused, false);
  assert.equal(p.changes.map((c) => [c.memberId, c.from, c.to]), [['m004', 0, 10]]);
  const cmd = electionCommand(p.changes[0]!);
  assert.is(cmd, `planetmint election new upsert-validator ${head[4]!.node.tendermint!.pubKey} 10 ${head[4]!.node.tendermint!.nodeId} --private-key <path to priv_validator_key.json>`);
});

test('after genesis: 14 of 40 moved at once is refused (≥ 1/3 counts removals and raises)', () => {
  const head = four();
  head[0] = tmMember(0, { power: 24 });
  const p = planValidators({ network: net, members: four() }, { network: net, members: head }, NOW);
  assert.is(p.changed, 14);
  assert.is(p.refused, true);
  const removal = four().slice(1);
  const r = planValidators({ network: net, members: four() }, { network: net, members: [...removal, tmMember(9, { power: 4 })] }, NOW);
  assert.is(r.changed, 14);
  assert.is(r.refused, true);
  assert.equal(r.changes.map((c) => c.memberId), ['m009', 'm000'], 'additions first, removals last');
});

test('after genesis: a raise to 14 of 40 moves only 4, but Planetmint refuses the election (new power ≥ 1/3)', () => {
  const head = four();
  head[0] = tmMember(0, { power: 14 });
  const p = planValidators({ network: net, members: four() }, { network: net, members: head }, NOW);
  assert.is(p.changed, 4);
  assert.equal(p.refusedElections.map((c) => c.memberId), ['m000']);
  assert.is(p.refused, true);
});

test('a key rotation is a removal and an addition of the same member', () => {
  const head = four();
  head[0] = tmMember(0);
  head[0].node.tendermint!.pubKey = tmMember(50).node.tendermint!.pubKey;
  const p = planValidators({ network: net, members: four() }, { network: net, members: head }, NOW);
  assert.equal(p.changes.map((c) => [c.memberId, c.from, c.to]), [['m000', 0, 10], ['m000', 10, 0]], 'add the new key first, remove the old one last');
  assert.is(p.changed, 0, 'the member keeps its power');
  assert.is(p.refused, false);
});

test('a key moved to another member: the power one member loses counts as much as what the other gains', () => {
  const head = four().slice(1);
  head[0] = tmMember(1, { power: 14 });
  head[0].node.tendermint!.pubKey = tmMember(0).node.tendermint!.pubKey;
  // m000 10 → 0, m001 10 → 14: 14 of 40 moved. Netted per key under m001 it was +4 − 10 = 6.
  const p = planValidators({ network: net, members: four() }, { network: net, members: head }, NOW);
  assert.is(p.changed, 14);
  assert.is(p.refused, true);
});

test('before genesis nothing is refused: the changes go into genesis.json', () => {
  const p = planValidators({ network: net, members: [tmMember(0)] }, { network: net, members: four() }, new Date('2029-01-01T00:00:00Z'));
  assert.is(p.onChain, false);
  assert.is(p.refused, false);
  assert.is(p.changes.length, 3);
});

test.run();
