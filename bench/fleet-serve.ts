// Runs a loopback fleet (test/harness/fleet.ts) in its own process, so the process under
// measurement does only the client side. Writes the fleet description to <root>/fleet.json,
// prints "READY <path>" and serves until SIGTERM or until stdin closes (the parent died).
// Run: node dist/bench/fleet-serve.js --n 1000 [--fault-share 0.1] [--timeout 1000] [--subset 100] [--pr 100]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLoopbackFleet } from '../test/harness/fleet.js';

export interface FleetInfo {
  root: string;
  port: number;
  resolver: string;
  caFile: string;
  members: { id: string; domain: string; address: string; status: string; fault?: string }[];
  /** Consortium dirs holding only the first N members. */
  subsets: Record<string, string>;
  /** A base checkout of N-1 members and the N-th member's file, for a join pull request. */
  pr?: { base: string; id: string; file: string; text: string; github: string };
}

const { values } = parseArgs({
  options: {
    n: { type: 'string' },
    'fault-share': { type: 'string' },
    timeout: { type: 'string' },
    subset: { type: 'string', multiple: true },
    pr: { type: 'string' },
  },
});
const n = Number(values.n ?? 1000);
const fleet = await startLoopbackFleet({
  n,
  faultShare: Number(values['fault-share'] ?? 0),
  live: { timeoutMs: Number(values.timeout ?? 1000), retries: 1, concurrency: 64 },
});
const ids = fleet.members.map((m) => m.id);
const info: FleetInfo = {
  root: fleet.root,
  port: fleet.port,
  resolver: fleet.bind.address,
  caFile: fleet.caFile,
  members: fleet.members.map((m) => ({ id: m.id, domain: m.domain, address: m.address, status: m.status, ...(m.fault ? { fault: m.fault } : {}) })),
  subsets: {},
};
for (const s of values.subset ?? []) {
  const dir = join(fleet.root, `subset-${s}`);
  fleet.writeRoot(dir, ids.slice(0, Number(s)));
  info.subsets[s] = dir;
}
if (values.pr) {
  const k = Number(values.pr);
  const base = join(fleet.root, `pr-base-${k}`);
  fleet.writeRoot(base, ids.slice(0, k - 1));
  const id = ids[k - 1]!;
  info.pr = { base, id, file: `members/${id}.yaml`, text: fleet.memberText(id), github: `gh-${id}` };
}
const file = join(fleet.root, 'fleet.json');
writeFileSync(file, JSON.stringify(info));
process.stdout.write(`READY ${file}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await fleet.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
