// The zone workflow's one issue: open (or updated) while member files on main fail validation,
// saying which and what the zone keeps for them; closed when main validates again.
import type { Io } from '../cli.js';
import type { Finding } from '../findings.js';
import { ghData, mdCell, mdCode } from '../report/escape.js';
import { formatMarkdown } from '../report/markdown.js';
import type { Kept } from '../zone/keep.js';
import { apiErrorLine, createClient, githubEnv, hasGithubEnv, type GitHubApi } from './client.js';

export const ZONE_LABEL = 'zone';
export const ZONE_MARKER = '<!-- pmnet:zone -->';

export function zoneIssueBody(findings: readonly Finding[], kept: readonly Kept[], runUrl?: string): string {
  const files = [...new Set(findings.map((f) => f.file))].sort();
  const out = [
    ZONE_MARKER,
    `The default branch does not validate: ${files.length} file${files.length === 1 ? '' : 's'} fail${files.length === 1 ? 's' : ''} (${files.map(mdCode).join(', ')}).`,
    '',
    'The zone workflow still publishes every valid member’s change. A member whose file fails keeps the records the committed zone last published for it, so nobody is removed by a broken file; fix the file by pull request.',
  ];
  if (kept.length) {
    out.push('', '| Member | Kept CNAME target | Kept shared-name addresses |', '| --- | --- | --- |');
    for (const k of kept) out.push(`| ${mdCell(k.id)} | ${mdCell(k.domain)} | ${k.addresses.map(mdCell).join(', ') || '—'} |`);
  }
  out.push('', formatMarkdown(findings.slice(0, 200), 'Validation errors on the default branch').trimEnd());
  if (findings.length > 200) out.push('', `…and ${findings.length - 200} more (run \`pmnet validate\`).`);
  out.push('', `Updated by the zone workflow${runUrl ? ` ([run](${runUrl}))` : ''}; closed when the default branch validates again.`, '');
  return out.join('\n');
}

/** Opens, updates or closes the one zone issue (found by its marker, among bot-written open issues labelled "zone"). */
export async function syncZoneIssueWith(api: GitHubApi, findings: readonly Finding[], kept: readonly Kept[], runUrl?: string): Promise<'opened' | 'updated' | 'closed' | 'none'> {
  const open = (await api.listOpenIssues(ZONE_LABEL)).find((i) => i.body.startsWith(ZONE_MARKER));
  if (!findings.length) {
    if (!open) return 'none';
    await api.createComment(open.number, 'Recovered: the default branch validates again (pmnet zone).');
    await api.updateIssue(open.number, { state: 'closed' });
    return 'closed';
  }
  const body = zoneIssueBody(findings, kept, runUrl);
  if (open) {
    if (open.body !== body) await api.updateIssue(open.number, { body });
    return 'updated';
  }
  await api.createIssue('pmnet zone: member files on the default branch fail validation', body, [ZONE_LABEL]);
  return 'opened';
}

/** From the command: a missing GitHub environment or an API failure is a warning, never a lost zone. */
export async function syncZoneIssue(io: Io, s: { findings: readonly Finding[]; kept: readonly Kept[] }, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (!hasGithubEnv(env)) {
    io.stderr('pmnet zone: --issue without GITHUB_API_URL, GITHUB_TOKEN, GITHUB_REPOSITORY: no issue touched\n');
    return;
  }
  const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  try {
    const did = await syncZoneIssueWith(createClient(githubEnv(env)), s.findings, s.kept, runUrl);
    if (did !== 'none') io.stdout(`pmnet zone: ${did} the zone issue\n`);
  } catch (err) {
    const line = apiErrorLine(err);
    if (line === undefined) throw err;
    io.stdout(`::warning title=pmnet zone::${ghData(`${line}; the zone issue was not updated`)}\n`);
  }
}
