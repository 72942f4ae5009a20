// The scheduled audit: every member's checks, one tracking issue per failing member.
// It only reports: it never edits member files or the zone.
import type { Finding } from '../findings.js';
import { mdCell, mdCode, mdText } from '../report/escape.js';
import { formatMarkdown } from '../report/markdown.js';
import type { GitHubApi } from './client.js';
import { memberId } from './classify.js';

export const AUDIT_LABEL = 'audit';
export const auditMarker = (id: string) => `<!-- pmnet:audit:${id} -->`;
const MARKER_RE = /^<!-- pmnet:audit:([a-z0-9-]{1,63}) -->/;

export interface MemberAudit {
  id: string;
  file: string;
  /** active, suspended, or invalid (the file does not load). */
  status: 'active' | 'suspended' | 'invalid';
  findings: Finding[];
  errors: number;
}

/** Groups findings by member file; `known` lists every member file with its status. */
export function auditMembers(known: readonly { file: string; status: string }[], findings: readonly Finding[]): MemberAudit[] {
  const byFile = new Map<string, MemberAudit>();
  const entry = (file: string, status: MemberAudit['status']): MemberAudit | undefined => {
    const id = memberId(file);
    if (id === undefined || !MARKER_RE.test(auditMarker(id))) return undefined;
    let a = byFile.get(file);
    if (!a) byFile.set(file, (a = { id, file, status, findings: [], errors: 0 }));
    return a;
  };
  for (const k of known) entry(k.file, k.status === 'suspended' ? 'suspended' : 'active');
  for (const f of findings) {
    const a = byFile.get(f.file) ?? entry(f.file, 'invalid');
    if (!a) continue;
    a.findings.push(f);
    if (f.severity === 'error') a.errors++;
  }
  return [...byFile.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export const failing = (a: MemberAudit) => a.status !== 'suspended' && a.errors > 0;

export interface IssueAction {
  action: 'open' | 'update' | 'close';
  id: string;
  issue?: number;
}

/**
 * How the health record steers the issues (scripts/health/issues.ts): which members want an
 * open issue given whether one is open (hysteresis), extra body text, and the closing reason.
 * Without it, an issue follows the member's errors of this run.
 */
export interface IssuePolicy {
  want(a: MemberAudit, open: boolean): boolean;
  note(a: MemberAudit): string;
  recovered(a: MemberAudit): string;
  /** A comment for an open issue this run (the thread keeps the history), or undefined. */
  comment?(a: MemberAudit): string | undefined;
}

/** Opens, updates (body replaced) or closes one issue per member, found by its marker. */
export async function syncIssues(api: GitHubApi, audits: readonly MemberAudit[], ctx: { when: Date; runUrl?: string | undefined; dryRun: boolean; policy?: IssuePolicy }): Promise<IssueAction[]> {
  const open = new Map<string, number>();
  for (const i of await api.listOpenIssues(AUDIT_LABEL)) {
    const id = MARKER_RE.exec(i.body)?.[1];
    if (id !== undefined && !open.has(id)) open.set(id, i.number);
  }
  const actions: IssueAction[] = [];
  const byId = new Map(audits.map((a) => [a.id, a]));
  const wanted = (a: MemberAudit) => (ctx.policy ? ctx.policy.want(a, open.has(a.id)) : failing(a));
  for (const a of audits) {
    if (!wanted(a)) continue;
    const body = issueBody(a, ctx) + (ctx.policy ? ctx.policy.note(a) : '');
    const n = open.get(a.id);
    if (n === undefined) {
      const created = ctx.dryRun ? undefined : await api.createIssue(`pmnet audit: member ${a.id} fails its checks`, body, [AUDIT_LABEL]);
      actions.push({ action: 'open', id: a.id, ...(created !== undefined ? { issue: created } : {}) });
    } else {
      const comment = ctx.policy?.comment?.(a);
      if (!ctx.dryRun) await api.updateIssue(n, { body });
      if (!ctx.dryRun && comment) await api.createComment(n, comment);
      actions.push({ action: 'update', id: a.id, issue: n });
    }
  }
  for (const [id, n] of open) {
    const a = byId.get(id);
    if (a && wanted(a)) continue;
    const why = !a ? `\`${id}\` is no longer a member file.` : a.status === 'suspended' ? `member \`${id}\` is suspended; suspended members are not audited.` : ctx.policy ? ctx.policy.recovered(a) : `member \`${id}\` passes every check again.`;
    if (!ctx.dryRun) {
      await api.createComment(n, `Recovered: ${why} (pmnet audit, ${ctx.when.toISOString()}${ctx.runUrl ? `, [run](${ctx.runUrl})` : ''})`);
      await api.updateIssue(n, { state: 'closed' });
    }
    actions.push({ action: 'close', id, issue: n });
  }
  return actions;
}

function issueBody(a: MemberAudit, ctx: { when: Date; runUrl?: string | undefined }): string {
  return [
    auditMarker(a.id),
    `The scheduled audit finds ${a.errors} error${a.errors === 1 ? '' : 's'} for member ${mdCode(a.id)} (${mdCode(a.file)}).`,
    '',
    formatMarkdown(a.findings, `pmnet audit: ${a.id}`).trimEnd(),
    '',
    `Last checked ${ctx.when.toISOString()}${ctx.runUrl ? ` ([run](${ctx.runUrl}))` : ''}. This issue is updated while the member fails and closed when it recovers. The audit only reports: it never changes member files or the zone, so a failing check does not remove a member; the consortium decides by pull request.`,
    '',
  ].join('\n');
}

export function auditSummary(network: string, audits: readonly MemberAudit[], networkFindings: readonly Finding[], actions: readonly IssueAction[], live: boolean): string {
  const bad = audits.filter(failing);
  const issueOf = new Map(actions.map((x) => [x.id, x]));
  const out = [`## pmnet audit: ${mdText(network)}`, '', `${audits.length} member file${audits.length === 1 ? '' : 's'}, ${bad.length} failing${live ? '' : ' (offline checks only)'}.`, ''];
  out.push('| Member | Status | Errors | Warnings | Issue |', '| --- | --- | --- | --- | --- |');
  for (const a of audits) {
    const warnings = a.findings.filter((f) => f.severity === 'warning').length;
    const x = issueOf.get(a.id);
    const issue = x ? `${x.action}${x.issue !== undefined ? ` #${x.issue}` : ''}` : '—';
    out.push(`| ${mdCell(a.id)} | ${failing(a) ? '❌ failing' : a.status === 'suspended' ? 'suspended' : a.status === 'invalid' ? '❌ invalid' : '✅ ok'} | ${a.errors} | ${warnings} | ${issue} |`);
  }
  const all = [...networkFindings, ...audits.flatMap((a) => a.findings)];
  out.push('', formatMarkdown(all, 'All findings').trimEnd(), '');
  return out.join('\n');
}
