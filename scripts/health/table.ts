// pmnet health's table: member, score, trend, last failure, in rotation, as text, JSON or
// Markdown (the job summary); and the status site's health input (docs/site.md).
import { mdCode, mdText } from '../report/escape.js';
import type { HealthRecord } from './record.js';
import { STEADY } from './score.js';

export interface HealthRow {
  member: string;
  score: number;
  /** Change since the previous update: up, down or steady. */
  trend: 'up' | 'down' | 'steady';
  monitors: Record<string, number>;
  failingSince: string | null;
  lastFailure: { at: string; monitor: string; rules: string[] } | null;
  inRotation: boolean;
  rotationReason: string | null;
}

export function healthRows(record: HealthRecord): HealthRow[] {
  return Object.entries(record.members)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, m]) => {
      const h = m.history;
      const d = h.length >= 2 ? h[h.length - 1]!.score - h[h.length - 2]!.score : 0;
      return {
        member: id,
        score: m.score,
        trend: d > 0.05 ? 'up' : d < -0.05 ? 'down' : 'steady',
        monitors: m.monitors,
        failingSince: m.failingSince ?? null,
        lastFailure: m.lastFailure ? { at: m.lastFailure.at, monitor: m.lastFailure.monitor, rules: [...new Set(m.lastFailure.findings.map((f) => f.rule))] } : null,
        inRotation: m.inRotation,
        rotationReason: m.rotationReason ?? null,
      };
    });
}

const ARROW = { up: '↑', down: '↓', steady: '→' } as const;
const score = (n: number) => n.toFixed(1);

export function healthText(record: HealthRecord): string {
  const rows = healthRows(record);
  const head = ['member', 'score', 'trend', 'rotation', 'last failure'];
  const body = rows.map((r) => [r.member, score(r.score), ARROW[r.trend], r.inRotation ? 'in' : 'out', r.lastFailure ? `${r.lastFailure.at} ${r.lastFailure.rules.join(', ')}` : '—']);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(w[i]!))).join('  ').trimEnd();
  return `${[line(head), ...body.map(line)].join('\n')}\n${rows.length} member${rows.length === 1 ? '' : 's'}, ${rows.filter((r) => r.inRotation).length} in rotation; record updated ${record.updated}\n`;
}

export function healthJson(record: HealthRecord): string {
  return `${JSON.stringify({ updated: record.updated, members: healthRows(record) }, null, 2)}\n`;
}

export function healthMarkdown(record: HealthRecord, network: string): string {
  const rows = healthRows(record);
  const out = [`## pmnet health: ${mdText(network)}`, '', `${rows.length} members, ${rows.filter((r) => r.inRotation).length} in rotation (record updated ${record.updated}).`, ''];
  out.push('| Member | Score | Trend | Rotation | Failing since | Last failure |', '| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const last = r.lastFailure ? `${r.lastFailure.at} (${r.lastFailure.rules.map(mdCode).join(', ')})` : '—';
    out.push(`| ${mdCode(r.member)} | ${score(r.score)} | ${ARROW[r.trend]} | ${r.inRotation ? '✅ in' : `⛔ out${r.rotationReason ? `: ${mdText(r.rotationReason)}` : ''}`} | ${r.failingSince ?? '—'} | ${last} |`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * The status site's health input ({"members": {id: [{at, score}]}}, 0 to 100): a score is shown
 * as its share of the steady state 20, and 0 for anything at or below 0.
 */
export function siteHealth(record: HealthRecord): { members: Record<string, { at: string; score: number }[]> } {
  const members: Record<string, { at: string; score: number }[]> = {};
  for (const [id, m] of Object.entries(record.members)) members[id] = m.history.map((h) => ({ at: h.at, score: Math.max(0, Math.min(100, Math.round((h.score / STEADY) * 100))) }));
  return { members };
}
