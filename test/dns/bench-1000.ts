// Not a test: times gatherDns for 1,000 members against the local BIND (concurrency 64, median of 3).
// Run: npx tsc -p . && node dist/test/dns/bench-1000.js
import { performance } from 'node:perf_hooks';
import { gatherDns } from '../../scripts/live/dns/gather.js';
import { createLimiter } from '../../scripts/live/pool.js';
import { dnsRules } from '../../scripts/rules/dns/index.js';
import { startBind } from '../harness/bind.js';
import { member, network, runRules } from './fixtures.js';

const N = Number(process.argv[2] ?? 1000);
const id = (i: number) => `m${String(i).padStart(4, '0')}`;
const lines = [`$ORIGIN bench.test.`, `$TTL 300`, `@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300`, `@ IN NS ns1`, `ns1 IN A 127.0.0.1`];
for (let i = 0; i < N; i++) {
  const a = `198.18.${i >> 8}.${i & 0xff}`;
  lines.push(`${id(i)} IN A ${a}`, `${id(i)} IN AAAA 2001:db8::${i.toString(16)}`, `_planetmint.${id(i)} IN TXT "pmnet-member=${id(i)}"`);
}
const members = Array.from({ length: N }, (_, i) => member(id(i), `${id(i)}.bench.test`, [`198.18.${i >> 8}.${i & 0xff}`], [`2001:db8::${i.toString(16)}`]));
const net = network();
// Recursive (RA) and serving the consortium's domain, so the resolver canary passes.
const consortium = `$ORIGIN ${net.domain}.\n$TTL 300\n@ IN SOA ns1.bench.test. hostmaster.bench.test. 1 7200 3600 1209600 300\n@ IN NS ns1.bench.test.\n`;
const bind = await startBind([{ origin: 'bench.test', text: lines.join('\n') + '\n' }, { origin: net.domain, text: consortium }], { recursive: true });
try {
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    const facts = await gatherDns(net, members, { resolvers: [bind.address], timeoutMs: 2000, retries: 1, limiter: createLimiter(64) });
    const ms = performance.now() - t0;
    const findings = runRules(dnsRules, net, members, facts);
    const bad = [...facts.values()].filter((f) => f.resolvers[0]!.a.status !== 'NOERROR' || f.resolvers[0]!.proof.status !== 'NOERROR').length;
    times.push(ms);
    console.log(`run ${run + 1}: ${N} members, ${N * 3} queries, ${ms.toFixed(0)} ms, ${findings.length} findings, ${bad} not NOERROR`);
  }
  times.sort((a, b) => a - b);
  console.log(`median: ${times[1]!.toFixed(0)} ms`);
} finally {
  await bind.stop();
}
