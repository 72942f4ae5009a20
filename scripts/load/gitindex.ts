// Which member files git vouches for: tracked, and unchanged in the work tree since the index
// recorded them. For those the index holds the blob id of their bytes, so a cached result keyed
// by that id can be used without reading the file (in CI, a fresh checkout of 10,000 members
// costs more to read than to judge). git's own check is by stat data, with racily clean entries
// compared by content, as `git status` does. Anything git does not vouch for, or any doubt
// (no git, no repository, another object format, an error), and the file is read and hashed.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';

/** Path relative to the consortium root ('members/x.yaml') -> git blob id (40 hex). */
export type Vouched = ReadonlyMap<string, string>;

/** The blob id git gives these bytes: SHA-1 of "blob <length>\0" + bytes. */
export function gitBlobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/**
 * Settings that would let git call a file unchanged without looking: the fsmonitor (a daemon's
 * answer), ignoreStat (everything assumed unchanged), a minimal stat check, untrusted ctime.
 */
const FORCED = ['-c', 'core.fsmonitor=false', '-c', 'core.ignoreStat=false', '-c', 'core.checkStat=default', '-c', 'core.trustctime=true'];

/**
 * Asks git about DIR (relative to root). Resolves to undefined whenever git cannot answer; never
 * rejects. Runs in a child process, so the caller can read its cache meanwhile.
 */
export function gitVouched(root: string, dir = 'members', timeoutMs = 10_000): Promise<Vouched | undefined> {
  // Variables that point git at another repository, index or work tree would make its answer
  // be about other files.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GIT_')));
  const args = ['-C', root, '--no-optional-locks', ...FORCED, 'ls-files', '--cached', '--modified', '--deleted', '--stage', '-t', '-v', '-z', '--', dir];
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn('git', args, { env, stdio: ['ignore', 'pipe', 'ignore'], timeout: timeoutMs });
    } catch {
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.once('error', () => resolve(undefined));
    child.once('close', (code) => resolve(code === 0 ? parseLsFiles(Buffer.concat(chunks).toString('utf8'), dir) : undefined));
  });
}

/**
 * `ls-files -c -m -d -s -t -v -z` lists every index entry as "H <mode> <id> <stage>\t<path>",
 * then again under C (modified) or R (removed). Lower-case tags are assume-unchanged entries, S
 * skip-worktree, M unmerged: git did not look at those files, so they are not vouched for.
 */
const HEX40 = /^[0-9a-f]{40}$/;

export function parseLsFiles(out: string, dir: string): Vouched | undefined {
  const vouched = new Map<string, string>();
  const doubt = new Set<string>();
  const prefix = `${dir}/`;
  for (const rec of out.split('\0')) {
    if (rec === '') continue;
    // "T MMMMMM <40 hex> S\t<path>": fixed columns, checked (a 64-hex id is another object
    // format, SHA-256, whose ids the cache does not hold).
    if (rec.charCodeAt(51) !== 9 || rec[1] !== ' ' || rec[8] !== ' ' || rec[49] !== ' ') return undefined;
    const tag = rec[0];
    const mode = rec.slice(2, 8);
    const id = rec.slice(9, 49);
    const stage = rec[50];
    const path = rec.slice(52);
    if (!HEX40.test(id) || !path.startsWith(prefix)) return undefined;
    if (tag === 'H' && stage === '0' && (mode === '100644' || mode === '100755')) vouched.set(path, id);
    else doubt.add(path);
  }
  for (const p of doubt) vouched.delete(p);
  return vouched;
}
