// parseP2pAddress, case by case with the whole result (host, port, isIp, or the exact reason):
// the port at 0/1/65535/65536 and at 5/6 digits, brackets for IPv6 only, IPv4-looking names,
// and the characters that betray a node ID, a scheme or a list.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatHostPort, P2P_PORT, parseP2pAddress } from '../../scripts/tendermint/address.js';

const ok = (host: string, port: number, isIp: boolean) => ({ ok: true, host, port, isIp });
const bad = (reason: string) => ({ ok: false, reason });
const odd = (c: string) => bad(`it contains "${c}": give one host:port, without node ID, scheme, list or spaces`);
const range = (p: number) => bad(`port ${p} is out of range (1–65535)`);
const nan = (p: string) => bad(`port "${p}" is not a number`);
const brackets = bad('an IPv6 address needs brackets: [2001:db8::1]:26656');

const CASES: Array<[string, ReturnType<typeof ok> | ReturnType<typeof bad>]> = [
  // names: lower-cased, a trailing dot dropped, the default port
  ['p2p.example.org:26656', ok('p2p.example.org', 26656, false)],
  ['P2P.Example.ORG.:1', ok('p2p.example.org', 1, false)],
  ['example.org', ok('example.org', 26656, false)],
  ['node-1.example.org:26600', ok('node-1.example.org', 26600, false)],
  ['node.example9', ok('node.example9', 26656, false)],
  ['1node.example.org', ok('1node.example.org', 26656, false)],
  // the port: 1..65535, one to five digits
  ['example.org:65535', ok('example.org', 65535, false)],
  ['example.org:00001', ok('example.org', 1, false)],
  ['example.org:65536', range(65536)],
  ['example.org:99999', range(99999)],
  ['example.org:0', range(0)],
  ['example.org:123456', nan('123456')],
  ['example.org:', nan('')],
  ['example.org:1x', nan('1x')],
  ['example.org:x1', nan('x1')],
  // IP addresses: re-serialised, brackets for IPv6 and only for IPv6
  ['192.0.2.1:26656', ok('192.0.2.1', 26656, true)],
  ['192.0.2.1', ok('192.0.2.1', 26656, true)],
  ['[2001:DB8:0::1]:26600', ok('2001:db8::1', 26600, true)],
  ['[2001:db8::1]', ok('2001:db8::1', 26656, true)],
  ['[2001:db8::1]:', nan('')],
  ['[2001:db8::1]:0', range(0)],
  ['[192.0.2.1]:26656', bad('brackets are for IPv6 addresses only')],
  ['[example.org]:26656', bad('"example.org" is not an IPv6 address')],
  ['2001:db8::1', brackets],
  ['a:b:c', brackets],
  ['[2001:db8::1]x', brackets],
  ['x[2001:db8::1]:26656', brackets],
  ['example.org[::1]', brackets],
  // digits and dots only: an IPv4 address or nothing, never a name
  ['192.0.2.256', bad('"192.0.2.256" is not a valid IPv4 address ("256" is not a number from 0 to 255)')],
  ['1.2.3', bad('"1.2.3" is not a valid IPv4 address (an IPv4 address has exactly four dot-separated decimal numbers)')],
  ['1.2.3:26656', bad('"1.2.3" is not a valid IPv4 address (an IPv4 address has exactly four dot-separated decimal numbers)')],
  // not one host:port
  ['tcp://x', odd('/')],
  ['0123456789abcdef0123456789abcdef01234567@example.org:26656', odd('@')],
  ['a.example.org:26656,b.example.org:26656', odd(',')],
  [' example.org', odd(' ')],
  ['exa_mple.org', odd('_')],
  // host names that are not
  ['localhost', bad('"localhost": a fully qualified name has at least 2 labels')],
  ['a..example.org', bad('"a..example.org": the name has an empty label (two dots in a row, or a leading dot)')],
  ['-a.example.org', bad('"-a.example.org": the label "-a" starts or ends with a hyphen (RFC 952)')],
  ['', bad('"": it is not a host name')],
  [':26656', bad('"": it is not a host name')],
];

for (const [text, expected] of CASES) {
  test(`parseP2pAddress(${JSON.stringify(text)})`, () => {
    assert.equal(parseP2pAddress(text), expected);
  });
}

test('the default port is 26656', () => {
  assert.is(P2P_PORT, 26656);
});

test('formatHostPort: brackets for IPv6 only', () => {
  assert.is(formatHostPort('2001:db8::1', 26656), '[2001:db8::1]:26656');
  assert.is(formatHostPort('192.0.2.1', 1), '192.0.2.1:1');
  assert.is(formatHostPort('example.org', 65535), 'example.org:65535');
});

test.run();
