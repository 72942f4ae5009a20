// gatherDns + dns/* rules against a real BIND on loopback serving .test zones.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { performance } from 'node:perf_hooks';
import type * as packet from 'dns-packet';
import { gatherDns } from '../../scripts/live/dns/gather.js';
import { createLimiter } from '../../scripts/live/pool.js';
import type { Member, Network } from '../../scripts/model/types.js';
import { dnsRules } from '../../scripts/rules/dns/index.js';
import { startBind, type BindServer } from '../harness/bind.js';
import { needs } from '../harness/needs.js';
import { assertNoHang } from '../harness/no-hang.js';
import { startFaultServer, type FaultServer } from '../harness/dns-faults.js';
import { member, network, NODES, runRules, type Got } from './fixtures.js';

const TIMEOUT = 1000;


const ELSEWHERE = `$ORIGIN elsewhere.test.
$TTL 300
@ IN SOA ns1.nodes.test. hostmaster.nodes.test. 1 7200 3600 1209600 300
@ IN NS ns1.nodes.test.
www IN A 192.0.2.80
www IN AAAA 2001:db8::80
`;

const CONSORTIUM = `$ORIGIN consortium.test.
$TTL 300
@ IN SOA ns1.nodes.test. hostmaster.nodes.test. 1 7200 3600 1209600 300
@ IN NS ns1.nodes.test.
`;

const M: Record<string, Member> = {
  ok: member('ok', 'ok.nodes.test', ['192.0.2.10'], ['2001:db8::10']),
  partial: member('partial', 'partial.nodes.test', ['192.0.2.20', '192.0.2.21']),
  v6only: member('v6only', 'v6only.nodes.test', [], ['2001:DB8:0::30']),
  chain: member('chain', 'chain.nodes.test', ['192.0.2.40']),
  loop: member('loop', 'loop1.nodes.test', ['192.0.2.41']),
  missing: member('missing', 'missing.nodes.test', ['192.0.2.42']),
  big: member('big', 'big.nodes.test', Array.from({ length: 100 }, (_, i) => `198.18.0.${i + 1}`)),
  noproof: member('noproof', 'noproof.nodes.test', ['192.0.2.50']),
  other: member('other', 'other.nodes.test', ['192.0.2.60']),
  multi: member('multi', 'multi.nodes.test', ['192.0.2.70']),
  ext: member('ext', 'ext.nodes.test', ['192.0.2.80'], ['2001:db8::80']),
  gone: member('gone', 'gone.nodes.test', ['192.0.2.81']),
  suspended: member('suspended', 'missing2.nodes.test', ['192.0.2.82'], [], 'suspended'),
};

const s = suite('dns rules against BIND');
let bind: BindServer | undefined;
const bindTest = needs(s, 'named');

bindTest.before(async () => {
  // A recursive BIND that serves every zone asked (including the consortium's, the canary).
  bind = await startBind([
    { origin: 'nodes.test', text: NODES },
    { origin: 'elsewhere.test', text: ELSEWHERE },
    { origin: 'consortium.test', text: CONSORTIUM },
  ], { recursive: true });
});
s.after(async () => {
  await bind?.stop();
});

async function run(members: Member[], opts: { net?: Network; resolvers?: string[]; isNew?: (id: string) => boolean } = {}) {
  const net = opts.net ?? network();
  const t0 = performance.now();
  const facts = await gatherDns(net, members, { resolvers: opts.resolvers ?? [bind!.address], timeoutMs: TIMEOUT, retries: 1, limiter: createLimiter(64) });
  const ms = performance.now() - t0;
  assertNoHang(ms, 'gatherDns');
  return { facts, findings: runRules(dnsRules, net, members, facts, opts.isNew), ms };
}

const brief = (f: Got) => `${f.rule} ${f.severity} ${f.member}`;

bindTest('matching records, proof present: no findings', async () => {
  const { findings, facts } = await run([M.ok!]);
  assert.equal(findings, []);
  const r = facts.get('ok')!.resolvers[0]!;
  assert.equal(r.a.values, ['192.0.2.10']);
  assert.equal(r.aaaa.values, ['2001:db8::10']);
  assert.is(r.a.ttl, 300);
  assert.equal(r.proof.values, ['pmnet-member=ok']);
  assert.is(facts.get('ok')!.target.dangling, 'no');
});

bindTest('missing and extra addresses: exactly which', async () => {
  const { findings } = await run([M.partial!]);
  assert.equal(findings.map(brief), ['dns/a-record-mismatch error partial']);
  const f = findings[0]!;
  assert.is(f.messageId, 'missingAndExtra');
  assert.is(f.data.missing, '192.0.2.21');
  assert.is(f.data.extra, '192.0.2.99');
  assert.equal(f.path, ['node', 'ipv4', 1], 'the one missing entry');
  assert.match(f.message, /missing 192\.0\.2\.21; extra 192\.0\.2\.99/);
});

bindTest('only missing: points at the ipv4 entry; only extra: at the list', async () => {
  const onlyMissing = member('partial', 'partial.nodes.test', ['192.0.2.20', '192.0.2.99', '192.0.2.21']);
  const a = await run([onlyMissing]);
  assert.equal(a.findings.map((f) => [f.rule, f.messageId, f.data.missing, f.path]), [['dns/a-record-mismatch', 'missing', '192.0.2.21', ['node', 'ipv4', 2]]]);
  const onlyExtra = member('partial', 'partial.nodes.test', ['192.0.2.20']);
  const b = await run([onlyExtra]);
  assert.equal(b.findings.map((f) => [f.rule, f.messageId, f.data.extra, f.path]), [['dns/a-record-mismatch', 'extra', '192.0.2.99', ['node', 'ipv4']]]);
});

bindTest('IPv6 only: NODATA for A matches an empty ipv4; AAAA compared canonically', async () => {
  const { findings, facts } = await run([M.v6only!]);
  assert.equal(findings, []);
  assert.is(facts.get('v6only')!.resolvers[0]!.a.status, 'NODATA');
  // The same name declared with a wrong IPv6 address:
  const wrong = member('v6only', 'v6only.nodes.test', [], ['2001:db8::31']);
  const w = await run([wrong]);
  assert.equal(w.findings.map((f) => [f.rule, f.messageId, f.data.missing, f.data.extra]), [['dns/aaaa-record-mismatch', 'missingAndExtra', '2001:db8::31', '2001:db8::30']]);
});

bindTest('CNAME chain is followed (in zone and into another zone)', async () => {
  const { findings, facts } = await run([M.chain!, M.ext!]);
  assert.equal(findings.filter((f) => f.rule !== 'dns/proof-missing').map(brief), []);
  assert.equal(facts.get('chain')!.resolvers[0]!.a.chain, ['hop1.nodes.test', 'hop2.nodes.test']);
  assert.equal(facts.get('chain')!.resolvers[0]!.a.values, ['192.0.2.40']);
  assert.equal(facts.get('ext')!.resolvers[0]!.aaaa.values, ['2001:db8::80']);
});

bindTest('CNAME loop: dns/no-answer with the loop, nothing dangling', async () => {
  const { findings, facts } = await run([M.loop!]);
  assert.equal(findings.map((f) => [f.rule, f.messageId, f.data.types]), [['dns/no-answer', 'cname', 'A and AAAA']]);
  assert.match(findings[0]!.message, /loop1\.nodes\.test -> loop2\.nodes\.test -> loop1\.nodes\.test/);
  assert.is(facts.get('loop')!.target.dangling, 'unknown');
});

bindTest('NXDOMAIN: no-answer (nxdomain) + dangling CNAME target for an active member', async () => {
  const { findings } = await run([M.missing!, M.suspended!]);
  assert.equal(findings.map((f) => [f.rule, f.messageId, f.member]), [
    ['dns/dangling-cname-target', 'dangling', 'missing'],
    ['dns/no-answer', 'nxdomain', 'missing'],
    ['dns/no-answer', 'nxdomain', 'suspended'],
    ['dns/proof-missing', 'missing', 'missing'],
    ['dns/proof-missing', 'missing', 'suspended'],
  ]);
  const d = findings[0]!;
  assert.is(d.data.alias, 'missing.nodes.consortium.test');
  assert.is(d.data.target, 'missing.nodes.test');
  assert.match(d.message, /takeover/);
  const nx = findings[1]!;
  assert.is(nx.data.types, 'A and AAAA');
  assert.match(nx.message, /does not exist \(NXDOMAIN\)/);
  assert.not.match(nx.message, /Transient/);
});

bindTest('dangling via CNAME into a name that does not exist', async () => {
  const { findings } = await run([M.gone!]);
  const d = findings.find((f) => f.rule === 'dns/dangling-cname-target')!;
  assert.ok(d);
  assert.match(String(d.data.reasons), /NXDOMAIN \(the name does not exist\) at nothing\.elsewhere\.test via CNAME/);
});

bindTest('100 A records: UDP truncated at 1232 bytes, TCP gives the whole set', async () => {
  const { findings, facts } = await run([M.big!]);
  assert.equal(findings, []);
  const a = facts.get('big')!.resolvers[0]!.a;
  assert.ok(a.tcp, 'went over TCP');
  assert.is(a.values.length, 100);
  // Drop one declared address: the rule names exactly it as extra.
  const fewer = member('big', 'big.nodes.test', M.big!.node.ipv4.slice(0, 99));
  const f = await run([fewer]);
  assert.equal(f.findings.map((x) => [x.rule, x.messageId, x.data.extra]), [['dns/a-record-mismatch', 'extra', '198.18.0.100']]);
});

bindTest('TXT proof absent: error for a new member with the exact record to create; warning otherwise; policies', async () => {
  const asNew = await run([M.noproof!], { isNew: () => true });
  assert.equal(asNew.findings.map(brief), ['dns/proof-missing error noproof']);
  assert.match(asNew.findings[0]!.message, /_planetmint\.noproof\.nodes\.test\. TXT "pmnet-member=noproof"/);
  assert.is(asNew.findings[0]!.data.answer, 'NXDOMAIN');
  const existing = await run([M.noproof!]);
  assert.equal(existing.findings.map(brief), ['dns/proof-missing warning noproof']);
  const always = await run([M.noproof!], { net: network({ requireProof: 'always' }) });
  assert.equal(always.findings.map(brief), ['dns/proof-missing error noproof']);
  const never = await run([M.noproof!], { net: network({ requireProof: 'never' }), isNew: () => true });
  assert.equal(never.findings, []);
  const label = await run([M.ok!], { net: network({ proofLabel: '_pmproof' }), isNew: () => true });
  assert.equal(label.findings.map((f) => f.data.record), ['_pmproof.ok.nodes.test. TXT "pmnet-member=ok"']);
});

bindTest('TXT proof naming another member: dns/proof-mismatch names it', async () => {
  const { findings } = await run([M.other!], { isNew: () => true });
  assert.equal(findings.map((f) => [f.rule, f.severity, f.data.others]), [['dns/proof-mismatch', 'error', 'someone-else']]);
  assert.match(findings[0]!.message, /names member someone-else, not other/);
});

bindTest('TXT proof split over character-strings beside unrelated TXT: accepted', async () => {
  const { findings, facts } = await run([M.multi!], { isNew: () => true });
  assert.equal(findings, []);
  assert.equal(facts.get('multi')!.resolvers[0]!.proof.values, ['pmnet-member=multi', 'v=unrelated']);
});

// ---------------------------------------------------------------- several resolvers, faults

async function withFault(f: Parameters<typeof startFaultServer>, body: (srv: FaultServer) => Promise<void>) {
  const srv = await startFaultServer(...f);
  try {
    await body(srv);
  } finally {
    await srv.stop();
  }
}

bindTest('resolvers disagree: warning naming both, plus the mismatch at the odd one', async () => {
  const stale = (q: packet.Question): packet.Answer[] =>
    q.type === 'A' ? [{ type: 'A', name: q.name, ttl: 300, data: '192.0.2.11' }] : q.type === 'AAAA' ? [{ type: 'AAAA', name: q.name, ttl: 300, data: '2001:db8::10' }] : [{ type: 'TXT', name: q.name, ttl: 300, data: 'pmnet-member=ok' }];
  await withFault(['ok', 'ok', stale], async (srv) => {
    const { findings } = await run([M.ok!], { resolvers: [bind!.address, srv.address] });
    assert.equal(findings.map((f) => [f.rule, f.severity, f.data.resolvers ?? f.data.answers]), [
      ['dns/a-record-mismatch', 'error', srv.address],
      ['dns/resolvers-disagree', 'warning', `${bind!.address} -> 192.0.2.10; ${srv.address} -> 192.0.2.11`],
    ]);
  });
});

bindTest('a dead resolver: said once (warning, the good resolver still judges); no per-member verdict from it', async () => {
  await withFault(['silent'], async (srv) => {
    const { findings, ms } = await run([M.ok!, M.partial!], { resolvers: [srv.address, bind!.address] });
    assert.ok(ms >= TIMEOUT - 5, `${ms}`);
    const rows = findings.map((f) => [f.rule, f.messageId, f.member, f.severity]);
    assert.equal(rows, [
      ['dns/a-record-mismatch', 'missingAndExtra', 'partial', 'error'],
      ['dns/resolver-unusable', 'down', 'ok', 'warning'],
    ]);
    assert.match(findings[1]!.message, new RegExp(`^Resolver ${srv.address} could not answer for the consortium’s own domain consortium\\.test \\(TIMEOUT`));
    assert.match(findings[1]!.message, /--resolver/);
  });
});

bindTest('only a dead resolver: one error naming it, nothing per member, nothing dangling', async () => {
  await withFault(['silent'], async (srv) => {
    const { findings } = await run([M.ok!, M.missing!], { resolvers: [srv.address], isNew: () => true });
    assert.equal(findings.map((f) => [f.rule, f.messageId, f.severity]), [['dns/resolver-unusable', 'down', 'error']]);
  });
});

bindTest('an authoritative-only server as resolver: "not a recursive resolver" once, no takeover verdicts', async () => {
  await withFault(['referral'], async (srv) => {
    const { findings } = await run([M.ok!, M.missing!, M.gone!], { resolvers: [srv.address] });
    assert.equal(findings.map((f) => [f.rule, f.messageId, f.severity]), [['dns/resolver-unusable', 'notRecursive', 'error']]);
    assert.match(findings[0]!.message, new RegExp(`^${srv.address} is not a recursive resolver \\(RA=0: it answered with a referral`));
  });
});

bindTest('SERVFAIL, timeouts (canary passed): dns/inconclusive with how to retry; REFUSED, garbage: their own no-answer', async () => {
  const cases: [Parameters<typeof startFaultServer>[0], string, string, string][] = [
    ['servfail', 'dns/inconclusive', 'inconclusive', 'SERVFAIL'],
    ['refused', 'dns/no-answer', 'refused', 'REFUSED'],
    ['garbage', 'dns/no-answer', 'malformed', 'MALFORMED'],
    ['garbage-id', 'dns/no-answer', 'malformed', 'MALFORMED'],
    ['wrong-id', 'dns/inconclusive', 'inconclusive', 'TIMEOUT'],
  ];
  for (const [mode, rule, messageId, status] of cases) {
    await withFault([mode, 'ok', undefined, { spare: 'consortium.test' }], async (srv) => {
      const { findings } = await run([M.ok!], { resolvers: [srv.address] });
      const na = findings.filter((f) => f.rule === rule && f.data.types);
      assert.equal(na.map((f) => [f.messageId, f.data.status ?? status, f.data.resolver, f.data.types]), [[messageId, status, srv.address, 'A and AAAA']], mode);
      assert.not.ok(findings.some((f) => f.rule === 'dns/a-record-mismatch' || f.rule === 'dns/dangling-cname-target' || f.rule === 'dns/resolver-unusable'), mode);
      if (rule === 'dns/inconclusive') assert.match(na[0]!.message, /inconclusive, not a verdict.*--resolver ADDR\[:PORT\]/, mode);
    });
  }
});

s.run();
