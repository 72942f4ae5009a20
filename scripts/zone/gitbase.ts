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
/** git cat-file's object header, as --batch-check prints it and --batch before each object. */
const HEADER = /^[0-9a-f]+ blob (\d+)$/;

function git(root: string, args: string[], maxBuffer = 1024 * 1024, input?: string): Buffer {
  return execFileSync('git', ['-C', root, ...args], { maxBuffer, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], timeout: 120_000, ...(input === undefined ? {} : { input }) });
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
    const wanted: Array<{ path: string; sha: string }> = [];
    for (const entry of listing.split('\0')) {
      const m = /^(\d{6}) blob ([0-9a-f]{40,64})\t(.+)$/s.exec(entry);
      if (!m || !KEEP.test(m[3]!) || (m[1] !== '100644' && m[1] !== '100755')) continue;
      wanted.push({ path: m[3]!, sha: m[2]! });
    }
    // Two git processes for the whole ref (sizes, then contents), not two per file: a ref of
    // 10,000 members took 20,000 processes, over five minutes of every zone run.
    const input = wanted.map((w) => `${w.sha}\n`).join('');
    const sizes = wanted.length ? git(root, ['cat-file', '--batch-check'], 64 * 1024 * 1024, input).toString('utf8').split('\n') : [];
    let total = 0;
    wanted.forEach((w, i) => {
      const size = Number(HEADER.exec(sizes[i] ?? '')?.[1] ?? NaN);
      if (!Number.isSafeInteger(size)) throw new Error(`git cat-file --batch-check: no size for ${w.path} in ${ref}`);
      if (size > MAX_BLOB) throw new UsageError(`${w.path} in ${ref} is ${size} bytes: too large to be a consortium file`);
      total += size;
    });
    const blobs = wanted.length ? git(root, ['cat-file', '--batch'], total + wanted.length * 128 + 1, input) : Buffer.alloc(0);
    let at = 0;
    for (const w of wanted) {
      // "<sha> blob <size>\n<content>\n" per object, in the order asked.
      const eol = blobs.indexOf(0x0a, at);
      const size = Number(HEADER.exec(blobs.toString('latin1', at, eol))?.[1] ?? NaN);
      if (eol < 0 || !Number.isSafeInteger(size) || eol + 1 + size > blobs.length) throw new Error(`git cat-file --batch: unexpected output for ${w.path} in ${ref}`);
      const target = join(dir, w.path);
      mkdirSync(join(target, '..'), { recursive: true });
      writeFileSync(target, blobs.subarray(eol + 1, eol + 1 + size));
      at = eol + 1 + size + 1;
    }
  } catch (err) {
    cleanup();
    throw err;
  }
  return { dir, commit, cleanup };
}
