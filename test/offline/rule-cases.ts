// The per-rule table (ESLint style): for every offline rule id, `valid` cases where the rule
// reports nothing and `invalid` cases with the exact rule, severity, file, line and column.
// Every case runs on its own small consortium: NET below plus members/alpha.yaml, then the
// case's own files. Positions are 1-based and point at the offending YAML value (or key).
import type { Severity } from '../../scripts/findings.js';
import type { Content } from '../helpers/consortium.js';

export interface Expect {
  rule: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  /** Substrings the message must contain. */
  has?: string[];
  /** Substrings the message must not contain. */
  lacks?: string[];
}

export interface Case {
  name: string;
  /** network.yaml text; default NET. */
  network?: string;
  /** Member files by name; merged over { 'alpha.yaml': ALPHA }; null removes. */
  members?: Record<string, Content | null>;
  /** invalid cases: exactly the findings (the background's network/relaxed-policy notice aside). */
  expect?: Expect[];
  /** valid cases: other rules whose errors this case tolerates in its own files. */
  others?: string[];
}

export interface RuleCases {
  valid: Case[];
  invalid: Case[];
}

// ---- the background consortium -------------------------------------------------------

/** A network.yaml with fixed line numbers (commented on the right for the table below). */
export const NET = [
  'name: Test Net', // 1
  'domain: bdbnetwork.io', // 2
  'shared_name: api.bdbnetwork.io', // 3
  'member_names: nodes', // 4
  'zone:', // 5
  '  ttl: 3600', // 6
  '  shared_ttl: 300', // 7
  '  member_ttl: 3600', // 8
  '  soa:', // 9
  '    mname: ns1.bdbnetwork.io', // 10
  '    rname: hostmaster.bdbnetwork.io', // 11
  '    refresh: 7200', // 12
  '    retry: 3600', // 13
  '    expire: 1209600', // 14
  '    minimum: 300', // 15
  '  nameservers:', // 16
  '    - name: ns1.bdbnetwork.io', // 17
  '      ipv4: [8.8.4.4]', // 18
  '      ipv6: ["2001:4860:4860::8844"]', // 19
  '    - name: ns2.dns-host.net', // 20
  '  guard:', // 21
  '    max_change_percent: 30', // 22
  '    min_records: 10', // 23
  'policy:', // 24
  '  allow_address_classes: [documentation]', // 25
  '  allow_special_use_names: []', // 26
  '  diversity:', // 27
  '    ipv4_prefix: 24', // 28
  '    ipv6_prefix: 48', // 29
  'governance:', // 30
  '  join: { fraction: 2/3, min: 1 }', // 31
  '  update: { fraction: 0/1, min: 1 }', // 32
  '  leave: { fraction: 0/1, min: 0 }', // 33
  'live:', // 34
  '  resolvers: [1.1.1.1, "127.0.0.1:5353", "[2620:fe::fe]:53"]', // 35
  '  timeout_ms: 3000', // 36
  '  retries: 2', // 37
  '  concurrency: 64', // 38
  '  proof_label: _planetmint', // 39
  '  require_proof: join', // 40
  '  certificate_warning_days: 21', // 41
  '  shared_name_coverage: notice', // 42
  '  ca_files: []', // 43
  '',
].join('\n');

/** A consortium domain of 186 characters: with "nodes" and a 63-character id, 256. */
export const LONG_DOMAIN = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(50)}.bdbnetwork.io`;

/** NET with one exact edit (the text must occur). */
export function net(...edits: Array<[string, string]>): string {
  let t = NET;
  for (const [a, b] of edits) {
    if (!t.includes(a)) throw new Error(`NET has no "${a}"`);
    t = t.replace(a, b);
  }
  return t;
}

/** Production policy: no special-purpose addresses, no special-use names. */
export const STRICT = net(['allow_address_classes: [documentation]', 'allow_address_classes: []']);

export interface MemberFields {
  id?: string;
  name?: string;
  country?: string;
  email?: string;
  github?: string;
  status?: string;
  domain?: string;
  ipv4?: string;
  ipv6?: string;
  api?: string;
  /** Raw lines appended after the node mapping. */
  extra?: string;
}

/**
 * A member file with fixed line numbers; values are raw YAML.
 *   1 id   3 organization.name   4 country   6 contacts[0].email   7 github   8 status
 *   9 node   10 domain   11 ipv4   12 ipv6   13 api (if given)
 * Value columns: id 5, name 9, country 12, email 12, github[0] 10, status 9, domain 11,
 * ipv4[0] 10, ipv6[0] 10, api 8.
 */
export function member(f: MemberFields = {}): string {
  const lines = [
    `id: ${f.id ?? 'zed'}`,
    'organization:',
    `  name: ${f.name ?? 'Zed Org'}`,
    `  country: ${f.country ?? 'DE'}`,
    'contacts:',
    `  - email: ${f.email ?? 'ops@zed-node.net'}`,
    `github: ${f.github ?? '[zed-ops]'}`,
    `status: ${f.status ?? 'active'}`,
    'node:',
    `  domain: ${f.domain ?? 'zed-node.net'}`,
    `  ipv4: ${f.ipv4 ?? '[198.51.100.99]'}`,
    `  ipv6: ${f.ipv6 ?? '["2001:db8:99::1"]'}`,
  ];
  if (f.api !== undefined) lines.push(`  api: ${f.api}`);
  return `${lines.join('\n')}\n${f.extra ?? ''}`;
}

export const ALPHA = member({
  id: 'alpha',
  name: 'Alpha Org',
  email: 'ops@alpha-node.net',
  github: '[alpha-ops]',
  domain: 'alpha-node.net',
  ipv4: '[192.0.2.10]',
  ipv6: '["2001:db8:a::10"]',
});

/** { 'zed.yaml': member(f) } (file named after the id). */
export function zed(f: MemberFields = {}): Record<string, string> {
  return { [`${f.id ?? 'zed'}.yaml`]: member(f) };
}

/** Without alpha (for strict-policy cases: alpha uses documentation addresses). */
export function alone(f: MemberFields = {}): Record<string, Content | null> {
  return { 'alpha.yaml': null, ...zed(f) };
}

const Z = 'members/zed.yaml';
const N = 'network.yaml';

function E(rule: string, severity: Severity, file: string, line: number, column: number, has: string[] = [], lacks: string[] = []): Expect {
  return { rule, severity, file, line, column, has, lacks };
}
const err = (rule: string, file: string, line: number, column: number, ...has: string[]) => E(rule, 'error', file, line, column, has);

/** n extra members m0..m(n-1) with distinct public addresses, names and logins. */
export function many(n: number, extra: (i: number) => MemberFields = () => ({})): Record<string, Content> {
  const out: Record<string, Content> = {};
  for (let i = 0; i < n; i++) {
    out[`m${i}.yaml`] = member({ id: `m${i}`, domain: `m${i}-node.net`, email: `ops@m${i}-node.net`, github: `[m${i}-ops]`, ipv4: `[11.${i}.0.1]`, ipv6: '[]', ...extra(i) });
  }
  return out;
}

/** A member file padded with a comment to exactly `size` bytes. */
function padded(size: number): string {
  const base = member();
  const fill = size - base.length - 3; // "# " + "\n"
  return `${base}# ${'x'.repeat(fill)}\n`;
}

const FULL = [
  'id: zed',
  'organization:',
  '  name: Zürich Öl & Gas AG',
  '  country: CH',
  '  website: https://zed-node.net/',
  'contacts:',
  '  - email: first.last+noc@zed-node.net',
  '    name: Zed NOC',
  '    role: technical',
  '  - email: security@zed-node.net',
  '    role: security',
  'github: [Zed-Ops, zed-sre-2]',
  'status: suspended',
  'joined: 2026-02-28',
  'node:',
  '  domain: zed-node.net',
  '  ipv4: [198.51.100.99, 198.51.100.98]',
  '  ipv6: ["2001:db8:99::1"]',
  '  api: https://zed-node.net:8443/api/',
  '  tendermint:',
  '    node_id: 3868373cbeea552388f019751f39da4826f7763d',
  '    pub_key: DIumpIPHNRyBhc3jlDynt34rtC6SERApFnZy9mIBG9E=',
  '    address: 9BCAB0E074083DEF41D37097464FBE8CABD0A248',
  '    p2p_address: p2p.zed-node.net:26656',
  '    power: 10',
  '  certificate_pins: [47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=]',
  '',
].join('\n');

const L63 = 'a'.repeat(63);
const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

// ---- the table -------------------------------------------------------------------------

export const cases: Record<string, RuleCases> = {
  // ---------------- loading ----------------
  'yaml/not-regular-file': {
    valid: [{ name: 'a regular file', members: { 'zed.yaml': member() } }],
    invalid: [
      { name: 'symbolic link to a file outside the repository', members: { 'zed.yaml': { symlink: '/etc/hostname' } }, expect: [err('yaml/not-regular-file', Z, 1, 1, 'symbolic link')] },
    ],
  },
  'yaml/too-large': {
    valid: [{ name: 'exactly 64 KiB', members: { 'zed.yaml': padded(64 * 1024) } }],
    invalid: [{ name: 'one byte over 64 KiB', members: { 'zed.yaml': padded(64 * 1024 + 1) }, expect: [err('yaml/too-large', Z, 1, 1, '65536')] }],
  },
  'yaml/encoding': {
    valid: [
      { name: 'UTF-8 with BOM and non-ASCII text', members: { 'zed.yaml': `\ufeff${member({ name: 'Zürich Öl AG 東京' })}` } },
    ],
    invalid: [
      { name: 'Latin-1 byte', members: { 'zed.yaml': bytes('id: zed\norganization:\n  name: Z', [0xfc], 'rich\n') }, expect: [err('yaml/encoding', Z, 3, 10, 'offset 31')] },
      { name: 'overlong encoding of "/"', members: { 'zed.yaml': bytes('id: zed\n# ', [0xc0, 0xaf], '\n') }, expect: [err('yaml/encoding', Z, 2, 3, 'not valid UTF-8')] },
      { name: 'UTF-16 surrogate encoded as UTF-8', members: { 'zed.yaml': bytes('id: ', [0xed, 0xa0, 0x80], '\n') }, expect: [err('yaml/encoding', Z, 1, 5)] },
      { name: 'NUL byte', members: { 'zed.yaml': member({ name: 'Zed\u0000Org' }) }, expect: [err('yaml/encoding', Z, 3, 12, 'NUL')] },
    ],
  },
  'yaml/multi-document': {
    valid: [{ name: 'explicit start and end markers around one document', members: { 'zed.yaml': `---\n${member()}...\n` } }],
    invalid: [{ name: 'two documents', members: { 'zed.yaml': `${member()}---\nid: other\n` }, expect: [err('yaml/multi-document', Z, 13, 1, '2 YAML documents')] }],
  },
  'yaml/duplicate-key': {
    valid: [{ name: 'same key name in different mappings', members: { 'zed.yaml': member({ extra: '  api: https://zed-node.net/\n' }).replace('  name: Zed Org', '  name: Zed Org\n  website: https://zed-node.net/') } }],
    invalid: [
      { name: 'top-level key twice', members: { 'zed.yaml': member({ extra: 'status: suspended\n' }) }, expect: [err('yaml/duplicate-key', Z, 13, 1, '"status"')] },
      { name: 'nested key twice', members: { 'zed.yaml': member({ extra: '  domain: evil.net\n' }) }, expect: [err('yaml/duplicate-key', Z, 13, 3, '"domain"')] },
    ],
  },
  'yaml/tab': {
    valid: [{ name: 'tab before a comment, not indentation', members: { 'zed.yaml': member({ status: 'active\t# primary' }) } }],
    invalid: [
      { name: 'tab as indentation', members: { 'zed.yaml': member().replace('  domain:', '\tdomain:') }, expect: [err('yaml/tab', Z, 10, 1), err('yaml/syntax', Z, 10, 10, 'Implicit keys need to be on a single line'), err('yaml/syntax', Z, 10, 10, 'Nested mappings are not allowed'), err('yaml/syntax', Z, 12, 1, 'same column')] },
      { name: 'tab after spaces in indentation', members: { 'zed.yaml': member().replace('  ipv4:', ' \tipv4:') }, expect: [err('yaml/tab', Z, 11, 2), err('yaml/syntax', Z, 11, 1, 'same column'), err('yaml/syntax', Z, 12, 1, 'same column')] },
    ],
  },
  'yaml/syntax': {
    valid: [{ name: 'quoted values with colons and hashes', members: { 'zed.yaml': member({ name: '"Zed: #1 Org"' }) } }],
    invalid: [
      { name: 'unterminated quote', members: { 'zed.yaml': member({ name: '"Zed Org' }) }, expect: [err('yaml/syntax', Z, 3, 17, 'Missing closing "quote')] },
      { name: 'unclosed flow sequence', members: { 'zed.yaml': member({ github: '[zed-ops' }) }, expect: [err('yaml/syntax', Z, 8, 1, 'Flow sequence')] },
      { name: '3-space key among 2-space siblings: the slip itself, not the lines after it', members: { 'zed.yaml': member().replace('  domain:', '   domain:') }, expect: [err('yaml/syntax', Z, 10, 4, 'Line 10 is indented by 3 spaces, but its sibling at line 11 by 2', 'indent line 10 by 2 spaces')] },
      { name: 'key indented under a line that holds a value', members: { 'zed.yaml': member().replace('  country:', '   country:') }, expect: [err('yaml/syntax', Z, 4, 4, 'Line 4 is indented further than line 3, which holds a value')] },
      { name: 'list items at two columns', members: { 'zed.yaml': member({ github: '\n   - zed-ops\n  - zed-admin' }) }, expect: [err('yaml/syntax', Z, 9, 3, 'Line 9 is indented by 2 spaces, but its sibling at line 8 by 3')] },
    ],
  },
  'yaml/alias': {
    valid: [{ name: '& and * inside text', members: { 'zed.yaml': member({ name: 'Zed & Co *Org*' }) } }],
    invalid: [
      { name: 'anchor and alias: the alias is reported', members: { 'zed.yaml': member({ name: '&n Zed Org', extra: 'x: *n\n' }) }, expect: [err('yaml/alias', Z, 13, 4, 'not allowed')] },
      { name: 'unused anchor: its value is reported', members: { 'zed.yaml': member({ name: '&n Zed Org' }) }, expect: [err('yaml/alias', Z, 3, 12)] },
      { name: 'alias to an anchor defined on a mapping', members: { 'zed.yaml': member().replace('node:\n', 'node: &n\n') + 'copy: *n\n' }, expect: [err('yaml/alias', Z, 13, 7)] },
    ],
  },
  'yaml/not-mapping': {
    valid: [{ name: 'mapping after leading comments', members: { 'zed.yaml': `# a comment\n\n${member()}` } }],
    invalid: [
      { name: 'list root', members: { 'zed.yaml': '- id: zed\n' }, expect: [err('yaml/not-mapping', Z, 1, 1, 'mapping')] },
      { name: 'scalar root', members: { 'zed.yaml': '\nzed\n' }, expect: [err('yaml/not-mapping', Z, 2, 1, 'mapping')] },
      { name: 'empty file', members: { 'zed.yaml': '' }, expect: [err('yaml/not-mapping', Z, 1, 1, 'empty')] },
      { name: 'only a comment', members: { 'zed.yaml': '# nothing here\n' }, expect: [err('yaml/not-mapping', Z, 1, 1, 'empty')] },
    ],
  },

  // ---------------- schema ----------------
  'schema/missing-key': {
    valid: [{ name: 'every optional key given', members: { 'zed.yaml': FULL } }],
    invalid: [
      { name: 'no status', members: { 'zed.yaml': member().replace('status: active\n', '') }, expect: [err('schema/missing-key', Z, 1, 1, 'the top level', '"status"')] },
      { name: 'no node.domain', members: { 'zed.yaml': member().replace('  domain: zed-node.net\n', '') }, expect: [err('schema/missing-key', Z, 9, 1, 'node is missing', '"domain"')] },
      { name: 'network.yaml without shared_name', network: net(['shared_name: api.bdbnetwork.io\n', '']), expect: [err('schema/missing-key', N, 1, 1, '"shared_name"')] },
    ],
  },
  'schema/unknown-key': {
    valid: [{ name: 'every documented key', members: { 'zed.yaml': FULL } }],
    invalid: [
      { name: 'unknown top-level key', members: { 'zed.yaml': member({ extra: 'website: https://zed-node.net/\n' }) }, expect: [err('schema/unknown-key', Z, 13, 1, '"website"', 'Allowed keys')] },
      { name: 'typo with suggestion', members: { 'zed.yaml': member().replace('  domain:', '  domian:') }, expect: [err('schema/unknown-key', Z, 10, 3, '"domian"', 'Did you mean "domain"?'), err('schema/missing-key', Z, 9, 1, 'required key "domain"')] },
      { name: 'unknown key in network.yaml', network: net(['  ttl: 3600', '  ttl: 3600\n  tll: 60']), expect: [err('schema/unknown-key', N, 7, 3, '"tll"', '"ttl"')] },
    ],
  },
  'schema/wrong-type': {
    valid: [{ name: 'all-digit id quoted as text', members: { '42.yaml': member({ id: '"42"' }) } }],
    invalid: [
      { name: 'number id', members: { '42.yaml': member({ id: '42' }) }, expect: [err('schema/wrong-type', 'members/42.yaml', 1, 5, 'id must be text, not a number', 'Quote it')] },
      {
        name: 'decimal fraction: no "Quote it" (quoting would fail too); the N/D to write instead',
        network: net(['join: { fraction: 2/3', 'join: { fraction: 0.66']),
        expect: [{ ...err('schema/wrong-type', N, 31, 21, 'as N/D', 'Write 2/3 (or 33/50 for exactly 0.66)'), lacks: ['Quote it'] }],
      },
      { name: 'ipv4 as a string', members: { 'zed.yaml': member({ ipv4: '"198.51.100.99"' }) }, expect: [err('schema/wrong-type', Z, 11, 9, 'node.ipv4 must be a list')] },
      { name: 'unquoted 127.1 reads as a number', members: { 'zed.yaml': member({ ipv4: '[127.1]' }) }, expect: [err('schema/wrong-type', Z, 11, 10, 'node.ipv4[0] must be text')] },
      { name: 'organization as text', members: { 'zed.yaml': member().replace('organization:\n  name: Zed Org\n  country: DE\n', 'organization: Zed Org\n') }, expect: [err('schema/wrong-type', Z, 2, 15, 'organization must be a mapping')] },
      { name: 'network ttl as text', network: net(['  ttl: 3600', '  ttl: one hour']), expect: [err('schema/wrong-type', N, 6, 8, 'zone.ttl must be a whole number')] },
      { name: '.nan is named, not called a number', network: net(['max_change_percent: 30', 'max_change_percent: .nan']), expect: [err('schema/wrong-type', N, 22, 25, 'must be a number, not NaN')] },
      { name: '!!binary is named, not called a mapping', members: zed({ name: '!!binary aGVsbG8=' }), expect: [err('schema/wrong-type', Z, 3, 18, 'organization.name must be text, not binary data')] },
    ],
  },
  'schema/invalid-value': {
    valid: [
      { name: 'status suspended, date joined', members: { 'zed.yaml': member({ status: 'suspended', extra: 'joined: 2026-02-03\n' }) } },
      { name: 'shared_max_addresses fit and 64', network: net(['  shared_ttl: 300', '  shared_ttl: 300\n  shared_max_addresses: 64']) },
    ],
    invalid: [
      { name: 'unknown status', members: { 'zed.yaml': member({ status: 'retired' }) }, expect: [err('schema/invalid-value', Z, 8, 9, '"retired"', 'active, suspended')] },
      { name: 'joined not a date', members: { 'zed.yaml': member({ extra: 'joined: 2026-13-01\n' }) }, expect: [err('schema/invalid-value', Z, 13, 9, '"2026-13-01"', 'YYYY-MM-DD')] },
      { name: 'governance fraction 1/0', network: net(['join: { fraction: 2/3', 'join: { fraction: 1/0']), expect: [err('schema/invalid-value', N, 31, 21, '"1/0"')] },
      { name: 'quoted decimal fraction gets the N/D to write', network: net(['join: { fraction: 2/3', 'join: { fraction: "0.5"']), expect: [err('schema/invalid-value', N, 31, 21, '"0.5"', 'Write 1/2.')] },
      { name: 'policy class listed twice', network: net(['allow_address_classes: [documentation]', 'allow_address_classes: [documentation, documentation]']), expect: [err('schema/invalid-value', N, 25, 26, 'policy.allow_address_classes', 'duplicate')] },
      { name: 'unknown policy class', network: net(['allow_address_classes: [documentation]', 'allow_address_classes: [public]']), expect: [err('schema/invalid-value', N, 25, 27, '"public"', 'documentation, private')] },
      {
        name: 'shared_max_addresses neither "fit" nor 1-100: one finding, not one per alternative',
        network: net(['  shared_ttl: 300', '  shared_ttl: 300\n  shared_max_addresses: 500']),
        expect: [err('schema/invalid-value', N, 8, 25, '"500"', '"fit" (default) or a whole number 1-100')],
      },
    ],
  },
  'schema/size': {
    valid: [{ name: 'one contact, one login', members: zed() }],
    invalid: [
      { name: 'no contacts', members: { 'zed.yaml': member().replace('contacts:\n  - email: ops@zed-node.net\n', 'contacts: []\n') }, expect: [err('schema/size', Z, 5, 11, 'contacts must list at least 1 entry')] },
      { name: 'no github logins', members: { 'zed.yaml': member({ github: '[]' }) }, expect: [err('schema/size', Z, 7, 9, 'github must list at least 1 entry')] },
      { name: 'login over 39 characters', members: { 'zed.yaml': member({ github: `[${'z'.repeat(40)}]` }) }, expect: [err('schema/size', Z, 7, 10, 'longer than 39')] },
    ],
  },

  // ---------------- member rules ----------------
  'member/api-url': {
    valid: [
      { name: 'https on the node domain with port and path', members: zed({ api: 'https://zed-node.net:8443/api/' }) },
      { name: 'host compared case-insensitively and in A-label form', members: zed({ domain: 'xn--bcher-kva.net', api: 'https://Bücher.NET/' }) },
      { name: 'no api (default https://<domain>/)', members: zed() },
    ],
    invalid: [
      { name: 'http', members: zed({ api: 'http://zed-node.net/' }), expect: [err('member/api-url', Z, 13, 8, '"http://zed-node.net/"', 'uses http;')] },
      { name: 'another host', members: zed({ api: 'https://api.other.net/' }), expect: [err('member/api-url', Z, 13, 8, '"api.other.net"', 'zed-node.net')] },
      { name: 'node domain as a prefix of another host', members: zed({ api: 'https://zed-node.net.evil.com/' }), expect: [err('member/api-url', Z, 13, 8, '"zed-node.net.evil.com"')] },
      { name: 'not a URL', members: zed({ api: 'zed-node.net/api' }), expect: [err('member/api-url', Z, 13, 8, 'is not a URL', 'https://zed-node.net/')] },
      { name: 'credentials and query', members: zed({ api: 'https://u:p@zed-node.net/?x=1' }), expect: [err('member/api-url', Z, 13, 8, 'credentials and a query')] },
      { name: 'port 0', members: zed({ api: 'https://zed-node.net:0/' }), expect: [err('member/api-url', Z, 13, 8, 'port 0')] },
    ],
  },
  'member/contact-email': {
    valid: [
      { name: 'dot-atom with plus', members: zed({ email: 'first.last+noc@zed-node.net' }) },
      { name: 'international domain', members: zed({ email: 'noc@bücher.net' }) },
    ],
    invalid: [
      { name: 'no @', members: zed({ email: 'ops.zed-node.net' }), expect: [err('member/contact-email', Z, 6, 12, '"ops.zed-node.net"', 'no "@"')] },
      { name: 'space in local part', members: zed({ email: '"a b@zed-node.net"' }), expect: [err('member/contact-email', Z, 6, 12, 'invalid part before "@"')] },
      { name: 'underscore domain', members: zed({ email: 'ops@zed_node.net' }), expect: [err('member/contact-email', Z, 6, 12, 'invalid domain after "@"')] },
      { name: 'header injection with a newline', members: zed({ email: '"ops@zed-node.net\\nBcc: all@evil.net"' }), expect: [err('member/contact-email', Z, 6, 12, '\\n')] },
    ],
  },
  'member/country-code': {
    valid: [{ name: 'SG', members: zed({ country: 'SG' }) }],
    invalid: [
      { name: 'lower case', members: zed({ country: 'de' }), expect: [err('member/country-code', Z, 4, 12, '"de"', 'upper case: DE')] },
      { name: 'UK', members: zed({ country: 'UK' }), expect: [err('member/country-code', Z, 4, 12, '"UK"', 'GB')] },
      { name: 'unassigned', members: zed({ country: 'XX' }), expect: [err('member/country-code', Z, 4, 12, '"XX"')] },
      { name: 'a country name', members: zed({ country: 'Germany' }), expect: [err('member/country-code', Z, 4, 12, '"Germany"', 'for Germany write DE')] },
      { name: 'a country name in its own language, any case', members: zed({ country: 'ÖSTERREICH' }), expect: [err('member/country-code', Z, 4, 12, 'write AT')] },
      { name: 'USA', members: zed({ country: 'USA' }), expect: [err('member/country-code', Z, 4, 12, 'write US')] },
    ],
  },
  'member/domain-canonical': {
    valid: [{ name: 'A-label form', members: zed({ domain: 'xn--bcher-zed-q9a.net' }) }],
    invalid: [
      { name: 'upper case and trailing dot', members: zed({ domain: 'Zed-Node.NET.' }), expect: [err('member/domain-canonical', Z, 10, 11, '"zed-node.net"')] },
      { name: 'U-label', members: zed({ domain: 'bücher-zed.net' }), expect: [err('member/domain-canonical', Z, 10, 11, '"xn--bcher-zed-q9a.net"', 'A-label form of "bücher-zed.net"')] },
    ],
  },
  'member/domain-in-consortium-zone': {
    valid: [
      { name: 'suffix without a label boundary', members: zed({ domain: 'notbdbnetwork.io' }) },
      { name: 'consortium domain as a prefix', members: zed({ domain: 'bdbnetwork.io.zed-node.net' }) },
    ],
    invalid: [
      { name: 'below the consortium domain', members: zed({ domain: 'zed.bdbnetwork.io' }), expect: [err('member/domain-in-consortium-zone', Z, 10, 11, '"zed.bdbnetwork.io"', 'bdbnetwork.io')] },
      { name: 'the apex, in upper case with a dot', members: zed({ domain: 'BDBNETWORK.IO.' }), expect: [err('member/domain-in-consortium-zone', Z, 10, 11, '"bdbnetwork.io"'), err('member/domain-canonical', Z, 10, 11, '"bdbnetwork.io"')] },
      { name: 'inside the member-names subtree', members: zed({ domain: 'zed.nodes.bdbnetwork.io' }), expect: [err('member/domain-in-consortium-zone', Z, 10, 11)] },
    ],
  },
  'member/domain-mixed-script': {
    valid: [
      { name: 'one script (Cyrillic), A-label', members: zed({ domain: 'xn----htbbbjd2awjd.net' }) },
      { name: 'Latin with diacritics', members: zed({ domain: 'xn--bcher-kva.net' }) },
    ],
    invalid: [
      { name: 'Cyrillic а in a Latin label (U-label)', members: zed({ domain: 'pаypal-zed.net' }), expect: [err('member/domain-mixed-script', Z, 10, 11, 'Latin and Cyrillic', '"pаypal-zed"'), err('member/domain-canonical', Z, 10, 11, '"xn--pypal-zed-0yh.net"')] },
      { name: 'Cyrillic а in a Latin label (A-label)', members: zed({ domain: 'xn--pypal-zed-0yh.net' }), expect: [err('member/domain-mixed-script', Z, 10, 11, 'Latin and Cyrillic')] },
    ],
  },
  'member/domain-special-use': {
    valid: [
      { name: '.test allowed by policy', network: net(['allow_special_use_names: []', 'allow_special_use_names: [test]']), members: zed({ domain: 'zed.test' }) },
      { name: 'special label not at the end', members: zed({ domain: 'test.local-zed.net' }) },
    ],
    invalid: [
      { name: '.test', members: zed({ domain: 'zed.test' }), expect: [err('member/domain-special-use', Z, 10, 11, '.test', 'RFC 6761', 'allow_special_use_names')] },
      { name: '.local', members: zed({ domain: 'zed.local' }), expect: [err('member/domain-special-use', Z, 10, 11, '.local', 'RFC 6762')] },
      { name: '.onion', members: zed({ domain: 'zedzedzedzedzedz.onion' }), expect: [err('member/domain-special-use', Z, 10, 11, 'RFC 7686')] },
      { name: 'home.arpa', members: zed({ domain: 'zed.home.arpa' }), expect: [err('member/domain-special-use', Z, 10, 11, 'home.arpa')] },
      { name: '.alt', members: zed({ domain: 'zed.alt' }), expect: [err('member/domain-special-use', Z, 10, 11, 'RFC 9476')] },
      { name: '.invalid', members: zed({ domain: 'zed.invalid' }), expect: [err('member/domain-special-use', Z, 10, 11, '.invalid')] },
      { name: '.localhost', members: zed({ domain: 'zed.localhost' }), expect: [err('member/domain-special-use', Z, 10, 11, '.localhost')] },
      { name: 'example.com', members: zed({ domain: 'zed.example.com' }), expect: [err('member/domain-special-use', Z, 10, 11, 'example.com')] },
      { name: 'allowed .test does not allow .local', network: net(['allow_special_use_names: []', 'allow_special_use_names: [test]']), members: zed({ domain: 'zed.local' }), expect: [err('member/domain-special-use', Z, 10, 11, '.local')] },
    ],
  },
  'member/domain-syntax': {
    valid: [
      { name: '63-character label', members: zed({ domain: `${L63}.net` }) },
      { name: '253-character name', members: zed({ domain: `${L63}.${L63}.${L63}.${'b'.repeat(61)}` }) },
    ],
    invalid: [
      { name: 'wildcard', members: zed({ domain: '"*.x.com"' }), expect: [err('member/domain-syntax', Z, 10, 11, '"*.x.com"', 'wildcard')] },
      { name: 'underscore', members: zed({ domain: 'zed_node.net' }), expect: [err('member/domain-syntax', Z, 10, 11, 'underscore')] },
      { name: '64-character label', members: zed({ domain: `${L63}a.net` }), expect: [err('member/domain-syntax', Z, 10, 11, 'is 64 characters', 'limit is 63')] },
      { name: '254-character name', members: zed({ domain: `${L63}.${L63}.${L63}.${'b'.repeat(62)}` }), expect: [err('member/domain-syntax', Z, 10, 11, '254 characters', 'limit is 253')] },
      { name: 'single label', members: zed({ domain: 'zednode' }), expect: [err('member/domain-syntax', Z, 10, 11, 'at least 2 labels')] },
      { name: 'leading hyphen', members: zed({ domain: '-zed.net' }), expect: [err('member/domain-syntax', Z, 10, 11, 'hyphen')] },
      { name: 'an IPv4 address', members: zed({ domain: '198.51.100.99' }), expect: [err('member/domain-syntax', Z, 10, 11, 'all digits')] },
      { name: 'space', members: zed({ domain: '"zed node.net"' }), expect: [err('member/domain-syntax', Z, 10, 11, 'cannot be a domain name')] },
      { name: 'empty label', members: zed({ domain: 'zed..net' }), expect: [err('member/domain-syntax', Z, 10, 11, 'empty label')] },
      { name: '-- in positions 3-4', members: zed({ domain: 'ab--zed.net' }), expect: [err('member/domain-syntax', Z, 10, 11, 'IDNA')] },
      { name: 'semicolon and $INCLUDE', members: zed({ domain: '"zed.net; $INCLUDE /etc/passwd"' }), expect: [err('member/domain-syntax', Z, 10, 11, 'cannot be a domain name')] },
      { name: 'parenthesis', members: zed({ domain: '"zed(.net"' }), expect: [err('member/domain-syntax', Z, 10, 11, 'zed(.net')] },
    ],
  },
  'member/file-name-matches-id': {
    valid: [{ name: 'zed.yaml holds id zed; dot files ignored', members: { ...zed(), '.gitkeep': '' } }],
    invalid: [
      { name: 'id differs from the file name', members: { 'zed.yaml': member({ id: 'zod', domain: 'zod-node.net' }) }, expect: [err('member/file-name-matches-id', Z, 1, 5, '"zed.yaml"', '"zod"', 'zod.yaml')] },
      { name: '.yml extension', members: { 'zed.yml': member() }, expect: [err('member/file-name-matches-id', 'members/zed.yml', 1, 1, '"zed.yml"')] },
    ],
  },
  'member/github-login': {
    valid: [{ name: 'mixed case, digits, 39 characters', members: zed({ github: `[Zed-Ops-2, ${'z'.repeat(39)}]` }) }],
    invalid: [
      { name: '@mention', members: zed({ github: '["@zed-ops"]' }), expect: [err('member/github-login', Z, 7, 10, '"@zed-ops"', 'without the leading "@"')] },
      { name: 'team slug', members: zed({ github: '[zed-org/ops]' }), expect: [err('member/github-login', Z, 7, 10, 'teams are not accepted')] },
      { name: 'double hyphen, second entry', members: zed({ github: '[zed-ops, zed--sre]' }), expect: [err('member/github-login', Z, 7, 19, 'github[1] "zed--sre"')] },
      { name: 'email instead of login', members: zed({ github: '[ops@zed-node.net]' }), expect: [err('member/github-login', Z, 7, 10, '"ops@zed-node.net"')] },
    ],
  },
  'member/id-syntax': {
    valid: [
      { name: 'one character', members: zed({ id: 'z' }) },
      { name: '63 characters', members: zed({ id: 'z'.repeat(63) }) },
    ],
    invalid: [
      { name: 'upper case', members: zed({ id: 'Zed' }), expect: [err('member/id-syntax', 'members/Zed.yaml', 1, 5, '"Zed"', 'e.g. zed')] },
      { name: 'underscore', members: zed({ id: 'zed_1' }), expect: [err('member/id-syntax', 'members/zed_1.yaml', 1, 5, 'e.g. zed-1')] },
      { name: 'leading hyphen', members: zed({ id: '-zed' }), expect: [err('member/id-syntax', 'members/-zed.yaml', 1, 5, '"-zed"')] },
      { name: 'IDNA-reserved --', members: zed({ id: 'ze--d' }), expect: [err('member/id-syntax', 'members/ze--d.yaml', 1, 5, 'reserved for IDNA')] },
    ],
  },
  'member/ip-not-public': {
    valid: [
      { name: 'global unicast under strict policy', network: STRICT, members: alone({ ipv4: '[9.9.9.9]', ipv6: '["2620:fe::fe"]' }) },
      { name: '2001:db8::1 allowed by policy [documentation]', members: zed({ ipv6: '["2001:db8::1"]' }) },
      { name: 'IPv4-mapped public address is judged as IPv4', network: STRICT, members: alone({ ipv4: '[9.9.9.9]', ipv6: '["::ffff:149.112.112.112"]' }), others: ['member/ip-wrong-family'] },
    ],
    invalid: [
      { name: '2001:db8::1 without the policy', network: STRICT, members: alone({ ipv4: '[9.9.9.9]', ipv6: '["2001:db8::1"]' }), expect: [err('member/ip-not-public', Z, 12, 10, '"2001:db8::1"', 'documentation', 'allow_address_classes')] },
      { name: 'TEST-NET-1 without the policy', network: STRICT, members: alone({ ipv4: '[192.0.2.1]', ipv6: '[]' }), expect: [err('member/ip-not-public', Z, 11, 10, 'TEST-NET-1', 'RFC 5737')] },
      { name: 'private (policy allows documentation only)', members: zed({ ipv4: '[10.1.2.3]' }), expect: [err('member/ip-not-public', Z, 11, 10, 'private-use', 'RFC 1918')] },
      { name: 'loopback', members: zed({ ipv4: '[127.0.0.1]' }), expect: [err('member/ip-not-public', Z, 11, 10, 'loopback')] },
      { name: '0.0.0.0 is never allowable', members: zed({ ipv4: '[0.0.0.0]' }), expect: [E('member/ip-not-public', 'error', Z, 11, 10, ['"this network"'], ['allow_address_classes'])] },
      { name: 'multicast', members: zed({ ipv4: '[198.51.100.99, 224.0.0.1]' }), expect: [err('member/ip-not-public', Z, 11, 25, 'multicast')] },
      { name: 'broadcast', members: zed({ ipv4: '[255.255.255.255]' }), expect: [err('member/ip-not-public', Z, 11, 10, 'reserved')] },
      { name: '4000::1 outside 2000::/3', members: zed({ ipv6: '["4000::1"]' }), expect: [err('member/ip-not-public', Z, 12, 10, 'outside 2000::/3')] },
      { name: 'link-local IPv6', members: zed({ ipv6: '["fe80::1"]' }), expect: [err('member/ip-not-public', Z, 12, 10, 'link-local')] },
      { name: 'unique local IPv6', members: zed({ ipv6: '["fd00::1"]' }), expect: [err('member/ip-not-public', Z, 12, 10, 'unique local')] },
      { name: '::ffff:127.0.0.1 judged as IPv4 loopback', members: zed({ ipv6: '["::ffff:127.0.0.1"]' }), expect: [err('member/ip-not-public', Z, 12, 10, '"::ffff:127.0.0.1"', 'in 127.0.0.0/8', 'loopback'), err('member/ip-wrong-family', Z, 12, 10, 'list 127.0.0.1 under node.ipv4')] },
    ],
  },
  'member/ip-syntax': {
    valid: [{ name: 'full IPv6 form with upper-case hex', members: zed({ ipv6: '["2001:DB8:99:0:0:0:0:1"]' }) }],
    invalid: [
      { name: '0x7f.1', members: zed({ ipv4: '["0x7f.1"]' }), expect: [err('member/ip-syntax', Z, 11, 10, '"0x7f.1"', 'exactly four')] },
      { name: '127.1', members: zed({ ipv4: '["127.1"]' }), expect: [err('member/ip-syntax', Z, 11, 10, '"127.1"', 'exactly four')] },
      { name: '010.0.0.1', members: zed({ ipv4: '["010.0.0.1"]' }), expect: [err('member/ip-syntax', Z, 11, 10, 'leading zero')] },
      { name: '0x7f.0.0.1', members: zed({ ipv4: '["0x7f.0.0.1"]' }), expect: [err('member/ip-syntax', Z, 11, 10, 'hexadecimal')] },
      { name: '256.1.1.1', members: zed({ ipv4: '[256.1.1.1]' }), expect: [err('member/ip-syntax', Z, 11, 10, '"256"')] },
      { name: 'fe80::1%eth0', members: zed({ ipv6: '["fe80::1%eth0"]' }), expect: [err('member/ip-syntax', Z, 12, 10, '"fe80::1%eth0"', 'zone ids')] },
      { name: 'two ::', members: zed({ ipv6: '["2001:db8::1::2"]' }), expect: [err('member/ip-syntax', Z, 12, 10, '"::" may appear only once')] },
      { name: 'brackets', members: zed({ ipv6: '["[2001:db8::1]"]' }), expect: [err('member/ip-syntax', Z, 12, 10, 'brackets')] },
      { name: 'leading zero in embedded IPv4', members: zed({ ipv6: '["::ffff:010.0.0.1"]' }), expect: [err('member/ip-syntax', Z, 12, 10, 'embedded IPv4')] },
    ],
  },
  'member/ip-wrong-family': {
    valid: [{ name: 'each address in its list', members: zed() }],
    invalid: [
      { name: 'IPv6 in ipv4', members: zed({ ipv4: '["2001:db8::5"]' }), expect: [err('member/ip-wrong-family', Z, 11, 10, '"2001:db8::5"', 'node.ipv6')] },
      { name: 'IPv4 in ipv6', members: zed({ ipv6: '[198.51.100.7]' }), expect: [err('member/ip-wrong-family', Z, 12, 10, 'move it to node.ipv4')] },
      { name: 'IPv4-mapped in ipv6', members: zed({ ipv6: '["::ffff:198.51.100.7"]' }), expect: [err('member/ip-wrong-family', Z, 12, 10, 'IPv4-mapped form of 198.51.100.7')] },
    ],
  },
  'member/name-collision': {
    valid: [{ name: 'id "api" under member_names nodes', members: zed({ id: 'api' }) }],
    invalid: [
      {
        name: 'id equals the shared name label when member_names is ""',
        network: net(['member_names: nodes', 'member_names: ""']),
        members: zed({ id: 'api' }),
        expect: [err('member/name-collision', 'members/api.yaml', 1, 5, '"api"', 'api.bdbnetwork.io', 'the shared name')],
      },
      {
        name: 'id equals a name server label',
        network: net(['member_names: nodes', 'member_names: ""']),
        members: zed({ id: 'ns1' }),
        expect: [err('member/name-collision', 'members/ns1.yaml', 1, 5, 'name server ns1.bdbnetwork.io')],
      },
      {
        name: 'the shared name lies below the member name',
        network: net(['member_names: nodes', 'member_names: ""'], ['shared_name: api.bdbnetwork.io', 'shared_name: api.eu.bdbnetwork.io']),
        members: zed({ id: 'eu' }),
        expect: [err('member/name-collision', 'members/eu.yaml', 1, 5, 'eu.bdbnetwork.io', 'the shared name')],
      },
    ],
  },
  'member/zone-name-length': {
    valid: [{ name: 'a 63-character id under a short domain', members: zed({ id: 'x'.repeat(63) }) }],
    invalid: [
      {
        name: 'id + member_names + a long domain over 253 characters',
        network: NET.replaceAll('bdbnetwork.io', LONG_DOMAIN),
        members: zed({ id: 'x'.repeat(63) }),
        expect: [err('member/zone-name-length', `members/${'x'.repeat(63)}.yaml`, 1, 5, '256 characters', 'at most 253', 'at most 60 characters')],
      },
    ],
  },
  'member/network-diversity': {
    valid: [
      { name: 'different /24 and /48', members: zed() },
      { name: 'one member with two addresses in one /24', members: zed({ ipv4: '[198.51.100.1, 198.51.100.2]' }) },
    ],
    invalid: [
      { name: 'same IPv4 /24', members: zed({ ipv4: '[192.0.2.99]' }), expect: [E('member/network-diversity', 'warning', Z, 11, 10, ['192.0.2.99', '/24', '192.0.2.10', 'members/alpha.yaml'])] },
      { name: 'same IPv6 /48', members: zed({ ipv6: '["2001:db8:a:ffff::1"]' }), expect: [E('member/network-diversity', 'warning', Z, 12, 10, ['/48', '2001:db8:a::10', 'members/alpha.yaml'])] },
      { name: 'policy prefix /16', network: net(['ipv4_prefix: 24', 'ipv4_prefix: 16']), members: zed({ ipv4: '[192.0.3.1]' }), expect: [E('member/network-diversity', 'warning', Z, 11, 10, ['/16'])] },
    ],
  },
  'member/no-address': {
    valid: [{ name: 'IPv6 only', members: zed({ ipv4: '[]' }) }],
    invalid: [
      { name: 'empty lists', members: zed({ ipv4: '[]', ipv6: '[]' }), expect: [err('member/no-address', Z, 9, 1, 'no address')] },
      { name: 'no address keys', members: { 'zed.yaml': member().replace(/ {2}ipv[46]: .*\n/g, '') }, expect: [err('member/no-address', Z, 9, 1)] },
    ],
  },
  'member/plain-text': {
    valid: [{ name: 'non-ASCII letters and punctuation', members: zed({ name: '"Zürich Öl & Gas AG (東京) — «ops»"' }) }],
    invalid: [
      { name: 'bidi override in organization.name', members: zed({ name: '"Zed \\u202Egro"' }), expect: [E('member/plain-text', 'error', Z, 3, 9, ['organization.name', '\\u202e'], ['\u202e'])] },
      { name: 'newline in organization.name', members: zed({ name: '"Zed\\nOrg"' }), expect: [E('member/plain-text', 'error', Z, 3, 9, ['\\n'], ['\n'])] },
      { name: 'zero-width space in a contact name', members: zed({ email: 'ops@zed-node.net\n    name: "Bo\\u200Bb"' }), expect: [err('member/plain-text', Z, 7, 11, 'contacts[0].name', '\\u200b')] },
    ],
  },
  'member/unique-domain': {
    valid: [
      { name: 'subdomain of another member', members: zed({ domain: 'zed.alpha-node.net' }) },
      { name: 'one text that cannot be a name in two files (member/domain-syntax reports it)', members: { ...zed({ domain: '"zed node.net"' }), ...zed({ id: 'zod', domain: '"zed node.net"', github: '[zod]', ipv4: '[203.0.113.9]', ipv6: '[]' }) }, others: ['member/domain-syntax'] },
    ],
    invalid: [
      { name: 'case and trailing dot', members: zed({ domain: 'ALPHA-node.net.' }), expect: [err('member/unique-domain', Z, 10, 11, '"alpha-node.net"', 'members/alpha.yaml'), err('member/domain-canonical', Z, 10, 11, '"alpha-node.net"')] },
      {
        name: 'U-label vs A-label',
        network: net(['allow_special_use_names: []', 'allow_special_use_names: [example]']),
        members: { 'bu1.yaml': member({ id: 'bu1', domain: 'Bücher.example', github: '[bu1]', ipv4: '[203.0.113.1]', ipv6: '[]' }), 'bu2.yaml': member({ id: 'bu2', domain: 'xn--bcher-kva.example', github: '[bu2]', ipv4: '[203.0.113.2]', ipv6: '[]' }) },
        expect: [
          err('member/unique-domain', 'members/bu2.yaml', 10, 11, '"xn--bcher-kva.example"', 'members/bu1.yaml'),
          err('member/domain-canonical', 'members/bu1.yaml', 10, 11, '"xn--bcher-kva.example"'),
          E('member/network-diversity', 'warning', 'members/bu2.yaml', 11, 10, ['203.0.113.2', '203.0.113.1']),
        ],
      },
      {
        name: 'two later spellings both name the first claimant',
        members: { ...zed({ domain: 'alpha-node.net' }), ...zed({ id: 'zod', domain: 'Alpha-Node.net', github: '[zod]', ipv4: '[203.0.113.9]', ipv6: '[]' }) },
        expect: [
          err('member/unique-domain', Z, 10, 11, '"alpha-node.net" is already the node domain of members/alpha.yaml'),
          err('member/unique-domain', 'members/zod.yaml', 10, 11, '"alpha-node.net" is already the node domain of members/alpha.yaml'),
          err('member/domain-canonical', 'members/zod.yaml', 10, 11, '"alpha-node.net"'),
        ],
      },
    ],
  },
  'member/unique-github': {
    valid: [{ name: 'distinct logins', members: zed({ github: '[zed-ops, alpha-ops-2]' }) }],
    invalid: [
      { name: 'another member’s login, other case', members: zed({ github: '[Alpha-OPS]' }), expect: [err('member/unique-github', Z, 7, 10, '"Alpha-OPS"', 'members/alpha.yaml')] },
      { name: 'twice in one file', members: zed({ github: '[zed-ops, ZED-OPS]' }), expect: [err('member/unique-github', Z, 7, 19, '"ZED-OPS"', 'this file')] },
    ],
  },
  'member/unique-id': {
    valid: [{ name: 'distinct ids', members: { ...zed(), ...zed({ id: 'zod', domain: 'zod-node.net', github: '[zod]', ipv4: '[203.0.113.9]', ipv6: '[]' }) } }],
    invalid: [
      {
        name: 'same id in two files',
        members: { ...zed(), 'zed2.yaml': member({ domain: 'zod-node.net', github: '[zod]', ipv4: '[203.0.113.9]', ipv6: '[]' }) },
        expect: [err('member/unique-id', 'members/zed2.yaml', 1, 5, '"zed"', 'members/zed.yaml'), err('member/file-name-matches-id', 'members/zed2.yaml', 1, 5)],
      },
      {
        // Ids compare case-insensitively (they become DNS labels). Files are judged by name,
        // and "zed-b.yaml" sorts before "zed.yaml": zed.yaml carries the duplicate.
        name: 'same id in another case',
        members: { ...zed(), 'zed-b.yaml': member({ id: 'ZED', domain: 'zod-node.net', github: '[zod]', ipv4: '[203.0.113.9]', ipv6: '[]' }) },
        expect: [
          err('member/unique-id', Z, 1, 5, 'id "zed" is already used by members/zed-b.yaml'),
          err('member/id-syntax', 'members/zed-b.yaml', 1, 5, '"ZED"'),
          err('member/file-name-matches-id', 'members/zed-b.yaml', 1, 5),
        ],
      },
    ],
  },
  'member/website-url': {
    valid: [{ name: 'https with a path', members: zed({ country: 'DE\n  website: https://zed-node.net/about' }) }],
    invalid: [
      { name: 'javascript: (README: https only)', members: zed({ country: 'DE\n  website: "javascript:alert(1)"' }), expect: [err('member/website-url', Z, 5, 12, 'uses javascript; only https://')] },
      { name: 'http', members: zed({ country: 'DE\n  website: http://zed-node.net/' }), expect: [err('member/website-url', Z, 5, 12, 'uses http;')] },
      { name: 'not a URL', members: zed({ country: 'DE\n  website: zed-node.net' }), expect: [err('member/website-url', Z, 5, 12, 'is not a URL')] },
      { name: 'credentials', members: zed({ country: 'DE\n  website: https://u:p@zed-node.net/' }), expect: [err('member/website-url', Z, 5, 12, 'credentials')] },
    ],
  },
  'member/unique-ip': {
    valid: [
      { name: 'distinct addresses', members: zed() },
      { name: 'one unparseable address in two files (member/ip-syntax reports it)', members: { ...zed({ ipv4: '[999.1.1.1]' }), ...zed({ id: 'zod', domain: 'zod-node.net', github: '[zod]', ipv4: '[999.1.1.1]', ipv6: '[]' }) }, others: ['member/ip-syntax'] },
    ],
    invalid: [
      { name: 'an address and its IPv4-mapped form in one file', members: zed({ ipv6: '["::ffff:198.51.100.99"]' }), expect: [err('member/unique-ip', Z, 12, 10, 'address 198.51.100.99 is already listed by this file'), err('member/ip-wrong-family', Z, 12, 10, 'list 198.51.100.99 under node.ipv4')] },
      { name: 'another member’s IPv4', members: zed({ ipv4: '[192.0.2.10]' }), expect: [err('member/unique-ip', Z, 11, 10, '192.0.2.10', 'members/alpha.yaml')] },
      { name: 'v4-mapped vs plain v4', members: zed({ ipv4: '[]', ipv6: '["::ffff:192.0.2.10"]' }), expect: [err('member/unique-ip', Z, 12, 10, '192.0.2.10', 'members/alpha.yaml'), err('member/ip-wrong-family', Z, 12, 10, 'list 192.0.2.10 under node.ipv4')] },
      { name: 'another spelling of an IPv6', members: zed({ ipv6: '["2001:DB8:A:0:0:0:0:10"]' }), expect: [err('member/unique-ip', Z, 12, 10, '2001:db8:a::10', 'members/alpha.yaml')] },
      { name: 'twice in one list', members: zed({ ipv4: '[198.51.100.99, 198.51.100.99]' }), expect: [err('member/unique-ip', Z, 11, 25, 'this file')] },
    ],
  },

  // ---------------- network.yaml rules ----------------
  'network/domain': {
    valid: [{ name: 'the test network', network: NET }],
    invalid: [
      { name: 'upper case', network: net(['domain: bdbnetwork.io', 'domain: BDBnetwork.io']), expect: [err('network/domain', N, 2, 9, '"BDBnetwork.io"', 'canonical form: "bdbnetwork.io"')] },
      { name: 'underscore', network: net(['domain: bdbnetwork.io', 'domain: bdb_network.io']), expect: [err('network/domain', N, 2, 9, 'underscore'), err('network/shared-name', N, 3, 14, 'not inside the consortium domain'), err('network/nameservers', N, 17, 13, 'is outside')] },
      { name: 'top-level domain only', network: net(['domain: bdbnetwork.io', 'domain: io']), expect: [err('network/domain', N, 2, 9, 'at least 2 labels')] },
      { name: 'zone-file injection', network: net(['domain: bdbnetwork.io', 'domain: "bdbnetwork.io\\n$ORIGIN evil."']), expect: [err('network/domain', N, 2, 9, 'cannot be a domain name'), err('network/shared-name', N, 3, 14, 'not inside the consortium domain'), err('network/nameservers', N, 17, 13, 'is outside')] },
    ],
  },
  'network/governance': {
    valid: [
      { name: 'the test network', network: NET },
      { name: 'unanimous join, fraction 0 with min 1', network: net(['join: { fraction: 2/3, min: 1 }', 'join: { fraction: 3/3, min: 1 }'], ['leave: { fraction: 0/1, min: 0 }', 'leave: { fraction: 0/1, min: 1 }']) },
    ],
    invalid: [
      { name: 'fraction above 1', network: net(['join: { fraction: 2/3', 'join: { fraction: 4/3']), expect: [err('network/governance', N, 31, 21, 'governance.join.fraction "4/3"')] },
      { name: 'join needs no approval', network: net(['join: { fraction: 2/3, min: 1 }', 'join: { fraction: 0/1, min: 0 }']), expect: [err('network/governance', N, 31, 9, 'anyone could add a node')] },
      { name: 'min over 100', network: net(['update: { fraction: 0/1, min: 1 }', 'update: { fraction: 0/1, min: 101 }']), expect: [err('network/governance', N, 32, 33, 'governance.update.min 101')] },
      { name: 'negative min', network: net(['leave: { fraction: 0/1, min: 0 }', 'leave: { fraction: 0/1, min: -1 }']), expect: [err('network/governance', N, 33, 32, 'governance.leave.min -1')] },
      { name: 'guard percent 0', network: net(['max_change_percent: 30', 'max_change_percent: 0']), expect: [err('network/governance', N, 22, 25, 'max_change_percent 0')] },
      { name: 'guard min_records negative', network: net(['min_records: 10', 'min_records: -1']), expect: [err('network/governance', N, 23, 18, 'min_records -1')] },
    ],
  },
  'network/health-settings': {
    valid: [
      { name: 'defaults (no health block)', network: NET },
      { name: 'stricter thresholds', network: net(['  ca_files: []\n', '  ca_files: []\nhealth:\n  rotation_min_score: 15\n  issue_open_at: 0\n  issue_close_at: 15\n']) },
    ],
    invalid: [
      { name: 'close at the open level (no hysteresis)', network: net(['  ca_files: []\n', '  ca_files: []\nhealth:\n  issue_open_at: 5\n  issue_close_at: 5\n']), expect: [err('network/health-settings', N, 46, 19, 'issue_close_at 5 must be above health.issue_open_at 5')] },
      { name: 'rotation below the alert level', network: net(['  ca_files: []\n', '  ca_files: []\nhealth:\n  rotation_min_score: -20\n']), expect: [err('network/health-settings', N, 45, 23, 'rotation_min_score -20 must be above health.issue_open_at -15')] },
    ],
  },
  'network/live-settings': {
    valid: [
      { name: 'proof label of exactly 63 octets', network: net(['proof_label: _planetmint', `proof_label: _${'p'.repeat(62)}`]) },
      { name: 'IPv4, host:port and [IPv6]:port resolvers', network: NET },
      { name: 'relative CA file', network: net(['ca_files: []', 'ca_files: [test/ca.pem]']) },
    ],
    invalid: [
      { name: 'resolver by name', network: net(['resolvers: [1.1.1.1,', 'resolvers: [dns.google,']), expect: [err('network/live-settings', N, 35, 15, '"dns.google"', 'not an IP address')] },
      { name: 'resolver 127.1', network: net(['resolvers: [1.1.1.1,', 'resolvers: ["127.1",']), expect: [err('network/live-settings', N, 35, 15, '"127.1"')] },
      { name: 'resolver port out of range', network: net(['"127.0.0.1:5353"', '"127.0.0.1:99999"']), expect: [err('network/live-settings', N, 35, 24, 'port 99999 is out of range')] },
      { name: 'timeout too small', network: net(['timeout_ms: 3000', 'timeout_ms: 10']), expect: [err('network/live-settings', N, 36, 15, 'live.timeout_ms 10')] },
      { name: 'too many retries', network: net(['retries: 2', 'retries: 9']), expect: [err('network/live-settings', N, 37, 12, 'live.retries 9')] },
      { name: 'zero concurrency', network: net(['concurrency: 64', 'concurrency: 0']), expect: [err('network/live-settings', N, 38, 16, 'live.concurrency 0')] },
      { name: 'proof label without underscore', network: net(['proof_label: _planetmint', 'proof_label: planetmint']), expect: [err('network/live-settings', N, 39, 16, '"planetmint"')] },
      { name: 'proof label of 64 octets (underscore + 63)', network: net(['proof_label: _planetmint', `proof_label: _${'p'.repeat(63)}`]), expect: [err('network/live-settings', N, 39, 16, 'proof_label')] },
      { name: 'warning window over a year', network: net(['certificate_warning_days: 21', 'certificate_warning_days: 400']), expect: [err('network/live-settings', N, 41, 29, '400')] },
      { name: 'absolute CA path', network: net(['ca_files: []', 'ca_files: [/etc/ssl/ca.pem]']), expect: [err('network/live-settings', N, 43, 14, '"/etc/ssl/ca.pem"')] },
      { name: 'CA path leaving the repository', network: net(['ca_files: []', 'ca_files: [../ca.pem]']), expect: [err('network/live-settings', N, 43, 14, '"../ca.pem"')] },
    ],
  },
  'network/member-names': {
    valid: [
      { name: 'nodes', network: NET },
      { name: 'empty: <id>.<domain>', network: net(['member_names: nodes', 'member_names: ""']) },
    ],
    invalid: [
      { name: 'upper case', network: net(['member_names: nodes', 'member_names: Nodes']), expect: [err('network/member-names', N, 4, 15, '"Nodes"')] },
      { name: 'two labels', network: net(['member_names: nodes', 'member_names: n.odes']), expect: [err('network/member-names', N, 4, 15, '"n.odes"', 'no dots')] },
    ],
  },
  'network/nameservers': {
    valid: [
      { name: 'in-zone with glue, out-of-zone without', network: NET },
      { name: 'documentation glue allowed by policy', network: net(['ipv4: [8.8.4.4]', 'ipv4: [192.0.2.53]']) },
    ],
    invalid: [
      { name: 'in-zone without glue', network: net(['      ipv4: [8.8.4.4]\n      ipv6: ["2001:4860:4860::8844"]\n', '']), expect: [err('network/nameservers', N, 17, 13, 'ns1.bdbnetwork.io', 'add ipv4')] },
      { name: 'out-of-zone with glue', network: net(['    - name: ns2.dns-host.net', '    - name: ns2.dns-host.net\n      ipv4: [8.8.8.8]']), expect: [err('network/nameservers', N, 20, 13, 'ns2.dns-host.net', 'Remove ipv4/ipv6')] },
      { name: 'private glue', network: net(['ipv4: [8.8.4.4]', 'ipv4: [10.0.0.53]']), expect: [err('network/nameservers', N, 18, 14, '"10.0.0.53"', 'private-use')] },
      { name: 'documentation glue under strict policy', network: net(['ipv4: [8.8.4.4]', 'ipv4: [192.0.2.53]'], ['allow_address_classes: [documentation]', 'allow_address_classes: []']), expect: [err('network/nameservers', N, 18, 14, '"192.0.2.53"', 'documentation'), err('member/ip-not-public', 'members/alpha.yaml', 11, 10, '"192.0.2.10"'), err('member/ip-not-public', 'members/alpha.yaml', 12, 10, '"2001:db8:a::10"')] },
      { name: 'glue in the wrong list', network: net(['ipv4: [8.8.4.4]', 'ipv4: ["2001:4860:4860::8888"]']), expect: [err('network/nameservers', N, 18, 14, 'IPv6 address in the ipv4 list')] },
      { name: 'glue 8.8.4', network: net(['ipv4: [8.8.4.4]', 'ipv4: ["8.8.4"]']), expect: [err('network/nameservers', N, 18, 14, '"8.8.4"')] },
      { name: 'listed twice', network: net(['    - name: ns2.dns-host.net', '    - name: ns1.bdbnetwork.io\n      ipv4: [8.8.4.4]']), expect: [err('network/nameservers', N, 20, 13, 'listed twice')] },
      { name: 'the shared name as name server', network: net(['    - name: ns2.dns-host.net', '    - name: api.bdbnetwork.io\n      ipv4: [8.8.8.8]']), expect: [err('network/nameservers', N, 20, 13, 'the shared name')] },
      { name: 'inside the member-names subtree', network: net(['    - name: ns2.dns-host.net', '    - name: ns.nodes.bdbnetwork.io\n      ipv4: [8.8.8.8]']), expect: [err('network/nameservers', N, 20, 13, 'member-names subtree')] },
      { name: 'invalid name', network: net(['    - name: ns2.dns-host.net', '    - name: ns_2.dns-host.net']), expect: [err('network/nameservers', N, 20, 13, '"ns_2.dns-host.net"', 'underscore')] },
    ],
  },
  'network/relaxed-policy': {
    valid: [{ name: 'strict policy', network: STRICT, members: alone({ ipv4: '[9.9.9.9]', ipv6: '[]' }) }],
    invalid: [
      { name: 'documentation addresses', network: NET, expect: [E('network/relaxed-policy', 'notice', N, 24, 1, ['documentation addresses'])] },
      { name: 'special-use names', network: net(['allow_special_use_names: []', 'allow_special_use_names: [test, home.arpa]']), expect: [E('network/relaxed-policy', 'notice', N, 24, 1, ['special-use names (.test, .home.arpa)'])] },
    ],
  },
  'network/shared-name-size': {
    valid: [
      { name: 'a few members', members: zed() },
      { name: '64 active addresses, what one UDP answer holds here (alpha + 64 members, one suspended)', members: many(64, (i) => (i === 0 ? { status: 'suspended' } : {})) },
      { name: '101 members under shared_max_addresses 100', network: net(['  shared_ttl: 300', '  shared_ttl: 300\n  shared_max_addresses: 100']), members: many(99) },
    ],
    invalid: [
      {
        name: '101 active IPv4 addresses: 64 published at a time, in turns',
        members: many(101),
        expect: [E('network/shared-name-size', 'notice', N, 3, 14, ['api.bdbnetwork.io publishes 64 of the 102 A addresses', 'shared_max_addresses: fit', 'take turns', 'nodes.bdbnetwork.io'])],
      },
      {
        name: 'an explicit setting',
        network: net(['  shared_ttl: 300', '  shared_ttl: 300\n  shared_max_addresses: 5']),
        members: many(10),
        expect: [E('network/shared-name-size', 'notice', N, 3, 14, ['publishes 5 of the 11 A addresses', 'shared_max_addresses: 5'])],
      },
    ],
  },
  'network/shared-name': {
    valid: [
      { name: 'api.<domain>', network: NET },
      { name: 'deeper name, member names at <id>.<domain>', network: net(['shared_name: api.bdbnetwork.io', 'shared_name: rr.api.bdbnetwork.io'], ['member_names: nodes', 'member_names: ""']) },
    ],
    invalid: [
      { name: 'outside the domain', network: net(['shared_name: api.bdbnetwork.io', 'shared_name: api.other.io']), expect: [err('network/shared-name', N, 3, 14, '"api.other.io"', 'not inside the consortium domain bdbnetwork.io')] },
      { name: 'the apex', network: net(['shared_name: api.bdbnetwork.io', 'shared_name: bdbnetwork.io']), expect: [err('network/shared-name', N, 3, 14, 'zone apex')] },
      { name: 'suffix without a label boundary', network: net(['shared_name: api.bdbnetwork.io', 'shared_name: apibdbnetwork.io']), expect: [err('network/shared-name', N, 3, 14, 'not inside')] },
      { name: 'in the member subtree', network: net(['shared_name: api.bdbnetwork.io', 'shared_name: api.nodes.bdbnetwork.io']), expect: [err('network/shared-name', N, 3, 14, 'nodes.bdbnetwork.io')] },
      { name: 'invalid name', network: net(['shared_name: api.bdbnetwork.io', 'shared_name: "*.bdbnetwork.io"']), expect: [err('network/shared-name', N, 3, 14, 'wildcard')] },
    ],
  },
  'network/soa': {
    valid: [
      { name: 'the test network', network: NET },
      { name: 'expire exactly one week', network: net(['expire: 1209600', 'expire: 604800']) },
    ],
    invalid: [
      { name: 'retry not below refresh', network: net(['retry: 3600', 'retry: 7200']), expect: [err('network/soa', N, 13, 12, 'retry (7200) must be less than refresh (7200)')] },
      { name: 'expire not above refresh + retry', network: net(['expire: 1209600', 'expire: 10000']), expect: [err('network/soa', N, 14, 13, 'expire (10000)'), E('network/soa', 'warning', N, 14, 13, ['under one week'])] },
      { name: 'expire under a week is a warning', network: net(['expire: 1209600', 'expire: 600000']), expect: [E('network/soa', 'warning', N, 14, 13, ['expire 600000 is under one week'])] },
      { name: 'negative-caching TTL over a day', network: net(['minimum: 300', 'minimum: 90000']), expect: [err('network/soa', N, 15, 14, 'RFC 2308')] },
      { name: 'zero refresh', network: net(['refresh: 7200', 'refresh: 0']), expect: [err('network/soa', N, 12, 14, 'refresh 0'), err('network/soa', N, 13, 12, 'retry (3600) must be less than refresh (0)')] },
      { name: 'rname with @', network: net(['rname: hostmaster.bdbnetwork.io', 'rname: hostmaster@bdbnetwork.io']), expect: [err('network/soa', N, 11, 12, 'hostmaster.bdbnetwork.io')] },
      { name: 'invalid mname', network: net(['mname: ns1.bdbnetwork.io', 'mname: ns1..bdbnetwork.io']), expect: [err('network/soa', N, 10, 12, 'zone.soa.mname')] },
    ],
  },
  'network/ttl-range': {
    valid: [
      { name: 'the test network', network: NET },
      { name: 'bounds 30 and 604800', network: net(['  ttl: 3600', '  ttl: 30'], ['shared_ttl: 300', 'shared_ttl: 604800']) },
    ],
    invalid: [
      { name: 'ttl 10', network: net(['  ttl: 3600', '  ttl: 10']), expect: [err('network/ttl-range', N, 6, 8, 'zone.ttl 10')] },
      { name: 'shared_ttl over a week', network: net(['shared_ttl: 300', 'shared_ttl: 700000']), expect: [err('network/ttl-range', N, 7, 15, 'zone.shared_ttl 700000')] },
      { name: 'member_ttl 29', network: net(['member_ttl: 3600', 'member_ttl: 29']), expect: [err('network/ttl-range', N, 8, 15, 'zone.member_ttl 29')] },
    ],
  },
};
