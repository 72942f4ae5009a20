// pmnet's live DNS verdicts through a real validating recursor (Unbound) over a loopback
// hierarchy: signed root and TLD, authoritative BIND, and an old server without EDNS.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type * as packet from 'dns-packet';
import { gatherDns } from '../../scripts/live/dns/gather.js';
import { createLimiter } from '../../scripts/live/pool.js';
import type { Member } from '../../scripts/model/types.js';
import { dnsRules } from '../../scripts/rules/dns/index.js';
import { freePort } from '../harness/bind.js';
import { startFaultServer, type FaultServer } from '../harness/dns-faults.js';
import { HIERARCHY_TOOLS, startHierarchy, type Hierarchy } from '../harness/hierarchy.js';
import { needs } from '../harness/needs.js';
import { makeConsortium, runCli } from '../helpers/consortium.js';
import { member, network, runRules } from './fixtures.js';

const TIMEOUT = 3000;

const chain = Array.from({ length: 10 }, (_, i) => `c${i} IN CNAME c${i + 1}`).join('\n');

// The no-EDNS server: FORMERR to any query with OPT; plain answers otherwise.
function oldServer(q: packet.Question): packet.Answer[] {
  const name = q.name.toLowerCase().replace(/\.$/, '');
  if (name === 'www.old.test' && q.type === 'A') return [{ type: 'A', name: q.name, ttl: 300, data: '192.0.2.90' }];
  if (name === '_planetmint.www.old.test' && q.type === 'TXT') return [{ type: 'TXT', name: q.name, ttl: 300, data: 'pmnet-member=old' }];
  if (name === 'old.test' && q.type === 'SOA')
    return [{ type: 'SOA', name: q.name, ttl: 300, data: { mname: 'ns.old.test', rname: 'hostmaster.old.test', serial: 1, refresh: 7200, retry: 3600, expire: 1209600, minimum: 300 } }];
  if (name === 'old.test' && q.type === 'NS') return [{ type: 'NS', name: q.name, ttl: 300, data: 'ns.old.test' }];
  if (name === 'ns.old.test' && q.type === 'A') return [{ type: 'A', name: q.name, ttl: 300, data: '127.0.0.1' }];
  return [];
}

const M: Record<string, Member> = {
  plain: member('plain', 'www.plain.test', ['192.0.2.1']),
  chain: member('chain', 'c0.chain.test', ['192.0.2.10']),
  bogus: member('bogus', 'www.bogus.test', ['192.0.2.2']),
  expired: member('expired', 'www.expired.test', ['192.0.2.3']),
  noaddr: member('noaddr', 'noaddr.plain.test', ['192.0.2.4']),
  old: member('old', 'www.old.test', ['192.0.2.90']),
};

const s = suite('live DNS through a validating recursor (Unbound) over a loopback hierarchy');
const hier = needs(s, ...HIERARCHY_TOOLS);
let h: Hierarchy | undefined;
let old: FaultServer | undefined;

hier.before(async () => {
  old = await startFaultServer('no-edns', 'ok', oldServer);
  h = await startHierarchy(
    [
      { origin: 'consortium.test', records: 'api IN A 192.0.2.200\n', signing: 'signed' },
      { origin: 'plain.test', records: 'www IN A 192.0.2.1\n_planetmint.www IN TXT "pmnet-member=plain"\nnoaddr IN TXT "no addresses here"\n_planetmint.noaddr IN TXT "pmnet-member=noaddr"\n', signing: 'signed' },
      { origin: 'chain.test', records: `${chain}\nc10 IN A 192.0.2.10\n_planetmint.c0 IN TXT "pmnet-member=chain"\n` },
      { origin: 'bogus.test', records: 'www IN A 192.0.2.2\n_planetmint.www IN TXT "pmnet-member=bogus"\n', signing: 'bogus' },
      { origin: 'expired.test', records: 'www IN A 192.0.2.3\n_planetmint.www IN TXT "pmnet-member=expired"\n', signing: 'expired' },
    ],
    [{ origin: 'old.test', address: old.address }],
  );
});
s.after(async () => {
  await h?.stop();
  await old?.stop();
});

async function check(members: Member[], resolvers = [h!.resolver]) {
  const net = network();
  const facts = await gatherDns(net, members, { resolvers, timeoutMs: TIMEOUT, retries: 1, limiter: createLimiter(32) });
  return { facts, findings: runRules(dnsRules, net, members, facts, () => true) };
}

const rows = (fs: Awaited<ReturnType<typeof check>>['findings']) => fs.map((f) => [f.rule, f.messageId, f.member]);

hier('plain signed name: no findings (records, proof, canary all validate)', async () => {
  const { findings, facts } = await check([M.plain!]);
  assert.equal(rows(findings), []);
  assert.equal(facts.get('plain')!.resolvers[0]!.a.values, ['192.0.2.1']);
  assert.equal(facts.get('plain')!.unusable, []);
});

hier('a CNAME chain of 10 resolves like the recursor resolves it', async () => {
  const { findings, facts } = await check([M.chain!]);
  assert.equal(rows(findings), []);
  const a = facts.get('chain')!.resolvers[0]!.a;
  assert.is(a.chain.length, 10);
  assert.equal(a.values, ['192.0.2.10']);
});

hier('DNSSEC bogus: dns/dnssec-failure with the recursor\'s reason (EDE 6), not "transient"', async () => {
  const { findings } = await check([M.bogus!]);
  assert.equal(rows(findings), [['dns/dnssec-failure', 'bogus', 'bogus']]);
  assert.match(findings[0]!.message, /DNSSEC Bogus \(EDE 6\)/);
  assert.match(findings[0]!.message, /with checking disabled \(CD=1\) the resolver answers NOERROR/);
  assert.is(findings[0]!.data.types, 'A', 'the AAAA proof of absence still validates: only the A RRset is broken');
});

hier('DNSSEC expired: dns/dnssec-failure saying "Signature Expired" (EDE 7)', async () => {
  const { findings } = await check([M.expired!]);
  assert.equal(rows(findings), [['dns/dnssec-failure', 'bogus', 'expired']]);
  assert.match(findings[0]!.message, /Signature Expired \(EDE 7\)/);
  assert.is(findings[0]!.data.types, 'A and AAAA');
});

hier('a name that exists without A/AAAA: the address mismatch only, no takeover finding', async () => {
  const { findings, facts } = await check([M.noaddr!]);
  assert.equal(rows(findings), [['dns/a-record-mismatch', 'missing', 'noaddr']]);
  assert.is(facts.get('noaddr')!.target.dangling, 'no');
});

hier('an authoritative server without EDNS behind the recursor: resolved, no findings', async () => {
  const { findings, facts } = await check([M.old!]);
  assert.equal(rows(findings), []);
  assert.equal(facts.get('old')!.resolvers[0]!.a.values, ['192.0.2.90']);
  assert.ok(old!.queries.some((q) => !(q.additionals ?? []).some((a) => a.type === 'OPT')), 'the recursor fell back to plain DNS');
});

hier('the authoritative BIND given as resolver: "not a recursive resolver" once, no per-member verdict', async () => {
  const all = Object.values(M);
  const { findings } = await check(all, [h!.authoritative.address]);
  assert.equal(findings.map((f) => [f.rule, f.messageId, f.severity]), [['dns/resolver-unusable', 'notRecursive', 'error']]);
  assert.match(findings[0]!.message, new RegExp(`^${h!.authoritative.address} is not a recursive resolver \\(RA=0`));
});

hier('resolver down: said once; beside a working recursor the verdicts come from that one', async () => {
  const dead = `127.0.0.1:${await freePort()}`;
  const alone = await check([M.plain!, M.bogus!], [dead]);
  assert.equal(alone.findings.map((f) => [f.rule, f.messageId, f.severity]), [['dns/resolver-unusable', 'down', 'error']]);
  const both = await check([M.plain!, M.bogus!], [dead, h!.resolver]);
  assert.equal(both.findings.map((f) => [f.rule, f.messageId, f.member, f.severity]), [
    ['dns/dnssec-failure', 'bogus', 'bogus', 'error'],
    ['dns/resolver-unusable', 'down', 'plain', 'warning'],
  ]);
});

hier('through the CLI: JSON findings tell a DNSSEC verdict from an inconclusive check by rule and messageId', async () => {
  const k = makeConsortium({
    network: `name: Recursor CLI test\ndomain: consortium.test\nshared_name: api.consortium.test\nzone:\n  soa: { mname: ns1.consortium.test, rname: hostmaster.consortium.test }\n  nameservers: [{ name: ns1.consortium.test, ipv4: [127.0.0.1] }]\npolicy:\n  allow_address_classes: [documentation, loopback]\n  allow_special_use_names: [test]\n  diversity: { ipv4_prefix: 32, ipv6_prefix: 128 }\nlive:\n  retries: 1\n  require_proof: never\n`,
    noExampleMembers: true,
    members: {
      'plain.yaml': memberFile('plain', 'www.plain.test', '192.0.2.1'),
      'bogus.yaml': memberFile('bogus', 'www.bogus.test', '192.0.2.2'),
    },
  });
  try {
    const run = (resolver: string) => runCli(['validate', '--live', '--only', 'dns', '--resolver', resolver, '--timeout', String(TIMEOUT), '--root', k.dir, '--format', 'json']);
    const r = await run(h!.resolver);
    assert.is(r.code, 1, r.stderr);
    const dns = (JSON.parse(r.stdout) as { findings: { rule: string; messageId: string; member?: string; file: string }[] }).findings.filter((f) => f.rule.startsWith('dns/'));
    assert.equal(dns.map((f) => [f.rule, f.messageId, f.member, f.file]), [['dns/dnssec-failure', 'bogus', 'bogus', 'members/bogus.yaml']]);
    const dead = await run(`127.0.0.1:${await freePort()}`);
    const down = (JSON.parse(dead.stdout) as { findings: { rule: string; messageId: string; file: string }[] }).findings.filter((f) => f.rule.startsWith('dns/'));
    assert.equal(down.map((f) => [f.rule, f.messageId, f.file]), [['dns/resolver-unusable', 'down', 'network.yaml']]);
  } finally {
    k.cleanup();
  }
});

function memberFile(id: string, domain: string, ipv4: string): string {
  return `id: ${id}\norganization: { name: ${id} }\ncontacts: [{ email: ops@example.org }]\ngithub: [${id}-ops]\nstatus: active\nnode:\n  domain: ${domain}\n  ipv4: [${ipv4}]\n`;
}

s.run();
