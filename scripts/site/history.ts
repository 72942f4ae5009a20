// Recent governance history from git: every commit that added, changed or removed a member
// file, newest first, with the pull request number when the commit names one ("(#12)" as in
// squash merges, or "Merge pull request #12").
import { spawnSync } from 'node:child_process';

export interface HistoryEntry {
  date: string;
  kind: 'join' | 'update' | 'leave' | 'rename';
  member: string;
  subject: string;
  pr?: number;
}

export function parseGitLog(out: string): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const block of out.split('\x1e').map((b) => b.trim()).filter(Boolean)) {
    const [head, ...files] = block.split('\n');
    const [date = '', subject = ''] = head!.split('\x1f');
    const pr = /\(#(\d+)\)\s*$/.exec(subject)?.[1] ?? /^Merge pull request #(\d+)/.exec(subject)?.[1];
    for (const f of files) {
      const m = /^([AMDR])\d*\t(?:members\/([^\t/]+)\.yaml\t)?members\/([^\t/]+)\.yaml$/.exec(f.trim());
      if (!m) continue;
      const kind = m[1] === 'A' ? 'join' : m[1] === 'D' ? 'leave' : m[1] === 'R' ? 'rename' : 'update';
      const e: HistoryEntry = { date: date.slice(0, 10), kind, member: m[3]!, subject };
      if (pr) e.pr = Number(pr);
      entries.push(e);
    }
  }
  return entries;
}

/**
 * undefined when root is not a git checkout (or git is missing): the site says so. root may be
 * a subdirectory of the checkout: --relative prints paths relative to it (members/x.yaml, not
 * net/members/x.yaml), as the pathspec is.
 */
export function governanceHistory(root: string, limit = 50): HistoryEntry[] | undefined {
  const r = spawnSync('git', ['-C', root, 'log', '-n', String(limit * 2), '--first-parent', '--diff-merges=first-parent', '--find-renames', '--relative', '--name-status', '--format=%x1e%aI%x1f%s', '--', 'members/'], { encoding: 'utf8', timeout: 20000, maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0 || r.error) return undefined;
  return parseGitLog(r.stdout).slice(0, limit);
}
