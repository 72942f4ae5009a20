import { summarize, type Finding } from '../findings.js';
import { mdCell, mdText } from './escape.js';
import { ruleDocUrl } from './rule-link.js';

const ICON = { error: '❌ error', warning: '⚠️ warning', notice: 'ℹ️ notice' } as const;

export function formatMarkdown(findings: readonly Finding[], title = 'pmnet validate', env: NodeJS.ProcessEnv = process.env): string {
  const s = summarize(findings);
  const head = `### ${mdText(title)}: ${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}${s.notices ? `, ${s.notices} notice${s.notices === 1 ? '' : 's'}` : ''}\n`;
  if (!findings.length) return `${head}\nNo findings.\n`;
  const rows = findings.map((f) => `| ${ICON[f.severity]} | ${mdCell(`${f.file}:${f.line}:${f.column}`)} | ${mdText(f.message)} | [${mdCell(f.rule)}](${ruleDocUrl(f.rule, env)}) |`);
  return `${head}\n| Severity | Where | Finding | Rule |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n`;
}
