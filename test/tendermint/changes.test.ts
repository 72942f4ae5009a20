// The validator plan of a pull request (scripts/tendermint/changes.ts), compared whole: every
// change with its member, key, node ID and powers in Planetmint's election order, the totals,
// the 1/3 limit at its boundary, the elections Planetmint refuses as the total moves, and the
// persistent_peers entries gained and lost.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Member } from '../../scripts/model/types.js';
import { electionCommand, planValidators, type ValidatorChange } from '../../scripts/tendermint/changes.js';
import { tmMember, tmNetwork } from './genesis.test.js';

const ON_CHAIN = new Date('2031-01-01T00:00:00Z');
const BEFORE = new Date('2029-01-01T00:00:00Z');
const net = tmNetwork(); // genesis_time 2030, power 10 by default

const m = (i: number, power?: number): Member => tmMember(i, power === undefined ? {} : { power });
const key = (x: Member) => x.node.tendermint!.pubKey!;
const node = (x: Member) => x.node.tendermint!.nodeId!;
const peer = (x: Member) => `${node(x)}@${x.node.tendermint!.p2p.host}:${x.node.tendermint!.p2p.port}`;
const change = (x: Member, from: number, to: number): ValidatorChange => ({ memberId: x.id, pubKey: key(x), nodeId: node(x), from, to });
const plan = (base: Member[], head: Member[], now = ON_CHAIN) => planValidators({ network: net, members: base }, { network: net, members: head }, now);

test('an unchanged set: no changes, nothing moved, nothing refused, no peers', () => {
  const p = plan([m(0), m(1), m(2)], [m(2), m(0), m(1)]);
  assert.equal(p, {
    baseTotal: 30,
    headTotal: 30,
    changes: [],
    changed: 0,
    allowed: 9,
    onChain: true,
    refusedElections: [],
    peers: { added: [], removed: [] },
    refused: false,
  });
});

test('election order: raises and additions first, then lowerings, removals last; by member id within each', () => {
  // Listed against that order: m000 removed, m001 lowered, m002 raised, m003 added, m004 raised.
  const base = [m(4), m(2), m(1), m(0), m(5), m(6), m(7), m(8), m(9)];
  const head = [m(9), m(8), m(7), m(6), m(5), m(4, 11), m(3), m(2, 11), m(1, 9)];
  const p = plan(base, head);
  assert.equal(p.changes, [change(m(2), 10, 11), change(m(3), 0, 10), change(m(4), 10, 11), change(m(1), 10, 9), change(m(0), 10, 0)]);
  assert.is(p.baseTotal, 90);
  assert.is(p.headTotal, 91);
  assert.is(p.changed, 1 + 10 + 1 + 1 + 10, 'a lowering counts as much as a raise');
  assert.is(p.allowed, 29);
  assert.equal(p.refusedElections, []);
  assert.is(p.refused, false, '23 of 90 is less than 1/3');
  assert.equal(p.peers, { added: [peer(m(3))], removed: [peer(m(0))] });
});

test('the 1/3 limit at its boundary: 10 of 30 moved is refused, 9 of 30 is not', () => {
  const three = () => [m(0), m(1), m(2)];
  const at = plan(three(), [m(1), m(2)]);
  assert.equal(at.changes, [change(m(0), 10, 0)]);
  assert.is(at.changed, 10);
  assert.equal(at.refusedElections, [], 'a removal is no refused election');
  assert.is(at.refused, true);
  const below = plan(three(), [m(0, 1), m(1), m(2)]);
  assert.is(below.changed, 9);
  assert.equal(below.refusedElections, []);
  assert.is(below.refused, false);
});

test('an election of exactly 1/3 of the total at that point is refused, one less is not', () => {
  // Base 40. m000 raised to 12 (total 42), then m005 added: 14 is 1/3 of 42, 13 is not.
  const base = [m(0), m(1), m(2), m(3)];
  const at = plan(base, [m(0, 12), m(1), m(2), m(3), m(5, 14)]);
  assert.equal(at.changes, [change(m(0), 10, 12), change(m(5), 0, 14)]);
  assert.equal(at.refusedElections, [change(m(5), 0, 14)], 'judged against 42, the total after the raise');
  assert.is(at.refused, true);
  const below = plan(base, [m(0, 12), m(1), m(2), m(3), m(5, 13)]);
  assert.equal(below.refusedElections, []);
  assert.is(below.changed, 15, '15 of 40 is past 1/3: refused for that alone');
  assert.is(below.refused, true);
});

test('each election is judged against the total after the ones before it', () => {
  // Base 40; m004 (10) then m005 (14): 14 < 50/3, though 14 ≥ 40/3.
  const p = plan([m(0), m(1), m(2), m(3)], [m(0), m(1), m(2), m(3), m(5, 14), m(4)]);
  assert.equal(p.changes, [change(m(4), 0, 10), change(m(5), 0, 14)]);
  assert.equal(p.refusedElections, []);
  assert.is(p.changed, 24);
  assert.is(p.refused, true, '24 of 40 moved');
  // A lowering before a raise: lowerings come after raises, so the raise is judged against 40.
  const q = plan([m(0), m(1), m(2), m(3)], [m(0, 14), m(1, 7), m(2), m(3)]);
  assert.equal(q.changes, [change(m(0), 10, 14), change(m(1), 10, 7)]);
  assert.equal(q.refusedElections, [change(m(0), 10, 14)]);
});

test('before genesis nothing is refused, though the same plan on chain would be', () => {
  const base = [m(0), m(1), m(2)];
  const head = [m(0, 40), m(1), m(2)];
  const p = plan(base, head, BEFORE);
  assert.is(p.onChain, false);
  assert.equal(p.changes, [change(m(0), 10, 40)]);
  assert.is(p.changed, 30);
  assert.equal(p.refusedElections, []);
  assert.is(p.refused, false);
  const q = plan(base, head);
  assert.equal(q.refusedElections, [change(m(0), 10, 40)]);
  assert.is(q.refused, true);
  // At the genesis instant the chain exists.
  assert.is(plan(base, head, new Date('2030-01-01T00:00:00Z')).onChain, true);
});

test('on chain with no validator in the base there is no total to judge against: not refused', () => {
  const p = plan([m(0, 0)], [m(0)]);
  assert.is(p.baseTotal, 0);
  assert.is(p.headTotal, 10);
  assert.equal(p.changes, [change(m(0), 0, 10)]);
  assert.is(p.allowed, 0);
  assert.is(p.refused, false);
});

test('a key moved to another member is one change, named after the member that holds it now', () => {
  const base = [m(0), m(1), m(2), m(3)];
  const moved = m(1, 12);
  moved.node.tendermint!.pubKey = key(m(0));
  const p = plan(base, [moved, m(2), m(3)]);
  assert.equal(p.changes, [{ memberId: 'm001', pubKey: key(m(0)), nodeId: node(m(1)), from: 10, to: 12 }, change(m(1), 10, 0)]);
  assert.is(p.changed, 12, 'm000 loses its 10, m001 goes from 10 to 12: 12 moved (the per-key changes under m001 alone would net 8)');
  assert.is(p.refused, false, '12 of 40');
  const more = m(1, 14);
  more.node.tendermint!.pubKey = key(m(0));
  assert.is(plan(base, [more, m(2), m(3)]).refused, true, 'm000 loses 10, m001 gains 4: 14 of 40 (netted per key it would be 6)');
});

test('a validator without a node ID: the change has no nodeId and its election a placeholder', () => {
  const x = m(4);
  delete x.node.tendermint!.nodeId;
  const p = plan([m(0), m(1), m(2), m(3)], [m(0), m(1), m(2), m(3), x]);
  assert.equal(p.changes, [{ memberId: 'm004', pubKey: key(x), from: 0, to: 10 }]);
  assert.is(electionCommand(p.changes[0]!), `planetmint election new upsert-validator ${key(x)} 10 <node-id> --private-key <path to priv_validator_key.json>`);
  assert.is(electionCommand(change(m(0), 10, 0)), `planetmint election new upsert-validator ${key(m(0))} 0 ${node(m(0))} --private-key <path to priv_validator_key.json>`);
  assert.equal(p.peers, { added: [], removed: [] }, 'no node ID, no peer entry');
});

test('peers: a moved node is one entry removed and one added; suspended members leave the list', () => {
  const movedHost = m(1);
  movedHost.node.tendermint!.p2p = { host: 'p2p.m001.example.net', port: 26656 };
  const suspended = { ...m(2), status: 'suspended' } as Member;
  const p = plan([m(0), m(1), m(2)], [m(0), movedHost, suspended, m(3)]);
  assert.equal(p.peers, { added: [`${node(m(1))}@p2p.m001.example.net:26656`, peer(m(3))], removed: [peer(m(1)), peer(m(2))] });
  assert.equal(p.changes, [change(m(3), 0, 10), change(m(2), 10, 0)]);
});

test.run();
