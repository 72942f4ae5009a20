// Exact behaviour of scripts/lib/domain.ts: LDH syntax and its reasons, canonical form, zone
// membership, special-use suffixes and mixed-script labels.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalName, checkHostname, isAtOrBelow, isLdhLabel, mixedScriptLabel, specialUseSuffix, toUnicode } from '../../scripts/lib/domain.js';

const why = (name: string, opts?: { minLabels?: number }) => {
  const r = checkHostname(name, opts);
  return r.ok ? 'ok' : r.reason;
};

test('isLdhLabel: lower-case letters, digits, inner hyphens, 1 to 63 octets', () => {
  for (const s of ['a', '0', 'ab', 'a1', 'a-b', 'a--b', 'x'.repeat(63), '9z'])
    assert.is(isLdhLabel(s), true, s);
  for (const s of ['', '-', '-a', 'a-', 'A', 'aB', 'a_b', 'a.b', '.a', 'a.', 'x'.repeat(64), 'é', 'a b'])
    assert.is(isLdhLabel(s), false, s);
});

test('checkHostname: valid names, label count and the 253 limit', () => {
  assert.equal(checkHostname('node1.example.org'), { ok: true });
  assert.is(why('a.b'), 'ok');
  assert.is(why(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`), 'ok', '253 characters');
  assert.is(why(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`), 'the name is 254 characters; the limit is 253 (RFC 1035 §2.3.4)');
  assert.is(why(''), 'the name is empty');
  assert.is(why('localhost'), 'a fully qualified name has at least 2 labels');
  assert.is(why('localhost', { minLabels: 1 }), 'ok');
  assert.is(why('a.b', { minLabels: 3 }), 'a fully qualified name has at least 3 labels');
  assert.is(why('a.b.c', { minLabels: 3 }), 'ok');
  assert.is(why('a.b', {}), 'ok', 'minLabels defaults to 2');
});

test('checkHostname: every label reason', () => {
  const empty = 'the name has an empty label (two dots in a row, or a leading dot)';
  assert.is(why('a..b'), empty);
  assert.is(why('.a.b'), empty);
  assert.is(why('a.b.'), empty);
  assert.is(why(`${'a'.repeat(63)}.org`), 'ok');
  assert.is(why(`${'a'.repeat(64)}.org`), `the label "${'a'.repeat(20)}…" is 64 characters; the limit is 63 (RFC 1035 §2.3.4)`);
  assert.is(why('*.example.org'), 'wildcards are not allowed: give the node’s own name');
  assert.is(why('ex_ample.org'), 'the label "ex_ample" has an underscore; host names are letters, digits and hyphens (RFC 952, RFC 1123 §2.1)');
  assert.is(why('-a.org'), 'the label "-a" starts or ends with a hyphen (RFC 952)');
  assert.is(why('a.b-.org'), 'the label "b-" starts or ends with a hyphen (RFC 952)');
  assert.is(why('a$b.org'), 'the label "a$b" has characters other than letters, digits and hyphens (RFC 1123 §2.1)');
  assert.is(why('Ab.org'), 'the label "Ab" has characters other than letters, digits and hyphens (RFC 1123 §2.1)');
  assert.is(why('a*.org'), 'the label "a*" has characters other than letters, digits and hyphens (RFC 1123 §2.1)');
  assert.is(why('ab--c.org'), 'the label "ab--c" has "--" in positions 3–4, reserved for IDNA (RFC 5891 §4.2.3.1)');
  assert.is(why('xn--abc.org'), 'the label "xn--abc" is not a valid IDNA A-label');
  assert.is(why('xn--bcher-kva.example'), 'ok');
  assert.is(why('a--b.org'), 'ok', '"--" elsewhere is fine');
  assert.is(why('abc-d.org'), 'ok');
  assert.is(why('ab-cd.org'), 'ok', 'a hyphen at position 3 alone is fine');
  assert.is(why('abc--d.org'), 'ok', '"--" at positions 4–5 is fine');
  assert.is(why('a.123'), 'the top-level label is all digits: that is an address, not a name');
  assert.is(why('192.0.2.1'), 'the top-level label is all digits: that is an address, not a name');
  assert.is(why('a.1a'), 'ok');
  assert.is(why('a.a1'), 'ok');
  assert.is(why('123.org'), 'ok', 'only the top-level label');
});

test('canonicalName: lower case, A-labels, no trailing dot; undefined for what cannot be a name', () => {
  assert.is(canonicalName('Example.ORG.'), 'example.org');
  assert.is(canonicalName('example.org'), 'example.org');
  assert.is(canonicalName('a.'), 'a');
  assert.is(canonicalName('BÜCHER.example.'), 'xn--bcher-kva.example');
  assert.is(canonicalName('XN--BCHER-KVA.example'), 'xn--bcher-kva.example');
  assert.is(canonicalName('ex_ample.org'), 'ex_ample.org', 'syntax is checked later, by checkHostname');
  assert.is(canonicalName('!~'), '!~', 'printable ASCII passes through');
  assert.is(canonicalName('XN--ABC.org'), 'xn--abc.org', 'ASCII is only lower-cased: checkHostname names the bad A-label');
  assert.is(canonicalName('A%B.org'), 'a%b.org');
  for (const bad of ['', 'a b', ' a', 'a ', 'a\tb', 'a\u007fb', 'a\u0000', 'ab\uffff.com', 'a\u0378.com', '\u00a0'])
    assert.is(canonicalName(bad), undefined, JSON.stringify(bad));
});

test('toUnicode: U-labels for display, the input when it is not valid punycode', () => {
  assert.is(toUnicode('xn--bcher-kva.example'), 'bücher.example');
  assert.is(toUnicode('example.org'), 'example.org');
  assert.is(toUnicode('xn--abc'), 'xn--abc');
});

test('isAtOrBelow: the zone itself and names under it, not look-alike suffixes', () => {
  assert.is(isAtOrBelow('example.org', 'example.org'), true);
  assert.is(isAtOrBelow('a.b.example.org', 'example.org'), true);
  assert.is(isAtOrBelow('badexample.org', 'example.org'), false);
  assert.is(isAtOrBelow('example.org', 'a.example.org'), false);
  assert.is(isAtOrBelow('org', 'example.org'), false);
});

test('specialUseSuffix: every RFC 6761-family suffix with its citation', () => {
  const cases: Array<[string, string, string]> = [
    ['node.test', 'test', 'RFC 6761 §6.2'],
    ['test', 'test', 'RFC 6761 §6.2'],
    ['a.example', 'example', 'RFC 6761 §6.5'],
    ['www.example.com', 'example.com', 'RFC 6761 §6.5'],
    ['example.net', 'example.net', 'RFC 6761 §6.5'],
    ['a.example.org', 'example.org', 'RFC 6761 §6.5'],
    ['x.invalid', 'invalid', 'RFC 6761 §6.4'],
    ['localhost', 'localhost', 'RFC 6761 §6.3'],
    ['printer.local', 'local', 'RFC 6762'],
    ['abc.onion', 'onion', 'RFC 7686'],
    ['nas.home.arpa', 'home.arpa', 'RFC 8375'],
    ['x.alt', 'alt', 'RFC 9476'],
  ];
  for (const [name, suffix, citation] of cases) assert.equal(specialUseSuffix(name), { suffix, citation }, name);
  for (const name of ['example.co', 'arpa', 'in-addr.arpa', 'testing.org', 'mytest', 'localhost.org', 'notexample.com'])
    assert.is(specialUseSuffix(name), undefined, name);
});

test('mixedScriptLabel: look-alike scripts mixed in one A-label', () => {
  assert.equal(mixedScriptLabel('xn--pypal-4ve.example'), { label: 'pаypal', scripts: ['Latin', 'Cyrillic'] });
  assert.equal(mixedScriptLabel('xn--papal-q9d.example'), { label: 'paγpal', scripts: ['Latin', 'Greek'] });
  assert.equal(mixedScriptLabel('xn--pypal-feg.example'), { label: 'pաypal', scripts: ['Latin', 'Armenian'] });
  assert.equal(mixedScriptLabel('xn--pypal-m8x.example'), { label: 'pᎠypal', scripts: ['Latin', 'Cherokee'] });
  assert.equal(mixedScriptLabel('xn--pypal-6pu.example'), { label: 'pაypal', scripts: ['Latin', 'Georgian'] });
  assert.is(mixedScriptLabel('xn--80ak6aa92e.example'), undefined, 'all Cyrillic');
  assert.is(mixedScriptLabel('xn--bcher-kva.example'), undefined, 'all Latin');
  assert.is(mixedScriptLabel('paypal.example'), undefined, 'ASCII labels are not decoded');
  assert.equal(mixedScriptLabel('xn--bcher-kva.xn--pypal-4ve.example'), { label: 'pаypal', scripts: ['Latin', 'Cyrillic'] }, 'a later label');
});

test.run();
