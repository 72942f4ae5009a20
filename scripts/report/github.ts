import type { Finding } from '../findings.js';
import { ghData, ghProp } from './escape.js';
import { formatMarkdown } from './markdown.js';
import { appendSummary } from './summary.js';
import { ruleDocUrl } from './rule-link.js';

const LEVEL = { error: 'error', warning: 'warning', notice: 'notice' } as const;
const RANK = { error: 0, warning: 1, notice: 2 } as const;

/** GitHub shows 10 annotations per type per step and 50 per job: more lines only flood the log. */
export const MAX_ANNOTATIONS = 50;

/**
 * Workflow-command annotations, errors first and capped at MAX_ANNOTATIONS with one line
 * counting the rest, plus the full table in $GITHUB_STEP_SUMMARY (itself kept under 1 MiB).
 */
export function formatGithub(findings: readonly Finding[], env: NodeJS.ProcessEnv = process.env): string {
  const ranked = [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  const lines = ranked
    .slice(0, MAX_ANNOTATIONS)
    .map((f) => `::${LEVEL[f.severity]} file=${ghProp(f.file)},line=${f.line},col=${f.column},title=${ghProp(f.rule)}::${ghData(`${f.message} Rule: ${ruleDocUrl(f.rule, env)}`)}`);
  const rest = ranked.length - lines.length;
  if (rest > 0) lines.push(`::notice title=pmnet::${ghData(`${rest} more finding${rest === 1 ? '' : 's'} not annotated (GitHub shows at most ${MAX_ANNOTATIONS} per job); see the job summary or run pmnet validate`)}`);
  if (env.GITHUB_STEP_SUMMARY) appendSummary(env.GITHUB_STEP_SUMMARY, `${formatMarkdown(findings, undefined, env)}\n`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}
