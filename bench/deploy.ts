// Bench row 8: `pmnet deploy` of a one-member join to a 1,000-member zone against a loopback
// BIND primary (AXFR, UPDATE, serial wait and verification included), against `dig AXFR`
// of the same zone with the same key (the transfer every deploy must at least make).
// Standalone: node dist/bench/deploy.js [RUNS]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { findTool, startBind } from '../test/harness/bind.js';
import { generateNetwork, memberSpec, memberYaml } from './gen.js';
import { median, PMNET_BIN, progress, timeChild, type ChildResult } from './lib.js';

const SECRET = 'JT72nK2pUCr5A/OLBoJcife8658Ma7Tkc9XzAYIpWQU=';
const DOMAIN = 'synthetic-consortium.net';

export interface DeployBench {
  members: number;
  records: number;
  pmnet: number[];
  dig: number[];
  /** The deploy's own step times (AXFR, update, propagation, verification) per run. */
  steps: string[];
}

function ok(r: ChildResult, what: string): ChildResult {
  if (r.code !== 0) throw new Error(`${what} exited with ${r.code}\n${r.stdout.slice(-1500)}\n${r.stderr.slice(-1500)}`);
  return r;
}

export async function benchDeploy(work: string, members: number, runs: number): Promise<DeployBench> {
  const dig = findTool('dig');
  if (!dig) throw new Error('dig not found (bind9-dnsutils)');
  const dir = join(work, `deploy-${members}`);
  generateNetwork(dir, members, { addresses: 'public', suspended: 0 });
  const node = process.execPath;
  const zone = async () => ok(await timeChild(node, [PMNET_BIN, 'zone', '--root', dir, '--max-rrset', '0', '--force']), 'pmnet zone');
  const out = (await zone()).stdout;
  const records = Number(/, (\d+) records\)/.exec(out)?.[1] ?? NaN);
  const text = (await import('node:fs')).readFileSync(join(dir, 'zone', `${DOMAIN}.zone`), 'utf8');
  const keyFile = join(work, 'deploy.key');
  writeFileSync(keyFile, `deploy-key:hmac-sha256:${SECRET}\n`, { mode: 0o600 });
  const primary = await startBind([{ origin: DOMAIN, text, options: 'allow-update { key deploy-key; }; allow-transfer { key deploy-key; };' }], {
    extraOptions: 'max-records-per-type 0;',
    extraConfig: `key "deploy-key" { algorithm hmac-sha256; secret "${SECRET}"; };`,
  });
  const result: DeployBench = { members, records, pmnet: [], dig: [], steps: [] };
  try {
    for (let i = 0; i <= runs; i++) {
      const m = memberSpec(members + 1 + i, { addresses: 'public' });
      writeFileSync(join(dir, 'members', `${m.id}.yaml`), memberYaml(m));
      await zone();
      const d = ok(await timeChild(node, [PMNET_BIN, 'deploy', '--root', dir, '--key-file', keyFile, '--primary', primary.address, '--server', primary.address, '--wait', '10']), 'pmnet deploy');
      if (!/deploy deployed/.test(d.stdout)) throw new Error(`pmnet deploy did not deploy:\n${d.stdout}`);
      const a = ok(await timeChild(dig, ['-y', `hmac-sha256:deploy-key:${SECRET}`, '-p', String(primary.port), '@127.0.0.1', DOMAIN, 'AXFR']), 'dig AXFR');
      if (!/XFR size: \d+ records/.test(a.stdout)) throw new Error(`dig AXFR failed:\n${a.stdout}`);
      if (i === 0) continue; // warm-up
      result.pmnet.push(d.ms);
      result.dig.push(a.ms);
      result.steps.push(/^time: (.*)$/m.exec(d.stdout)?.[1] ?? '?');
    }
  } finally {
    await primary.stop();
  }
  return result;
}

if (process.argv[1]?.endsWith('bench/deploy.js')) {
  const work = mkdtempSync(join(tmpdir(), 'pmnet-bench-deploy-'));
  const runs = Number(process.argv[2] ?? 5);
  progress(`8. pmnet deploy, one-member join to a 1,000-member zone, ${runs} runs`);
  try {
    const r = await benchDeploy(work, 1000, runs);
    console.log(JSON.stringify({ ...r, medianPmnet: Math.round(median(r.pmnet)), medianDig: Math.round(median(r.dig)) }, null, 1));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
