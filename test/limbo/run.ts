// npm run limbo: the x509-limbo server-auth DNS-name cases through the real CLI, agreement
// per family. Reads ../shared/x509-limbo/limbo.json (or the path in $LIMBO_JSON).
// Usage: npm run limbo [-- --only PATTERN] [--verbose]
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildAnchors, verifyChain } from '../../scripts/pki/verify.js';
import { family, runCase, skipReason, type CaseRun, type LimboCase } from './limbo.js';

const file = resolve(process.env.LIMBO_JSON ?? '../shared/x509-limbo/limbo.json');
if (!existsSync(file)) {
  process.stderr.write(`limbo: ${file} is missing. Put the x509-limbo limbo.json there (shared/x509-limbo/ beside the clone) or set LIMBO_JSON.\n`);
  process.exit(2);
}
const args = process.argv.slice(2);
const only = args.includes('--only') ? new RegExp(args[args.indexOf('--only') + 1] ?? '') : undefined;
const verbose = args.includes('--verbose');
const cases = (JSON.parse(readFileSync(file, 'utf8')) as { testcases: LimboCase[] }).testcases.filter((c) => !only || only.test(c.id));

interface Row {
  considered: number;
  agree: number;
  skipped: Map<string, number>;
}
const rows = new Map<string, Row>();
const row = (f: string) => {
  let r = rows.get(f);
  if (!r) rows.set(f, (r = { considered: 0, agree: 0, skipped: new Map() }));
  return r;
};
const disagreements: Array<{ c: LimboCase; run: CaseRun }> = [];
/** Cases without the leaf key: judged by verifyChain directly (not through TLS, not counted above). */
const offline = { n: 0, agree: 0, differ: [] as string[] };
const der = (pem: string) => Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
const queue = [...cases];
let handshakeRefusals = 0;
const offlineOnly: string[] = [];

async function worker(): Promise<void> {
  for (let c = queue.shift(); c; c = queue.shift()) {
    const r = row(family(c));
    const skip = skipReason(c);
    if (skip) {
      r.skipped.set(skip, (r.skipped.get(skip) ?? 0) + 1);
      if (skip.startsWith('no leaf key')) {
        const at = c.validation_time ? new Date(c.validation_time) : new Date();
        const v = verifyChain({ sent: [c.peer_certificate, ...c.untrusted_intermediates].map(der), anchors: buildAnchors([], c.trusted_certs), name: c.expected_peer_name!.value, at });
        offline.n++;
        if ((v.ok ? 'SUCCESS' : 'FAILURE') === c.expected_result) offline.agree++;
        else offline.differ.push(c.id);
      }
      continue;
    }
    const run = await runCase(c);
    r.considered++;
    if (run.errors.some((e) => e.startsWith('tls/connect-failed'))) handshakeRefusals++;
    if (run.offlineOnly) offlineOnly.push(c.id);
    if (run.got === c.expected_result && !run.broken) r.agree++;
    else disagreements.push({ c, run });
    if (verbose) process.stdout.write(`${run.got === c.expected_result ? 'agree   ' : 'DISAGREE'} ${c.id} (expected ${c.expected_result})${run.errors.length ? `\n    ${run.errors.join('\n    ')}` : ''}\n`);
  }
}

const started = Date.now();
await Promise.all(Array.from({ length: 4 }, worker));

const pct = (a: number, n: number) => (n ? `${((100 * a) / n).toFixed(1)} %` : '—');
const lines = ['| family | considered | agree | agreement | skipped |', '| --- | ---: | ---: | ---: | --- |'];
let total = 0;
let agree = 0;
for (const [f, r] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
  total += r.considered;
  agree += r.agree;
  const skipped = [...r.skipped].map(([why, n]) => `${n} ${why}`).join('; ') || '—';
  lines.push(`| ${f} | ${r.considered} | ${r.agree} | ${pct(r.agree, r.considered)} | ${skipped} |`);
}
lines.push(`| **all** | ${total} | ${agree} | ${pct(agree, total)} | |`);
process.stdout.write(`x509-limbo (${file}), server-auth cases with a DNS peer name, through pmnet validate --live:\n\n${lines.join('\n')}\n\n`);
if (disagreements.length) {
  process.stdout.write('Disagreements:\n');
  for (const { c, run } of disagreements.sort((a, b) => a.c.id.localeCompare(b.c.id))) {
    const why = run.broken ?? (run.errors.length ? run.errors[0] : 'pmnet reported no tls/ error');
    process.stdout.write(`- ${c.id}: expected ${c.expected_result}, pmnet ${run.got} (${why})\n`);
  }
}
if (offline.n) process.stdout.write(`\nWithout a leaf key (not served, not counted above), pmnet's verdict offline (verifyChain on the same certificates) agrees on ${offline.agree} of ${offline.n}${offline.differ.length ? `; differs on ${offline.differ.join(', ')}` : ''}.\n`);
const web = rows.get('webpki');
const webOk = !!web && web.agree === web.considered;
const allOk = total > 0 && agree / total >= 0.95;
process.stdout.write(`\n${handshakeRefusals} case(s) were refused during the TLS handshake itself (tls/connect-failed).\n`);
if (offlineOnly.length) process.stdout.write(`${offlineOnly.length} case(s) were refused by the member-file rules before any TLS check (the peer name is not an acceptable node domain): ${offlineOnly.join(', ')}\n`);
process.stdout.write(`goal webpki:: 100 %: ${webOk ? 'met' : 'NOT met'}; goal all ≥ 95 %: ${allOk ? 'met' : 'NOT met'} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
process.exit(webOk && allOk ? 0 : 1);
