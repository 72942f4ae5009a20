// Exact behaviour of scripts/pki/names.ts: presented-name syntax, RFC 9525 matching with the
// public-suffix refusal, and RFC 5280 name-constraint matching for DNS names and addresses.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dnsIdMatches, dnsInSubtree, ipInSubtree, ipText, isPublicSuffix, isValidDnsConstraint, isValidPresentedDns, withinDns } from '../../scripts/pki/names.js';

const long = (n: number) => {
  // Labels of 63 joined by dots, cut to n characters, never ending in a dot or hyphen.
  const s = Array.from({ length: 5 }, () => 'a'.repeat(63)).join('.').slice(0, n);
  return s.endsWith('.') ? s.slice(0, -1) + 'b' : s;
};

test('isValidPresentedDns: LDH labels, a wildcard only as the whole left-most label, 1 to 253 characters', () => {
  for (const n of ['example.com', 'Example.COM', '*.example.com', 'a-b.example', 'x', long(253)]) assert.is(isValidPresentedDns(n), true, n);
  for (const n of ['', '*', 'a.*.com', '*a.example.com', 'a*.example.com', '**.example.com', 'ex_ample.com', 'a..b', '.a.b', 'bücher.de', '-a.com', long(254), '*.']) assert.is(isValidPresentedDns(n), false, n);
  assert.is(long(253).length, 253);
  assert.is(long(254).length, 254);
});

test('isPublicSuffix: ICANN and private sections, single labels, any case', () => {
  for (const n of ['', 'com', 'COM', 'co.uk', 'CO.UK', 's3.amazonaws.com', 'github.io', 'localhost']) assert.is(isPublicSuffix(n), true, n);
  for (const n of ['example.com', 'example.co.uk', 'a.github.io', 'Example.COM']) assert.is(isPublicSuffix(n), false, n);
});

test('dnsIdMatches: exact names and one-label wildcards (RFC 9525 §6.3), never over a public suffix', () => {
  const cases: Array<[string, string, boolean]> = [
    ['example.com', 'example.com', true],
    ['Example.COM.', 'example.com', true],
    ['example.com', 'EXAMPLE.com.', true],
    ['a.example.com', 'example.com', false],
    ['example.com', 'a.example.com', false],
    ['*.example.com', 'a.example.com', true],
    ['*.Example.com.', 'A.example.COM', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'a.b.example.com', false],
    ['*.example.com', '.example.com', false],
    ['*.example.com', 'a.example.org', false],
    ['*.example.com', 'aexample.com', false],
    ['*.com', 'example.com', false],
    ['*.co.uk', 'example.co.uk', false],
    ['*.s3.amazonaws.com', 'bucket.s3.amazonaws.com', false],
    ['*.example.co.uk', 'www.example.co.uk', true],
    ['a*.example.com', 'ab.example.com', false],
    ['*a.example.com', 'ba.example.com', false],
    ['*.*.example.com', 'a.b.example.com', false],
    ['*.a*.example.com', 'x.ab.example.com', false],
    ['x.*.example.com', 'x.y.example.com', false],
    ['*', 'x', false],
    ['*bc.example.com', 'x.c.example.com', false],
    ['a*b.example.com', 'x.b.example.com', false],
    ['*.*.example.com', 'a.*.example.com', false],
    ['*.', 'a..', false],
  ];
  for (const [p, r, want] of cases) assert.is(dnsIdMatches(p, r), want, `${p} vs ${r}`);
});

test('isValidDnsConstraint: LDH labels or empty; no wildcard, no leading dot', () => {
  for (const c of ['', 'example.com', 'Example.COM', 'com']) assert.is(isValidDnsConstraint(c), true, c);
  for (const c of ['.example.com', '*.example.com', 'a..b', 'ex_ample.com', 'example.com.']) assert.is(isValidDnsConstraint(c), false, c);
});

test('withinDns: the base itself or names under it, any case; empty base is everything', () => {
  assert.is(withinDns('a.example.com', 'example.com'), true);
  assert.is(withinDns('example.com', 'example.com'), true);
  assert.is(withinDns('A.EXAMPLE.com', 'example.COM'), true);
  assert.is(withinDns('anything.org', ''), true);
  assert.is(withinDns('badexample.com', 'example.com'), false);
  assert.is(withinDns('example.com', 'a.example.com'), false);
});

test('dnsInSubtree: plain names, and wildcards inside or reaching into a subtree', () => {
  assert.equal(dnsInSubtree('a.example.com', 'example.com'), { inside: true, touches: true });
  assert.equal(dnsInSubtree('other.com', 'example.com'), { inside: false, touches: false });
  assert.equal(dnsInSubtree('abexample.com', 'example.com'), { inside: false, touches: false });
  assert.equal(dnsInSubtree('*.example.com', 'example.com'), { inside: true, touches: true });
  assert.equal(dnsInSubtree('*.a.example.com', 'example.com'), { inside: true, touches: true });
  assert.equal(dnsInSubtree('*.example.com', 'a.example.com'), { inside: false, touches: true }, 'the wildcard can stand for "a"');
  assert.equal(dnsInSubtree('*.EXAMPLE.com', 'A.example.COM'), { inside: false, touches: true });
  assert.equal(dnsInSubtree('*.example.com', 'a.b.example.com'), { inside: false, touches: false }, 'one label only');
  assert.equal(dnsInSubtree('*.example.com', 'xexample.com'), { inside: false, touches: false });
  assert.equal(dnsInSubtree('*.example.com', 'other.com'), { inside: false, touches: false });
  assert.equal(dnsInSubtree('*.com', 'example.com'), { inside: false, touches: true });
  assert.equal(dnsInSubtree('*.example.com', ''), { inside: true, touches: true });
});

test('ipInSubtree: address and mask, same family only', () => {
  const b = (...n: number[]) => Buffer.from(n);
  assert.is(ipInSubtree(b(192, 0, 2, 5), b(192, 0, 2, 0, 255, 255, 255, 0)), true);
  assert.is(ipInSubtree(b(192, 0, 3, 5), b(192, 0, 2, 0, 255, 255, 255, 0)), false);
  assert.is(ipInSubtree(b(192, 0, 3, 5), b(192, 0, 2, 0, 255, 255, 254, 0)), true, '/23');
  assert.is(ipInSubtree(b(192, 0, 4, 5), b(192, 0, 2, 0, 255, 255, 254, 0)), false);
  assert.is(ipInSubtree(b(192, 0, 2, 5), b(192, 0, 2, 1, 255, 255, 255, 0)), true, 'host bits of the constraint are masked');
  assert.is(ipInSubtree(b(193, 0, 2, 5), b(192, 0, 2, 0, 255, 255, 255, 0)), false, 'first byte');
  assert.is(ipInSubtree(b(192, 0, 2, 5), b(192, 0, 2, 4, 255, 255, 255, 255)), false, 'last byte');
  assert.is(ipInSubtree(b(192, 0, 2, 5), b(0, 0, 0, 0, 0, 0, 0, 0)), true, 'mask 0 is everything');
  assert.is(ipInSubtree(b(192, 0, 2, 5), Buffer.alloc(32)), false, 'IPv6 constraint, IPv4 address');
  assert.is(ipInSubtree(Buffer.alloc(16), b(0, 0, 0, 0, 0, 0, 0, 0)), false, 'IPv4 constraint, IPv6 address');
  const v6 = Buffer.alloc(16);
  v6[0] = 0x20;
  v6[1] = 0x01;
  v6[15] = 1;
  const c6 = Buffer.alloc(32);
  c6[0] = 0x20;
  c6[1] = 0x01;
  c6.fill(0xff, 16, 18);
  assert.is(ipInSubtree(v6, c6), true, '2001::/16');
  c6[1] = 0x02;
  assert.is(ipInSubtree(v6, c6), false, '2002::/16');
});

test('ipText: dotted IPv4, uncompressed IPv6, hex for anything else', () => {
  assert.is(ipText(Buffer.from([192, 0, 2, 1])), '192.0.2.1');
  const v6 = Buffer.alloc(16);
  v6.writeUInt16BE(0x2001, 0);
  v6.writeUInt16BE(0x0db8, 2);
  v6.writeUInt16BE(0xabcd, 14);
  assert.is(ipText(v6), '2001:db8:0:0:0:0:0:abcd');
  assert.is(ipText(Buffer.from([1, 2, 0xab])), '0102ab');
  assert.is(ipText(Buffer.alloc(0)), '');
});

test.run();
