// Above PARALLEL_THRESHOLD member files, worker threads parse while the main thread judges the
// files it parsed itself (load/parallel.ts loadInStages). The report must be exactly the
// one-thread report: findings (with positions), members in order, texts, cross-member findings
// between files parsed by different threads, and the cache filled by either.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateNetwork } from '../../bench/gen.js';
import { MemoryCache } from '../../scripts/load/cache.js';
import { PARALLEL_THRESHOLD } from '../../scripts/load/parallel.js';
import { validateOffline, type ValidateResult } from '../../scripts/validate.js';

function view(r: ValidateResult) {
  return { findings: r.findings, ok: r.ok, internal: r.internalErrors, texts: [...r.texts].sort(), members: r.members.map((m) => [m.id, m.source.file, m.data]) };
}

async function withThreads<T>(n: number, fn: () => Promise<T>): Promise<T> {
  const saved = process.env.PMNET_THREADS;
  process.env.PMNET_THREADS = String(n);
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.PMNET_THREADS;
    else process.env.PMNET_THREADS = saved;
  }
}

test('worker threads and one thread give the same report, findings in every chunk and across chunks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pmnet-parallel-'));
  const n = PARALLEL_THRESHOLD + 200;
  generateNetwork(dir, n, { addresses: 'public', suspended: 0.05 });
  const names = readdirSync(join(dir, 'members')).sort();
  const first = names[3]!;
  const last = names[n - 5]!;
  const firstText = readFileSync(join(dir, 'members', first), 'utf8');
  // The last chunk's file takes the first chunk's address: a cross-member finding across threads.
  const ip = /ipv4: \[([^\]]+)\]/.exec(firstText)![1]!.split(',')[0]!.trim();
  writeFileSync(join(dir, 'members', last), readFileSync(join(dir, 'members', last), 'utf8').replace(/ipv4: \[[^\]]*\]/, `ipv4: [${ip}]`));
  const typed = names[5]!;
  writeFileSync(join(dir, 'members', typed), readFileSync(join(dir, 'members', typed), 'utf8').replace(/^ {2}name: .*$/m, '  name: 5'));
  writeFileSync(join(dir, 'members', names[Math.floor(n / 2)]!), 'id: [broken\n');
  writeFileSync(join(dir, 'members', names[n - 2]!), readFileSync(join(dir, 'members', names[n - 2]!), 'utf8').replace(/ipv4: \[[^\]]*\]/, 'ipv4: ["127.1"]'));

  const one = view(await withThreads(1, () => validateOffline({ root: dir })));
  assert.ok(one.findings.some((f) => f.rule === 'member/unique-ip' && f.file === `members/${last}`), 'cross-chunk duplicate');
  assert.ok(one.findings.some((f) => f.rule === 'yaml/syntax'));
  assert.ok(one.findings.some((f) => f.rule === 'member/ip-syntax' && f.file === `members/${names[n - 2]}`));
  assert.ok(one.findings.some((f) => f.rule.startsWith('schema/') && f.file === `members/${typed}`));
  const two = view(await withThreads(2, () => validateOffline({ root: dir })));
  assert.equal(two, one);
  const three = view(await withThreads(3, () => validateOffline({ root: dir })));
  assert.equal(three, one);

  // A cache filled by the threaded run serves a one-thread run with the same report.
  const cache = new MemoryCache();
  await withThreads(2, () => validateOffline({ root: dir, cache }));
  assert.equal(view(await withThreads(1, () => validateOffline({ root: dir, cache }))), one);
});

test.run();
