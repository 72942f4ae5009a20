import { appendFileSync } from 'node:fs';
import type { Finding } from '../findings.js';
import { ghData, ghProp } from './escape.js';
import { formatMarkdown } from './markdown.js';
import { ruleDocUrl } from './rule-link.js';

const LEVEL = { error: 'error', warning: 'warning', notice: 'notice' } as const;

/**
 * Workflow-command annotations (GitHub shows 10 per type per step, 50 per job) plus the full
 * table in $GITHUB_STEP_SUMMARY, so nothing is lost past the annotation limit.
 */
export function formatGithub(findings: readonly Finding[], env: NodeJS.ProcessEnv = process.env): string {
  const lines = findings.map(
    (f) => `::${LEVEL[f.severity]} file=${ghProp(f.file)},line=${f.line},col=${f.column},title=${ghProp(f.rule)}::${ghData(`${f.message} Rule: ${ruleDocUrl(f.rule, env)}`)}`,
  );
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${formatMarkdown(findings, undefined, env)}\n`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}
