// Findings are plain data (ESLint/publint style): reporters only format them.

export type Severity = 'error' | 'warning' | 'notice';

export interface Finding {
  rule: string;
  severity: Severity;
  /** Path relative to the consortium root, '/'-separated. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
  /** The rule's message id (e.g. dns/inconclusive "inconclusive"): stable, for machines. */
  messageId?: string;
  /** Member id when the finding is about one member. */
  member?: string;
}

export interface Summary {
  errors: number;
  warnings: number;
  notices: number;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

export function summarize(findings: readonly Finding[]): Summary {
  const s: Summary = { errors: 0, warnings: 0, notices: 0 };
  for (const f of findings) {
    if (f.severity === 'error') s.errors++;
    else if (f.severity === 'warning') s.warnings++;
    else s.notices++;
  }
  return s;
}

/** Stable order: file, line, column, severity, rule, message. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      cmp(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      ORDER[a.severity] - ORDER[b.severity] ||
      cmp(a.rule, b.rule) ||
      cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
