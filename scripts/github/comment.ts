// The sticky pull-request comment (and job summary): verdict, approvals, findings, zone plan.
// Member- and PR-controlled text goes through mdText/mdCode: no mentions, no HTML, no links.
import { mdCell, mdCode, mdText } from '../report/escape.js';
import { formatMarkdown } from '../report/markdown.js';
import { planToMarkdown } from '../zone/plan.js';
import { planText } from '../tendermint/plan-report.js';
import { short, type ReviewerLine } from './governance.js';
import { clip, type Judgement } from './judge.js';
import type { TlsFacts } from '../live/tls/facts.js';

export const PR_MARKER = '<!-- pmnet:pr-check -->';
/** GitHub refuses comment bodies over 65,536 characters. */
const MAX_BODY = 60_000;

const HEADLINE = {
  success: '✅ pmnet: ready to merge',
  pending: '⏳ pmnet: waiting for approvals',
  failure: '❌ pmnet: this pull request cannot be merged yet',
} as const;

export function renderComment(j: Judgement, runUrl?: string): string {
  let body = render(j, j.findings.length, runUrl);
  for (let keep = Math.min(j.findings.length, 200); body.length > MAX_BODY && keep >= 0; keep = keep > 10 ? Math.floor(keep / 2) : keep - 1) body = render(j, keep, runUrl);
  return body;
}

function render(j: Judgement, keepFindings: number, runUrl?: string): string {
  // Approved and checked offline, but a join or seat change waits for the live run (fail closed).
  const headline = j.verdict.state === 'pending' && j.unchecked && j.tally?.met ? '⏳ pmnet: waiting for a live run (pr-check without --offline)' : HEADLINE[j.verdict.state];
  const out: string[] = [PR_MARKER, `## ${headline}`, ''];
  const c = j.classification;
  const by = `opened by ${mdText(j.pull.author)}`;
  if (c.ok && c.kind === 'governance') out.push(`**Governance change** (${c.governanceFiles.length} file${c.governanceFiles.length === 1 ? '' : 's'}), ${by}. Member organizations approve it at the \`governance.governance\` threshold of \`network.yaml\`.`);
  else if (c.ok) {
    const m = c.member;
    const from = m.previousFile ? ` (renamed from ${mdCode(m.previousFile)})` : '';
    out.push(`**${m.kind === 'rename' ? 'Rename' : m.kind[0]!.toUpperCase() + m.kind.slice(1)}** of member ${mdCode(m.id)}: ${mdCode(m.file)}${from}, ${by}.`);
  } else out.push(`**Not a valid change**, ${by}.`);
  out.push('', `**Status \`pmnet/governance\`: ${j.verdict.state}** — ${mdText(j.verdict.description)}`);
  if (j.verdict.reasons.length) {
    out.push('');
    for (const r of j.verdict.reasons) out.push(`- ${mdText(r)}`);
  }
  if (j.member) out.push(...memberSection(j.member));

  if (j.tally) {
    const t = j.tally;
    out.push('', `### Approvals: ${t.approvedBy.length} of ${t.required} needed`, '');
    if (j.seat?.joinBar.length) out.push(`Judged at the **join** threshold: ${mdText(j.seat.joinBar.join('; '))}\.`, '');
    if (j.powerBar) out.push('Judged at the **join** threshold: the change moves voting power or replaces a validator key (see the Tendermint validator plan).', '');
    if (j.seat?.proof.length && c.ok && c.kind !== 'join') out.push(`The TXT proof of control of the node domain is required as for a join: ${mdText(j.seat.proof.join('; '))}\.`, '');
    const own = t.authorOrgs.length ? `; the author's own organization (${t.authorOrgs.map(mdCode).join(', ')}) does not count` : '';
    out.push(`Counted once per member organization, from the default branch's \`github\` lists; ${t.others} other active member${t.others === 1 ? '' : 's'}${own}. An approval counts for the commit it was given on.`);
    if (t.founding) out.push('', 'The **founding path** is open (`governance.founding` in `network.yaml`): one approval of the head by a founding approver listed there is enough.');
    if (t.founders.length) out.push('', `Founding approval by: ${t.founders.map(mdText).join(', ')}.`);
    if (t.approvedBy.length) out.push('', `Approved by: ${t.approvedBy.map(mdCode).join(', ')}.`);
    out.push('', t.remaining.length ? `Can still approve: ${t.remaining.map(mdCode).join(', ')}.` : 'No other member organization can still approve.');
    out.push(...reviewerTable(t.reviewers, true));
  }
  if (j.maintainers) {
    const m = j.maintainers;
    out.push('', '### Maintainer approval (CODEOWNERS)', '');
    if (m.approvedBy.length) out.push(`Approved by ${m.approvedBy.map(mdText).join(', ')}.`);
    if (m.waitingFor.length) out.push(`Waiting for one of: ${m.waitingFor.map(mdText).join(', ')}.`);
    if (m.teams.length) out.push(`Approval by ${m.teams.map(mdText).join(', ')} is enforced by branch protection's code-owner review (teams cannot be read with the workflow token).`);
    if (m.unowned.length) out.push(`No CODEOWNERS rule names an owner for ${m.unowned.map(mdCode).join(', ')}.`);
    out.push(...reviewerTable(m.reviewers, false));
  }

  if (c.ok && (c.kind !== 'governance' || j.findings.length)) {
    const shown = j.findings.slice(0, keepFindings);
    out.push('', formatMarkdown(shown, j.live ? 'Checks (offline and live)' : 'Checks (offline)').trimEnd());
    if (j.liveNote) out.push('', `${mdText(j.liveNote)}\\.`);
    if (c.kind !== 'governance' && c.member.kind !== 'leave') out.push(...evidenceSection(j.live, j.tls, j.liveNote !== undefined));
    if (shown.length < j.findings.length) out.push('', `…and ${j.findings.length - shown.length} more findings: see the job summary${runUrl ? ` (${runUrl})` : ''}.`);
  }
  if (j.plan) out.push('', planToMarkdown(j.plan).trimEnd());
  else if (j.planNote) out.push('', '### DNS zone plan', '', `${mdText(`Zone plan ${j.planNote}`)}\\.`);
  if (j.validators && (j.validators.changes.length || j.validators.peers.added.length || j.validators.peers.removed.length)) out.push('', planText(j.validators, true).trimEnd());

  out.push('', `<sub>Judged with the code and member files of ${mdCode(j.tip.name)} at ${mdCode(short(j.tip.sha))} (the default branch's tip at run time); head ${mdCode(short(j.pull.headSha))}. Recomputed on every push, review and label, and when ${mdCode(j.tip.name)} moves.${runUrl ? ` [Run log](${runUrl})` : ''}</sub>`, '');
  return out.join('\n');
}

function reviewerTable(lines: readonly ReviewerLine[], withMember: boolean): string[] {
  if (!lines.length) return ['', 'No approving or change-requesting reviews yet.'];
  const out = ['', withMember ? '| Reviewer | Member | Review | Counts |' : '| Reviewer | Review | Counts |', withMember ? '| --- | --- | --- | --- |' : '| --- | --- | --- |'];
  for (const l of lines) {
    const review = `${l.state.toLowerCase().replace('_', ' ')} on ${mdCell(short(l.commitId))}`;
    const counts = l.counted ? '✅ yes' : `no: ${mdText(l.note)}`;
    out.push(withMember ? `| ${mdText(l.login)} | ${l.member ? mdCell(l.member) : '—'} | ${review} | ${counts} |` : `| ${mdText(l.login)} | ${review} | ${counts} |`);
  }
  const stale = lines.filter((l) => l.stale);
  if (stale.length) out.push('', `Stale approvals (given on an older commit): ${stale.map((l) => `${mdText(l.login)} on ${mdCode(short(l.commitId))}`).join(', ')}.`);
  return out;
}

/** Who the member is, for reviewers: member text made inert (no links, mentions or mailto autolinks). */
function memberSection(m: NonNullable<Judgement['member']>): string[] {
  const country = m.organization.country ? `, country ${mdCode(m.organization.country)}` : '';
  const out = ['', '### Member organization', '', `Organization: **${mdText(m.organization.name)}**${country}.`, '', 'Contacts:'];
  for (const c of m.contacts) out.push(`- ${mdText(c.email)}${c.name ? ` — ${mdText(c.name)}` : ''}${c.role ? ` (${mdText(c.role)})` : ''}`);
  return out;
}

/** What the live checks saw per address: the positive evidence behind a pass (server text in code spans). */
function evidenceSection(live: boolean, tls: TlsFacts | undefined, noted: boolean): string[] {
  const out = ['', '### Live evidence', ''];
  if (!live) return [...out, `No live evidence was gathered: the live checks did not run (${noted ? 'see the note above' : 'an offline run'}).`];
  if (!tls?.addresses.length) return [...out, 'No TLS evidence was gathered for the node addresses.'];
  out.push('| Address | Certificate chain | Issuer | Expires | Planetmint version (GET /) |', '| --- | --- | --- | --- | --- |');
  for (const a of tls.addresses) {
    const where = mdCell(a.list === 'ipv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`);
    const chain = a.connect.kind !== 'ok' ? `no TLS connection (${a.connect.kind})` : a.verdict?.ok ? '✅ trusted' : '❌ not trusted';
    const issuer = a.leaf ? mdCell(clip(a.leaf.issuer, 100)) : '—';
    const expires = a.leaf ? mdCell(a.leaf.notAfter) : '—';
    out.push(`| ${where} | ${chain} | ${issuer} | ${expires} | ${versionOf(a.api)} |`);
  }
  return out;
}

function versionOf(api: TlsFacts['addresses'][number]['api']): string {
  if (api.kind !== 'answered') return api.kind === 'skipped' ? '—' : 'no answer';
  const v = typeof api.json === 'object' && api.json !== null ? (api.json as { version?: unknown }).version : undefined;
  return typeof v === 'string' && v ? mdCell(clip(v, 40)) : `HTTP ${api.status}, no version`;
}
