// The shared name's bound and choice, number by number: the wire-length arithmetic of udpFit,
// sharedLimit's setting, and exactly which members chooseShared() publishes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Network } from '../../scripts/model/types.js';
import { chooseShared, sharedLimit, udpFit, wireLength } from '../../scripts/zone/shared.js';
import { exampleNetwork, member } from './fixtures.js';

const withNs = (nameservers: Network['zone']['nameservers']): Network => exampleNetwork({ nameservers });
const v4s = (n: number) => Array.from({ length: n }, (_, i) => `192.0.2.${i + 1}`);
const v6s = (n: number) => Array.from({ length: n }, (_, i) => `2001:db8::${i + 1}`);

test('wireLength: labels with their length octets plus the root, trailing dot or not', () => {
  assert.is(wireLength(''), 1);
  assert.is(wireLength('.'), 1);
  assert.is(wireLength('a'), 3);
  assert.is(wireLength('a.b'), 5);
  assert.is(wireLength('a.b.'), 5);
  assert.is(wireLength('ns.dns-host.example'), 21);
  assert.is(wireLength('api.bdbnetwork.io.'), 19);
});

test('udpFit: header, question, OPT with cookie, NS RRset, and glue only for in-zone servers', () => {
  // 12 header + 19 + 4 question + 55 OPT = 90 bytes before the authority section.
  assert.is(udpFit(withNs([]), 'A'), 71, '(1232 - 90) / 16');
  assert.is(udpFit(withNs([]), 'AAAA'), 40, '(1232 - 90) / 28');
  // In-zone server: 12 + 19 (NS) + 16 per glue A + 28 per glue AAAA.
  assert.is(udpFit(withNs([{ name: 'ns1.bdbnetwork.io', ipv4: v4s(2), ipv6: [] }]), 'A'), 67, '(1232 - 153) / 16');
  assert.is(udpFit(withNs([{ name: 'ns1.bdbnetwork.io', ipv4: v4s(2), ipv6: [] }]), 'AAAA'), 38);
  assert.is(udpFit(withNs([{ name: 'ns1.bdbnetwork.io', ipv4: [], ipv6: v6s(2) }]), 'A'), 65, '(1232 - 177) / 16');
  assert.is(udpFit(withNs([{ name: 'ns1.bdbnetwork.io', ipv4: [], ipv6: v6s(2) }]), 'AAAA'), 37);
  // The zone apex itself as a server name is in the zone.
  assert.is(udpFit(withNs([{ name: 'bdbnetwork.io', ipv4: v4s(1), ipv6: [] }]), 'A'), 68, '(1232 - 90 - 27 - 16) / 16');
  // Out of zone: no glue, whatever addresses the file lists.
  assert.is(udpFit(withNs([{ name: 'ns.dns-host.example', ipv4: v4s(3), ipv6: v6s(3) }]), 'A'), 69, '(1232 - 90 - 33) / 16');
  assert.is(udpFit(withNs([{ name: 'ns.otherbdbnetwork.io', ipv4: v4s(3), ipv6: [] }]), 'A'), 69, '(1232 - 90 - 35) / 16: a look-alike suffix is out of zone');
  assert.is(udpFit(exampleNetwork(), 'A'), 64);
  assert.is(udpFit(exampleNetwork(), 'AAAA'), 36);
});

test('udpFit: never below one record, however large the referral', () => {
  const many = Array.from({ length: 40 }, (_, i) => ({ name: `ns${i}.bdbnetwork.io`, ipv4: v4s(2), ipv6: v6s(2) }));
  assert.is(udpFit(withNs(many), 'A'), 1);
  assert.is(udpFit(withNs(many), 'AAAA'), 1);
});

test('sharedLimit: an explicit number wins, otherwise what fits', () => {
  assert.is(sharedLimit(exampleNetwork({ sharedMaxAddresses: 5 }), 'A'), 5);
  assert.is(sharedLimit(exampleNetwork({ sharedMaxAddresses: 0 }), 'AAAA'), 0);
  assert.is(sharedLimit(exampleNetwork({ sharedMaxAddresses: 'fit' }), 'A'), 64);
  assert.is(sharedLimit(exampleNetwork(), 'AAAA'), 36);
});

const ms = [
  member('d', 'd.example', ['198.51.100.4'], ['2001:db8::4']),
  member('a', 'a.example', ['198.51.100.9', '198.51.100.10'], []),
  member('c', 'c.example', ['198.51.100.3'], ['2001:db8::3']),
  member('b', 'b.example', ['198.51.100.2'], ['2001:db8::2']),
  member('e', 'e.example', ['198.51.100.5'], ['2001:db8::5'], 'inactive' as 'active'),
];

test('chooseShared: everything when it fits (active members with an address of the family)', () => {
  assert.equal(chooseShared(ms, 4, 5, 0), {
    addresses: ['198.51.100.9', '198.51.100.10', '198.51.100.2', '198.51.100.3', '198.51.100.4'],
    candidates: 4,
    chosen: ['a', 'b', 'c', 'd'],
  });
  assert.equal(chooseShared(ms, 6, 3, 9), { addresses: ['2001:db8::2', '2001:db8::3', '2001:db8::4'], candidates: 3, chosen: ['b', 'c', 'd'] });
  assert.equal(chooseShared([], 4, 0, 0), { addresses: [], candidates: 0, chosen: [] });
});

test('chooseShared: over the limit, one address per member from a window starting at rotation mod N', () => {
  // Sorted by id: a b c d. a's addresses sorted as text: 198.51.100.10 before 198.51.100.9.
  assert.equal(chooseShared(ms, 4, 4, 0), { addresses: ['198.51.100.10', '198.51.100.2', '198.51.100.3', '198.51.100.4'], candidates: 4, chosen: ['a', 'b', 'c', 'd'] });
  assert.equal(chooseShared(ms, 4, 2, 0), { addresses: ['198.51.100.10', '198.51.100.2'], candidates: 4, chosen: ['a', 'b'] });
  assert.equal(chooseShared(ms, 4, 2, 1).chosen, ['b', 'c']);
  assert.equal(chooseShared(ms, 4, 2, 3), { addresses: ['198.51.100.4', '198.51.100.10'], candidates: 4, chosen: ['d', 'a'] }, 'the window wraps');
  assert.equal(chooseShared(ms, 4, 2, 6).chosen, ['c', 'd'], '6 mod 4');
  assert.equal(chooseShared(ms, 4, 2, -1).chosen, ['d', 'a'], 'a negative rotation still starts inside the list');
  assert.equal(chooseShared(ms, 4, 2, -6).chosen, ['c', 'd']);
  assert.equal(chooseShared(ms, 6, 2, 2), { addresses: ['2001:db8::4', '2001:db8::2'], candidates: 3, chosen: ['d', 'b'] });
  assert.equal(chooseShared(ms, 4, 0, 0), { addresses: [], candidates: 4, chosen: [] });
});

test('chooseShared: a shared address is published once, and the member behind gets its next one or none', () => {
  const shared = [
    member('a', 'a.example', ['198.51.100.1'], []),
    member('b', 'b.example', ['198.51.100.1', '198.51.100.7'], []),
    member('c', 'c.example', ['198.51.100.1'], []),
    member('d', 'd.example', ['198.51.100.8'], []),
  ];
  assert.equal(chooseShared(shared, 4, 3, 0), { addresses: ['198.51.100.1', '198.51.100.7', '198.51.100.8'], candidates: 4, chosen: ['a', 'b', 'c', 'd'] }, 'three distinct addresses fit');
  assert.equal(chooseShared(shared, 4, 2, 0), { addresses: ['198.51.100.1', '198.51.100.7'], candidates: 4, chosen: ['a', 'b'] });
  assert.equal(chooseShared(shared, 4, 2, 1), { addresses: ['198.51.100.1', '198.51.100.8'], candidates: 4, chosen: ['b', 'd'] }, 'c has nothing left');
  assert.equal(chooseShared(shared, 4, 2, 2), { addresses: ['198.51.100.1', '198.51.100.8'], candidates: 4, chosen: ['c', 'd'] });
  // Limit not reached when the members run out of unpublished addresses: each member once.
  const few = [member('x', 'x.example', ['198.51.100.1', '198.51.100.2', '198.51.100.3'], []), member('y', 'y.example', ['198.51.100.1'], [])];
  assert.equal(chooseShared(few, 4, 2, 0), { addresses: ['198.51.100.1'], candidates: 2, chosen: ['x'] });
  const same = [member('x', 'x.example', ['198.51.100.1', '198.51.100.2'], []), member('y', 'y.example', ['198.51.100.1'], [])];
  assert.equal(chooseShared(same, 4, 1, 1), { addresses: ['198.51.100.1'], candidates: 2, chosen: ['y'] });
});

test.run();
