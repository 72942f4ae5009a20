// Summarises V8 .cpuprofile files (node --cpu-prof): self time per function, top first.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO } from './lib.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  fn: string;
  where: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Self time, any code. */
  top: HotSpot[];
  /** Inclusive time (self + callees) of pmnet's own functions (dist/scripts/), top first. */
  own: HotSpot[];
}

function where(url: string, line: number): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? relative(REPO, new URL(url).pathname) : url;
  return `${path}:${line + 1}`;
}

export function summarizeProfile(file: string, top = 12): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: ProfileNode) => {
    const fn = n.callFrame.functionName || (n.callFrame.url ? '(anonymous)' : '(native)');
    const w = where(n.callFrame.url, n.callFrame.lineNumber);
    return { fn, where: w, key: `${fn}@${w}`, own: n.callFrame.url.includes('/dist/scripts/') };
  };
  const self = new Map<string, { fn: string; where: string; us: number }>();
  const incl = new Map<string, { fn: string; where: string; us: number }>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    const n = byId.get(id);
    if (!n) return;
    const me = name(n);
    const e = self.get(me.key) ?? { fn: me.fn, where: me.where, us: 0 };
    e.us += dt;
    self.set(me.key, e);
    // Inclusive: every distinct pmnet frame on this sample's stack (recursion counted once).
    const seen = new Set<string>();
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const f = name(byId.get(x)!);
      if (!f.own || seen.has(f.key)) continue;
      seen.add(f.key);
      const g = incl.get(f.key) ?? { fn: f.fn, where: f.where, us: 0 };
      g.us += dt;
      incl.set(f.key, g);
    }
  });
  const rank = (m: Map<string, { fn: string; where: string; us: number }>) =>
    [...m.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((e) => ({ fn: e.fn, where: e.where, selfMs: e.us / 1000, share: total ? e.us / total : 0 }));
  return { file, totalMs: total / 1000, top: rank(self), own: rank(incl) };
}

/** Every profile in a directory (main thread and workers each write one). */
export function summarizeDir(dir: string, top = 12): ProfileSummary[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .map((f) => summarizeProfile(join(dir, f), top));
}

export function profileToMarkdown(title: string, summaries: readonly ProfileSummary[]): string {
  const parts = [`#### ${title}`, ''];
  for (const s of summaries) {
    parts.push(`Profile ${s.file.split('/').pop()} (${Math.round(s.totalMs)} ms sampled):`, '', '| self ms | share | function | where |', '| ---: | ---: | --- | --- |');
    for (const r of s.top) parts.push(`| ${r.selfMs.toFixed(1)} | ${(r.share * 100).toFixed(1)} % | \`${r.fn}\` | ${r.where} |`);
    parts.push('');
    if (s.own.length) {
      parts.push('pmnet\'s own functions, inclusive time (self + callees):', '', '| incl. ms | share | function | where |', '| ---: | ---: | --- | --- |');
      for (const r of s.own) parts.push(`| ${r.selfMs.toFixed(1)} | ${(r.share * 100).toFixed(1)} % | \`${r.fn}\` | ${r.where} |`);
      parts.push('');
    }
  }
  return parts.join('\n');
}
