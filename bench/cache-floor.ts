// Row 1c's floor: the least any run after one member file changed must do, in Node, with nothing
// pmnet adds. It asks git which member files changed (rather than reading 10,000 of them), loads
// the YAML parser and parses the changed files, reads a compact file of every member's
// cross-member keys (id, domain, GitHub logins, addresses: what the uniqueness rules compare,
// which the issue wants judged over the whole set every run), updates the changed members' keys
// and counts duplicates. No schema, no per-file rules, no positions, no integrity check of the
// cache, no report, nothing written. Prints {"changed", "keys", "duplicates"} as JSON.
//   node dist/bench/cache-floor.js --prepare ROOT KEYS_FILE   (once, untimed: reads every member)
//   node dist/bench/cache-floor.js ROOT KEYS_FILE             (the measured run)
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Keys {
  file: string[];
  keys: string[][];
}

const args = process.argv.slice(2);
const prepare = args[0] === '--prepare';
const [root, keysFile] = prepare ? args.slice(1) : args;
if (!root || !keysFile) {
  console.error('usage: node dist/bench/cache-floor.js [--prepare] ROOT KEYS_FILE');
  process.exit(2);
}

interface Member {
  id: string;
  github?: string[];
  node: { domain: string; ipv4?: string[]; ipv6?: string[] };
}

const keysOf = (m: Member): string[] => [`id:${m.id.toLowerCase()}`, `domain:${m.node.domain.toLowerCase()}`, ...(m.github ?? []).map((g) => `github:${g.toLowerCase()}`), ...[...(m.node.ipv4 ?? []), ...(m.node.ipv6 ?? [])].map((a) => `ip:${a}`)];

if (prepare) {
  const { parse } = await import('yaml');
  const files = readdirSync(join(root, 'members')).filter((f) => f.endsWith('.yaml')).sort();
  const out: Keys = { file: files, keys: files.map((f) => keysOf(parse(readFileSync(join(root, 'members', f), 'utf8')) as Member)) };
  writeFileSync(keysFile, JSON.stringify(out));
} else {
  // git stats every tracked member file in its own process while this one loads and reads.
  const git = new Promise<string>((resolve) => {
    const c = spawn('git', ['-C', root, 'ls-files', '--modified', '-z', '--', 'members'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    c.stdout.on('data', (d: Buffer) => chunks.push(d));
    c.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
  const { parse } = await import('yaml');
  const all = JSON.parse(readFileSync(keysFile, 'utf8')) as Keys;
  const changed = (await git).split('\0').filter(Boolean);
  const at = new Map(all.file.map((f, i) => [f, i]));
  for (const path of changed) {
    const i = at.get(path.slice('members/'.length));
    if (i !== undefined) all.keys[i] = keysOf(parse(readFileSync(join(root, path), 'utf8')) as Member);
  }
  const seen = new Set<string>();
  let keys = 0;
  let duplicates = 0;
  for (const ks of all.keys) {
    for (const k of ks) {
      keys++;
      if (seen.has(k)) duplicates++;
      else seen.add(k);
    }
  }
  console.log(JSON.stringify({ changed: changed.length, keys, duplicates }));
}
