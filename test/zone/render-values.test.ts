// render() and parseRendered() value by value: the exact refusal for each bad input, the
// RRset size limit, and which texts parseRendered() reads back and which it refuses.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ZoneValueError } from '../../scripts/zone/canonical.js';
import type { RRset } from '../../scripts/zone/records.js';
import { DEFAULT_MAX_RRSET, HEADER, parseRendered, render, withSerial } from '../../scripts/zone/render.js';

const soa: RRset = { name: 'z.example.', type: 'SOA', ttl: 60, values: ['ns.z.example. h.z.example. 7 2 3 4 5'] };
const ns: RRset = { name: 'z.example.', type: 'NS', ttl: 60, values: ['ns.z.example.'] };
const a: RRset = { name: 'ns.z.example.', type: 'A', ttl: 30, values: ['192.0.2.2', '192.0.2.1'] };
const aaaa: RRset = { name: 'ns.z.example.', type: 'AAAA', ttl: 30, values: ['2001:db8::1'] };
const cname: RRset = { name: 'www.z.example.', type: 'CNAME', ttl: 40, values: ['elsewhere.example.'] };

const TEXT = [
  HEADER,
  '$ORIGIN z.example.',
  '$TTL 60',
  'z.example.\t60\tIN\tSOA\tns.z.example. h.z.example. 7 2 3 4 5',
  'z.example.\t60\tIN\tNS\tns.z.example.',
  'ns.z.example.\t30\tIN\tA\t192.0.2.1',
  'ns.z.example.\t30\tIN\tA\t192.0.2.2',
  'ns.z.example.\t30\tIN\tAAAA\t2001:db8::1',
  'www.z.example.\t40\tIN\tCNAME\telsewhere.example.',
  '',
].join('\n');

/** The ZoneValueError message `fn` throws (fails on any other outcome). */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.instance(e, ZoneValueError);
    return (e as Error).message;
  }
  assert.unreachable('expected a ZoneValueError');
  return '';
}

const addresses = (n: number) => Array.from({ length: n }, (_, i) => `10.0.${i >> 8}.${i & 255}`);

test('render: the exact text, records sorted, addresses in byte order', () => {
  assert.is(render('z.example.', 60, [cname, aaaa, a, ns, soa]), TEXT);
  assert.is(render('z.example.', 60, [soa, ns, a, aaaa, cname], {}), TEXT);
});

test('render: refusals name what and where', () => {
  assert.is(refusal(() => render('Z.example.', 60, [soa])), 'refusing to write zone origin "Z.example.": not a lower-case LDH name with a trailing dot');
  assert.is(refusal(() => render('z.example.', -1, [soa])), 'refusing to write $TTL -1: not an integer in 0..2147483647');
  assert.is(refusal(() => render('z.example.', 60, [])), 'refusing to write a zone without an SOA at z.example.');
  assert.is(refusal(() => render('z.example.', 60, [{ ...soa, name: 'sub.z.example.' }])), 'refusing to write a zone without an SOA at z.example.');
  assert.is(refusal(() => render('z.example.', 60, [soa, { ...soa, name: 'sub.z.example.' }])), 'refusing to write a zone with more than one SOA');
  assert.is(refusal(() => render('z.example.', 60, [{ ...soa, values: [soa.values[0]!, 'ns.z.example. h.z.example. 8 2 3 4 5'] }])), 'refusing to write a zone with more than one SOA');
  assert.is(refusal(() => render('z.example.', 60, [soa, { ...cname, name: 'a b.z.example.' }])), 'refusing to write owner name of a CNAME RRset "a b.z.example.": not a lower-case LDH name with a trailing dot');
  assert.is(refusal(() => render('z.example.', 60, [soa, { ...a, ttl: 1.5 }])), 'refusing to write TTL of ns.z.example. A 1.5: not an integer in 0..2147483647');
  assert.is(refusal(() => render('z.example.', 60, [soa, { ...a, values: [] }])), 'refusing to write an empty A RRset at ns.z.example.');
  assert.is(refusal(() => render('z.example.', 60, [soa, { ...cname, values: ['x_y.example.'] }])), 'refusing to write CNAME data at www.z.example. "x_y.example.": not a lower-case LDH name with a trailing dot');
  assert.is(refusal(() => render('z.example.', 60, [soa, { ...ns, values: ['ns.z.example'] }])), 'refusing to write NS data at z.example. "ns.z.example": not a lower-case LDH name with a trailing dot');
  assert.is(refusal(() => render('z.example.', 60, [soa, { ...a, type: 'TXT' as 'A', values: ['"x"'] }])), 'refusing to write record type "TXT"');
  assert.is(refusal(() => render('z.example.', 60, [soa, { ...a, values: ['192.0.2.01'] }])), 'refusing to write "192.0.2.01": not an IPv4 address');
  assert.is(refusal(() => render('z.example.', 60, [soa, { ...aaaa, values: ['2001:DB8::1'] }])), 'refusing to write "2001:DB8::1": not canonical (expected 2001:db8::1)');
});

test('render: every SOA field is checked', () => {
  const withSoa = (v: unknown) => () => render('z.example.', 60, [{ ...soa, values: [v as string] }]);
  const at = 'refusing to write SOA data at z.example.';
  assert.is(refusal(withSoa('ns.z.example. h.z.example. 1 2 3 4')), `${at} "ns.z.example. h.z.example. 1 2 3 4": expected 7 fields`);
  assert.is(refusal(withSoa('ns.z.example. h.z.example. 1 2 3 4 5 6')), `${at} "ns.z.example. h.z.example. 1 2 3 4 5 6": expected 7 fields`);
  assert.is(refusal(withSoa(7)), `${at} 7: expected 7 fields`);
  assert.is(refusal(withSoa('NS.z.example. h.z.example. 1 2 3 4 5')), 'refusing to write SOA MNAME "NS.z.example.": not a lower-case LDH name with a trailing dot');
  assert.is(refusal(withSoa('ns.z.example. h@z.example. 1 2 3 4 5')), 'refusing to write SOA RNAME "h@z.example.": not a lower-case LDH name with a trailing dot');
  for (const n of ['x', '01', '1x', 'x1', '-1', '12345678901', ''])
    assert.is(refusal(withSoa(`ns.z.example. h.z.example. 1 2 3 ${n} 5`)), `${at} "ns.z.example. h.z.example. 1 2 3 ${n} 5": ${JSON.stringify(n)} is not a number`, n);
  assert.is(refusal(withSoa('ns.z.example. h.z.example. 4294967296 2 3 4 5')), 'refusing to write SOA field 4294967296: not an integer in 0..4294967295');
  assert.is(refusal(withSoa('ns.z.example. h.z.example. 1 2 3 4 4294967296')), 'refusing to write SOA field 4294967296: not an integer in 0..4294967295');
  assert.match(render('z.example.', 60, [{ ...soa, values: ['ns.z.example. h.z.example. 4294967295 0 0 0 0'] }]), '\tSOA\tns.z.example. h.z.example. 4294967295 0 0 0 0\n');
});

test('render: the RRset size limit (BIND max-records-per-type)', () => {
  assert.is(DEFAULT_MAX_RRSET, 100);
  const big = (n: number): RRset => ({ name: 'api.z.example.', type: 'A', ttl: 60, values: addresses(n) });
  assert.is(render('z.example.', 60, [soa, big(100)]).split('\n').length, 4 + 100 + 1);
  assert.is(
    refusal(() => render('z.example.', 60, [soa, big(101)])),
    'the A RRset at api.z.example. would hold 101 records, more than 100: BIND (max-records-per-type, default 100) refuses to load such a zone. Raise max-records-per-type on every server and pass --max-rrset 101 (0 = no limit), or publish fewer addresses',
  );
  assert.is(render('z.example.', 60, [soa, big(101)], { maxRecordsPerRRset: 0 }).split('\n').length, 4 + 101 + 1, '0 = no limit');
  assert.is(render('z.example.', 60, [soa, big(3)], { maxRecordsPerRRset: 3 }).split('\n').length, 4 + 3 + 1);
  assert.match(refusal(() => render('z.example.', 60, [soa, big(4)], { maxRecordsPerRRset: 3 })), /^the A RRset at api\.z\.example\. would hold 4 records, more than 3: /);
  assert.match(refusal(() => render('z.example.', 60, [soa, big(2)], { maxRecordsPerRRset: 1 })), /would hold 2 records, more than 1: /);
});

test('parseRendered: reads back what render wrote', () => {
  const p = parseRendered(TEXT);
  assert.equal(p, {
    origin: 'z.example.',
    ttl: 60,
    serial: 7,
    sets: [
      { name: 'z.example.', type: 'SOA', ttl: 60, values: ['ns.z.example. h.z.example. 7 2 3 4 5'] },
      { name: 'z.example.', type: 'NS', ttl: 60, values: ['ns.z.example.'] },
      { name: 'ns.z.example.', type: 'A', ttl: 30, values: ['192.0.2.1', '192.0.2.2'] },
      { name: 'ns.z.example.', type: 'AAAA', ttl: 30, values: ['2001:db8::1'] },
      { name: 'www.z.example.', type: 'CNAME', ttl: 40, values: ['elsewhere.example.'] },
    ],
  });
  assert.equal(parseRendered(TEXT.slice(0, -1)), p, 'without the final newline');
  const soaLast = TEXT.replace(/^(z\.example\.\t60\tIN\tSOA\t[^\n]*\n)(z\.example\.\t60\tIN\tNS\t[^\n]*\n)/m, '$2$1');
  assert.is.not(soaLast, TEXT);
  assert.is(parseRendered(soaLast)?.serial, 7, 'the serial comes from the SOA wherever it is');
  assert.is(parseRendered(TEXT.replace(' 7 2 3', ' 0 2 3'))?.serial, 0);
  assert.is(parseRendered(TEXT.replace(' 7 2 3', ' 4294967295 2 3'))?.serial, 4294967295);
});

test('parseRendered: anything not in render()\'s exact shape is refused, never guessed at', () => {
  const refused: Array<[string, string]> = [
    ['empty', ''],
    ['one line', 'garbage'],
    ['another header', TEXT.replace(HEADER, '; hand-written')],
    ['no $ORIGIN', TEXT.replace('$ORIGIN z.example.', '; no origin')],
    ['no $TTL', TEXT.replace('$TTL 60', '; no ttl')],
    ['text before $ORIGIN', TEXT.replace('$ORIGIN', ' $ORIGIN')],
    ['text after $ORIGIN', TEXT.replace('$ORIGIN z.example.', '$ORIGIN z.example. x')],
    ['text before $TTL', TEXT.replace('$TTL', 'x$TTL')],
    ['text after $TTL', TEXT.replace('$TTL 60', '$TTL 60x')],
    ['a record of another type', TEXT + 'a.z.example.\t60\tIN\tTXT\t"x"\n'],
    ['a blank line', TEXT + '\n'],
    ['space before a record', TEXT.replace('ns.z.example.\t30\tIN\tAAAA', ' ns.z.example.\t30\tIN\tAAAA')],
    ['CRLF line ends', TEXT.replace('elsewhere.example.\n', 'elsewhere.example.\r\n')],
    ['a carriage return inside a value', TEXT.replace('elsewhere.example.', 'else\rwhere.example.')],
    ['two TTLs in one RRset', TEXT.replace('ns.z.example.\t30\tIN\tA\t192.0.2.2', 'ns.z.example.\t31\tIN\tA\t192.0.2.2')],
    ['no SOA', TEXT.replace(/^z\.example\.\t60\tIN\tSOA\t[^\n]*\n/m, '')],
    ['negative serial', TEXT.replace(' 7 2 3', ' -1 2 3')],
    ['serial past 2^32-1', TEXT.replace(' 7 2 3', ' 4294967296 2 3')],
    ['fractional serial', TEXT.replace(' 7 2 3', ' 7.5 2 3')],
    ['SOA without a serial', TEXT.replace('h.z.example. 7 2 3 4 5', 'h.z.example.')],
  ];
  for (const [label, text] of refused) {
    assert.is.not(text, TEXT, label);
    assert.is(parseRendered(text), undefined, label);
  }
});

test('withSerial: replaces the third SOA field and nothing else', () => {
  const sets = [soa, ns, a];
  const out = withSerial(sets, 4294967295);
  assert.equal(out[0], { ...soa, values: ['ns.z.example. h.z.example. 4294967295 2 3 4 5'] });
  assert.is(out[1], ns);
  assert.is(out[2], a);
  assert.equal(soa.values, ['ns.z.example. h.z.example. 7 2 3 4 5'], 'the input is not changed');
});

test.run();
