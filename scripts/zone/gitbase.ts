// Materialises network.yaml, members/*.yaml and zone/*.zone of a git ref into a temp dir,
// so the base of a plan is validated exactly like the working tree. git runs with argument
// arrays (never a shell string); only regular files are copied (a symlink in a ref could
// otherwise point the validator at /etc/passwd).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../commands/args.js';

export interface Materialised {
  dir: string;
  commit: string;
  cleanup(): void;
}

const KEEP = /^(?:network\.yaml|members\/[^/]+|zone\/[^/]+\.zone)$/;
const MAX_BLOB = 4 * 1024 * 1024;

function git(root: string, args: string[], maxBuffer = 1024 * 1024): Buffer {
  return execFileSync('git', ['-C', root, ...args], { maxBuffer, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
}

export function materialiseRef(root: string, ref: string): Materialised {
  if (!ref || ref.startsWith('-') || /[\0\s]/.test(ref)) throw new UsageError(`--base must be a git ref, not ${JSON.stringify(ref)}`);
  let commit: string;
  try {
    commit = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).toString().trim();
  } catch {
    throw new UsageError(`--base ${JSON.stringify(ref)} is not a commit in the git repository at ${root}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'pmnet-base-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const listing = git(root, ['ls-tree', '-r', '-z', commit, '--', 'network.yaml', 'members', 'zone'], 64 * 1024 * 1024).toString('utf8');
    for (const entry of listing.split('\0')) {
      const m = /^(\d{6}) blob ([0-9a-f]{40,64})\t(.+)$/s.exec(entry);
      if (!m || !KEEP.test(m[3]!) || (m[1] !== '100644' && m[1] !== '100755')) continue;
      const path = m[3]!;
      const size = Number(git(root, ['cat-file', '-s', m[2]!]).toString().trim());
      if (size > MAX_BLOB) throw new UsageError(`${path} in ${ref} is ${size} bytes: too large to be a consortium file`);
      const bytes = git(root, ['cat-file', 'blob', m[2]!], MAX_BLOB + 1);
      const target = join(dir, path);
      mkdirSync(join(target, '..'), { recursive: true });
      writeFileSync(target, bytes);
    }
  } catch (err) {
    cleanup();
    throw err;
  }
  return { dir, commit, cleanup };
}
