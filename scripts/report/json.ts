import { summarize, type Finding } from '../findings.js';

/** The documented, stable JSON shape (README: "JSON output"). */
export function formatJson(findings: readonly Finding[], extra: Record<string, unknown> = {}): string {
  const s = summarize(findings);
  const list = findings.map((f) => {
    const o: Record<string, unknown> = { rule: f.rule, severity: f.severity, file: f.file, line: f.line, column: f.column, message: f.message };
    if (f.messageId !== undefined) o.messageId = f.messageId;
    if (f.member !== undefined) o.member = f.member;
    return o;
  });
  return `${JSON.stringify({ findings: list, errors: s.errors, warnings: s.warnings, notices: s.notices, ...extra }, null, 2)}\n`;
}
