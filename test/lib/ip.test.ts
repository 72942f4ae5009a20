// Exact behaviour of scripts/lib/ip.ts: parsing, RFC 5952 text, RFC 6890 classification with both
// ends of every range, prefix keys. Pinned tightly because rules and the zone judge addresses by it.
import { isIPv4, isIPv6 } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatIPv6, inPrefix, parseIPv4, parseIPv6, parseIp, prefixKey, specialRange, unwrapMapped, type ParsedIp } from '../../scripts/lib/ip.js';

function ip(s: string): ParsedIp {
  const r = parseIp(s);
  if (!r.ok) throw new Error(`${s}: ${r.reason}`);
  return r.ip;
}
const reason = (r: ReturnType<typeof parseIp>) => (r.ok ? `ok ${r.ip.text}` : r.reason);

test('IPv4: canonical dotted quad, bytes and family', () => {
  const r = parseIPv4('192.0.2.255');
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.ip, { family: 4, bytes: new Uint8Array([192, 0, 2, 255]), text: '192.0.2.255' });
  assert.equal(Array.from(ip('0.0.0.0').bytes), [0, 0, 0, 0]);
  assert.is(ip('255.255.255.255').text, '255.255.255.255');
  assert.is(ip('10.20.30.40').text, '10.20.30.40');
});

test('IPv4: each rejection has its own reason', () => {
  const four = 'an IPv4 address has exactly four dot-separated decimal numbers';
  assert.is(reason(parseIPv4('1.2.3')), four);
  assert.is(reason(parseIPv4('1.2.3.4.5')), four);
  assert.is(reason(parseIPv4('')), four);
  assert.is(reason(parseIPv4('01.2.3.4')), '"01" has a leading zero (read as octal by some parsers)');
  assert.is(reason(parseIPv4('1.2.3.00')), '"00" has a leading zero (read as octal by some parsers)');
  assert.is(reason(parseIPv4('0x7f.0.0.1')), '"0x7f" is hexadecimal; write decimal');
  assert.is(reason(parseIPv4('1.0X1.0.1')), '"0X1" is hexadecimal; write decimal');
  assert.is(reason(parseIPv4('256.1.1.1')), '"256" is not a number from 0 to 255');
  assert.is(reason(parseIPv4('1.1.1.1000')), '"1000" is not a number from 0 to 255');
  assert.is(reason(parseIPv4('1..1.1')), '"" is not a number from 0 to 255');
  assert.is(reason(parseIPv4('1.1.1.1x')), '"1x" is not a number from 0 to 255');
  assert.is(reason(parseIPv4('1.1.1.x1')), '"x1" is not a number from 0 to 255');
  assert.is(reason(parseIPv4('1.1.+1.1')), '"+1" is not a number from 0 to 255');
  assert.is(reason(parseIPv4('1.1.1. 1')), '" 1" is not a number from 0 to 255');
  assert.is(reason(parseIPv4('x0.1.1.1')), '"x0" is not a number from 0 to 255');
  assert.is(reason(parseIPv4('a01.1.1.1')), '"a01" is not a number from 0 to 255');
  assert.is(reason(parseIPv4('10.0.0.0x1')), '"0x1" is hexadecimal; write decimal');
  assert.is(reason(parseIPv4('1.1.1.a0x1')), '"a0x1" is not a number from 0 to 255');
});

test('IPv6: bytes, RFC 5952 text, upper case and embedded IPv4 accepted', () => {
  const r = parseIPv6('ABCD:EF01::1');
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.is(r.ip.family, 6);
  assert.equal(Array.from(r.ip.bytes), [0xab, 0xcd, 0xef, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  assert.is(r.ip.text, 'abcd:ef01::1');
  assert.equal(Array.from(ip('::ffff:1.2.3.4').bytes), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4]);
  assert.is(ip('::ffff:1.2.3.4').text, '::ffff:102:304');
  assert.is(ip('1:2:3:4:5:6:1.2.3.4').text, '1:2:3:4:5:6:102:304');
  assert.is(ip('1:2:3:4:5:6:7::').text, '1:2:3:4:5:6:7:0');
  assert.is(ip('::2:3:4:5:6:7:8').text, '0:2:3:4:5:6:7:8');
  assert.is(ip('1:2:3:4:5:6:7:8').text, '1:2:3:4:5:6:7:8');
  assert.is(ip('::').text, '::');
  assert.is(ip('2001:0DB8:0000:0000:0000:0000:0000:0001').text, '2001:db8::1');
});

test('IPv6: each rejection has its own reason', () => {
  assert.is(reason(parseIPv6('fe80::1%eth0')), 'zone ids (%…) are local to one host and not allowed');
  assert.is(reason(parseIPv6('[::1]')), 'write the address without brackets');
  assert.is(reason(parseIPv6('[::1')), 'write the address without brackets');
  assert.is(reason(parseIPv6('::1]')), 'write the address without brackets');
  assert.is(reason(parseIPv6('::g')), 'an IPv6 address has only hex digits and colons');
  assert.is(reason(parseIPv6(' ::1')), 'an IPv6 address has only hex digits and colons');
  assert.is(reason(parseIPv6('::1 ')), 'an IPv6 address has only hex digits and colons');
  assert.is(reason(parseIPv6('::ffff:1.2.3.256')), 'embedded IPv4 part: "256" is not a number from 0 to 255');
  assert.is(reason(parseIPv6('::ffff:1.2.3')), 'embedded IPv4 part: an IPv4 address has exactly four dot-separated decimal numbers');
  assert.is(reason(parseIPv6('1::2::3')), '"::" may appear only once');
  assert.is(reason(parseIPv6('1:2:3:4:5:6:7')), 'an IPv6 address has eight groups (or uses "::")');
  assert.is(reason(parseIPv6('1:2:3:4:5:6:7:8:9')), 'an IPv6 address has eight groups (or uses "::")');
  assert.is(reason(parseIPv6('1:2:3:4:5:6:7:1.2.3.4')), 'an IPv6 address has eight groups (or uses "::")');
  assert.is(reason(parseIPv6('1:2:3:4::5:6:7:8')), 'too many groups for an address with "::"');
  assert.is(reason(parseIPv6('12345::')), '"12345" is not a group of 1 to 4 hex digits');
  assert.is(reason(parseIPv6(':1:2:3:4:5:6:7')), '"" is not a group of 1 to 4 hex digits');
  assert.is(reason(parseIPv6('1:2:3:4:5:6:7:')), '"" is not a group of 1 to 4 hex digits');
  assert.is(reason(parseIPv6('::1.')), 'embedded IPv4 part: an IPv4 address has exactly four dot-separated decimal numbers');
  assert.is(reason(parseIPv6('1.2.3.4')), 'an IPv6 address has eight groups (or uses "::")');
  assert.is(reason(parseIPv6('1.2::3')), '"1.2" is not a group of 1 to 4 hex digits', 'only a dot in the last part is an embedded IPv4');
  assert.is(reason(parseIPv6('1.:3')), 'an IPv6 address has eight groups (or uses "::")');
});

test('parseIp: dispatches on ":" and memoises frozen results, with a bounded cache', () => {
  assert.is(ip('::1').family, 6);
  assert.is(ip('127.0.0.1').family, 4);
  assert.is(reason(parseIp('1.2.3')), 'an IPv4 address has exactly four dot-separated decimal numbers');
  assert.is(reason(parseIp('1:2')), 'an IPv6 address has eight groups (or uses "::")');
  const a = parseIp('198.51.100.7');
  assert.ok(Object.isFrozen(a));
  assert.is(parseIp('198.51.100.7'), a, 'the second call returns the memoised result');
  for (let i = 0; i <= 100_001; i++) parseIp(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  const b = parseIp('198.51.100.7');
  assert.is.not(b, a, 'the cache was cleared once it passed 100,000 entries');
  assert.equal(b, a);
});

test('formatIPv6: RFC 5952 §4 (longest zero run, first on ties, runs of one stay)', () => {
  const f = (s: string) => formatIPv6(ip(s).bytes);
  assert.is(f('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
  assert.is(f('2001:0:0:1:0:0:0:1'), '2001:0:0:1::1');
  assert.is(f('2001:db8:0:1:1:1:1:1'), '2001:db8:0:1:1:1:1:1');
  assert.is(f('1:0:0:0:0:0:0:0'), '1::');
  assert.is(f('0:0:0:0:0:0:0:1'), '::1');
  assert.is(f('1:2:3:4:5:6:0:0'), '1:2:3:4:5:6::');
  assert.is(f('0:0:1:2:3:4:5:6'), '::1:2:3:4:5:6');
  assert.is(f('0:1:0:1:0:1:0:1'), '0:1:0:1:0:1:0:1');
  assert.is(f('1:0:0:2:0:0:0:3'), '1:0:0:2::3');
  assert.is(f('1:0:0:0:2:0:0:3'), '1::2:0:0:3');
  assert.is(f('ffff:ff:f0:f00:0:0:0:0'), 'ffff:ff:f0:f00::');
  assert.is(f('8000:1:0:0:0:0:0:0'), '8000:1::');
});

test('unwrapMapped: only ::ffff:a.b.c.d, and only from IPv6', () => {
  assert.equal(unwrapMapped(ip('::ffff:192.0.2.1')), { family: 4, bytes: new Uint8Array([192, 0, 2, 1]), text: '192.0.2.1' });
  assert.is(unwrapMapped(ip('192.0.2.1')), undefined);
  assert.is(unwrapMapped(ip('::fffe:192.0.2.1')), undefined);
  assert.is(unwrapMapped(ip('::ff:192.0.2.1')), undefined);
  assert.is(unwrapMapped(ip('::ff00:192.0.2.1')), undefined);
  assert.is(unwrapMapped(ip('0:0:0:0:1:ffff:c000:201')), undefined, 'byte 9 set');
  assert.is(unwrapMapped(ip('100::ffff:c000:201')), undefined, 'byte 0 set');
  assert.is(unwrapMapped(ip('1::ffff:c000:201')), undefined, 'byte 1 set');
  assert.is(unwrapMapped(ip('::1:0:ffff:c000:201')), undefined, 'byte 7 set');
  assert.is(unwrapMapped(ip('::192.0.2.1')), undefined, 'IPv4-compatible, not mapped');
});

const NOT_GLOBAL = { cidr: 'outside 2000::/3', name: 'IANA-reserved, not global unicast', class: undefined, citation: 'RFC 4291 §2.4, IANA IPv6 address space' };

// [cidr, name, class, citation, first address, last address, just below, just above]
// The neighbours name the range they fall in ('' = global unicast).
const RANGES: Array<[string, string, string | undefined, string, string, string, string, string]> = [
  ['0.0.0.0/8', '"this network"', undefined, 'RFC 791, RFC 6890', '0.0.0.0', '0.255.255.255', '', '1.0.0.0'],
  ['10.0.0.0/8', 'private-use', 'private', 'RFC 1918', '10.0.0.0', '10.255.255.255', '9.255.255.255', '11.0.0.0'],
  ['100.64.0.0/10', 'shared address space (CGN)', 'shared', 'RFC 6598', '100.64.0.0', '100.127.255.255', '100.63.255.255', '100.128.0.0'],
  ['127.0.0.0/8', 'loopback', 'loopback', 'RFC 1122 §3.2.1.3', '127.0.0.0', '127.255.255.255', '126.255.255.255', '128.0.0.0'],
  ['169.254.0.0/16', 'link-local', 'link-local', 'RFC 3927', '169.254.0.0', '169.254.255.255', '169.253.255.255', '169.255.0.0'],
  ['172.16.0.0/12', 'private-use', 'private', 'RFC 1918', '172.16.0.0', '172.31.255.255', '172.15.255.255', '172.32.0.0'],
  ['192.0.0.0/24', 'IETF protocol assignments', undefined, 'RFC 6890 §2.1', '192.0.0.0', '192.0.0.255', '191.255.255.255', '192.0.1.0'],
  ['192.0.2.0/24', 'documentation (TEST-NET-1)', 'documentation', 'RFC 5737', '192.0.2.0', '192.0.2.255', '192.0.1.255', '192.0.3.0'],
  ['192.88.99.0/24', '6to4 relay anycast (deprecated)', undefined, 'RFC 7526', '192.88.99.0', '192.88.99.255', '192.88.98.255', '192.88.100.0'],
  ['192.168.0.0/16', 'private-use', 'private', 'RFC 1918', '192.168.0.0', '192.168.255.255', '192.167.255.255', '192.169.0.0'],
  ['198.18.0.0/15', 'benchmarking', 'benchmarking', 'RFC 2544', '198.18.0.0', '198.19.255.255', '198.17.255.255', '198.20.0.0'],
  ['198.51.100.0/24', 'documentation (TEST-NET-2)', 'documentation', 'RFC 5737', '198.51.100.0', '198.51.100.255', '198.51.99.255', '198.51.101.0'],
  ['203.0.113.0/24', 'documentation (TEST-NET-3)', 'documentation', 'RFC 5737', '203.0.113.0', '203.0.113.255', '203.0.112.255', '203.0.114.0'],
  ['224.0.0.0/4', 'multicast', undefined, 'RFC 5771', '224.0.0.0', '239.255.255.255', '223.255.255.255', '240.0.0.0'],
  ['240.0.0.0/4', 'reserved (incl. broadcast)', undefined, 'RFC 1112, RFC 919', '240.0.0.0', '255.255.255.255', '239.255.255.255', ''],
  ['::/128', 'unspecified', undefined, 'RFC 4291 §2.5.2', '::', '::', '', '::1'],
  ['::1/128', 'loopback', 'loopback', 'RFC 4291 §2.5.3', '::1', '::1', '::', '::2'],
  ['::ffff:0:0/96', 'IPv4-mapped', undefined, 'RFC 4291 §2.5.5.2', '::ffff:0.0.0.0', '::ffff:255.255.255.255', '::fffe:ffff:ffff', '::1:0:0:0'],
  ['64:ff9b::/96', 'IPv4/IPv6 translation', undefined, 'RFC 6052', '64:ff9b::', '64:ff9b::ffff:ffff', '64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff', '64:ff9b::1:0:0'],
  ['100::/64', 'discard-only', undefined, 'RFC 6666', '100::', '100::ffff:ffff:ffff:ffff', 'ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '100:0:0:1::'],
  ['2001::/23', 'IETF protocol assignments', undefined, 'RFC 2928', '2001::', '2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff', '2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '2001:200::'],
  ['2001:db8::/32', 'documentation', 'documentation', 'RFC 3849', '2001:db8::', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', '2001:db7:ffff:ffff:ffff:ffff:ffff:ffff', '2001:db9::'],
  ['2002::/16', '6to4', undefined, 'RFC 3056', '2002::', '2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '2003::'],
  ['3fff::/20', 'documentation', 'documentation', 'RFC 9637', '3fff::', '3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff', '3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '3fff:1000::'],
  ['fc00::/7', 'unique local', 'private', 'RFC 4193', 'fc00::', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fe00::'],
  ['fe80::/10', 'link-local', 'link-local', 'RFC 4291 §2.5.6', 'fe80::', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'fec0::'],
  ['ff00::/8', 'multicast', undefined, 'RFC 4291 §2.7', 'ff00::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', ''],
];

const shape = (r: ReturnType<typeof specialRange>) => (r ? { cidr: r.cidr, name: r.name, class: r.class, citation: r.citation } : undefined);
const expectedAt = (text: string) => {
  if (text === '') return undefined;
  const row = RANGES.find((x) => x[4] === text || x[5] === text);
  return row ? { cidr: row[0], name: row[1], class: row[2], citation: row[3] } : undefined;
};

test('specialRange: both ends of every RFC 6890 range, with name, class and citation', () => {
  for (const [cidr, name, cls, citation, first, last] of RANGES) {
    for (const a of [first, last]) assert.equal(shape(specialRange(ip(a))), { cidr, name, class: cls, citation }, `${a} in ${cidr}`);
  }
});

test('specialRange: the addresses just outside every range', () => {
  const outside: Record<string, string | undefined> = {
    '': undefined,
    '::fffe:ffff:ffff': 'outside 2000::/3',
    '::1:0:0:0': 'outside 2000::/3',
    '::2': 'outside 2000::/3',
    '64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff': 'outside 2000::/3',
    '64:ff9b::1:0:0': 'outside 2000::/3',
    'ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff': 'outside 2000::/3',
    '100:0:0:1::': 'outside 2000::/3',
    'fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff': 'outside 2000::/3',
    'fe00::': 'outside 2000::/3',
    'fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff': 'outside 2000::/3',
    'fec0::': 'outside 2000::/3',
    'feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff': 'outside 2000::/3',
  };
  for (const [cidr, , , , , , below, above] of RANGES) {
    for (const a of [below, above]) {
      if (a === '') continue;
      const got = shape(specialRange(ip(a)));
      if (a in outside) assert.equal(got, outside[a] ? NOT_GLOBAL : undefined, `${a} next to ${cidr}`);
      else assert.equal(got, expectedAt(a), `${a} next to ${cidr}`);
    }
  }
});

test('specialRange: global unicast and the 2000::/3 boundary', () => {
  for (const a of ['1.1.1.1', '8.8.8.8', '223.255.255.255', '2000::', '2600::1', '2a00:1450::1', '3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '2001:200::1'])
    assert.is(specialRange(ip(a)), undefined, a);
  for (const a of ['1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '4000::', '8000::', 'c000::', '::ffff:0:1:0'])
    assert.equal(shape(specialRange(ip(a))), NOT_GLOBAL, a);
  assert.equal(shape(specialRange(ip('::ffff:10.0.0.1')))?.cidr, '::ffff:0:0/96', 'IPv6 judges mapped addresses as IPv6');
});

test('inPrefix: whole and partial bytes, families never match', () => {
  const b = (...n: number[]) => new Uint8Array(n);
  assert.is(inPrefix(b(10, 0, 0, 1), b(10, 0, 0, 0), 8), true);
  assert.is(inPrefix(b(11, 0, 0, 1), b(10, 0, 0, 0), 8), false);
  assert.is(inPrefix(b(10, 0, 0, 1), b(10, 0, 0, 0), 0), true);
  assert.is(inPrefix(b(10, 0, 0, 1), b(10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 0), false);
  assert.is(inPrefix(b(0xfe), b(0xff), 7), true);
  assert.is(inPrefix(b(0xfe), b(0xff), 8), false);
  assert.is(inPrefix(b(1, 0x7f), b(1, 0x40), 10), true);
  assert.is(inPrefix(b(1, 0x80), b(1, 0x40), 10), false);
  assert.is(inPrefix(b(1, 0x3f), b(1, 0x40), 10), false);
  assert.is(inPrefix(b(1, 0x40), b(1, 0x41), 16), false);
  assert.is(inPrefix(b(1, 0x41), b(1, 0x41), 16), true);
  assert.is(inPrefix(b(0x80), b(0x00), 1), false);
  assert.is(inPrefix(b(0x7f), b(0x00), 1), true);
});

test('prefixKey: first bits kept as hex, the rest zero', () => {
  const v4 = ip('192.0.2.77');
  assert.is(prefixKey(v4, 32), '4:c000024d/32');
  assert.is(prefixKey(v4, 30), '4:c000024c/30');
  assert.is(prefixKey(v4, 24), '4:c0000200/24');
  assert.is(prefixKey(v4, 20), '4:c0000000/20');
  assert.is(prefixKey(v4, 9), '4:c0000000/9');
  assert.is(prefixKey(v4, 1), '4:80000000/1');
  assert.is(prefixKey(v4, 0), '4:00000000/0');
  const v6 = ip('2001:db8:1234:5678:9abc::1');
  assert.is(prefixKey(v6, 128), '6:20010db8123456789abc000000000001/128');
  assert.is(prefixKey(v6, 64), '6:20010db8123456780000000000000000/64');
  assert.is(prefixKey(v6, 56), '6:20010db8123456000000000000000000/56');
  assert.is(prefixKey(v6, 52), '6:20010db8123450000000000000000000/52');
  assert.is(prefixKey(v6, 48), '6:20010db8123400000000000000000000/48');
  assert.equal(Array.from(v6.bytes.slice(0, 2)), [0x20, 0x01], 'the key does not change the address');
  assert.is(prefixKey(v6, 48), prefixKey(ip('2001:db8:1234:ffff::'), 48));
});

// Differential: the char-code fast paths and the split/regex slow paths together against two
// independent parsers, Node's net.isIPv4/isIPv6 (validity) and WHATWG URL (the address named).
function rng(seed: number): () => number {
  return () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
}

function spellings(r: () => number): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  // Mostly in range; now and then just past it, or spelled with a leading zero.
  const octet = () => (r() < 0.05 ? pick(['256', '260', '300', '999', '1000', '01', '00', '0x1']) : String(pick([0, 1, 9, 10, 99, 100, 199, 200, 249, 250, 255, Math.floor(r() * 256)])));
  const v4 = () => [octet(), octet(), octet(), octet()].join('.');
  const group = () => pick(['0', '00', '0000', '1', 'ffff', 'FFFF', 'db8', '0db8', Math.floor(r() * 65536).toString(16)]);
  const groups = (n: number) => Array.from({ length: n }, group);
  const v6 = (): string => {
    const tail = r() < 0.2;
    const n = tail ? 6 : 8;
    const g = groups(n);
    if (r() < 0.6) {
      const at = Math.floor(r() * n);
      const len = 1 + Math.floor(r() * (n - at));
      g.splice(at, len, '');
      let t = g.join(':');
      if (t.startsWith(':')) t = ':' + t;
      if (t.endsWith(':') && !tail) t += ':';
      if (t === '') t = '::';
      return tail ? `${t}${t.endsWith(':') ? '' : ':'}${v4()}` : t;
    }
    return tail ? `${g.join(':')}:${v4()}` : g.join(':');
  };
  const mutate = (t: string): string => {
    const at = Math.floor(r() * (t.length + 1));
    const c = pick(['0', '1', '9', 'a', 'F', 'g', ':', '::', '.', '%', '[', ']', ' ', 'x', '00', '256', '-']);
    return pick([t.slice(0, at) + c + t.slice(at), t.slice(0, at) + t.slice(at + 1), t.slice(0, at) + c + t.slice(at + 1)]);
  };
  const a = v4();
  const b = v6();
  return [a, b, mutate(a), mutate(b), mutate(mutate(a)), mutate(mutate(b))];
}

test('parseIPv4, parseIPv6: 60,000 spellings, valid and mutated, judged as Node and WHATWG URL judge them', () => {
  const r = rng(20261202);
  const url = (t: string): string => new URL(`http://[${t}]/`).hostname;
  let valid4 = 0;
  let valid6 = 0;
  for (let k = 0; k < 10_000; k++) {
    for (const s of spellings(r)) {
      const four = parseIPv4(s);
      assert.is(four.ok, isIPv4(s), `parseIPv4(${JSON.stringify(s)}): ${reason(four)}`);
      if (four.ok) {
        valid4++;
        assert.equal([...four.ip.bytes], s.split('.').map(Number), s);
        assert.is(four.ip.text, s);
      }
      if (!s.includes(':')) continue;
      const six = parseIPv6(s);
      assert.is(six.ok, isIPv6(s) && !s.includes('%'), `parseIPv6(${JSON.stringify(s)}): ${reason(six)}`);
      if (six.ok) {
        valid6++;
        assert.is(url(six.ip.text), url(s), s);
        assert.is(six.ip.text, formatIPv6(six.ip.bytes));
      }
      assert.equal(parseIp(s), six, s);
    }
  }
  // Both families were exercised, valid and not.
  assert.ok(valid4 > 10_000 && valid6 > 10_000, `${valid4} valid IPv4, ${valid6} valid IPv6`);
});

test.run();
