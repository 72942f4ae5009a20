import type { Finding } from '../findings.js';
import { summarize } from '../findings.js';
import { sourceLine } from '../load/source.js';
import { inert } from '../rules/message.js';

export interface TextOptions {
  color: boolean;
  texts?: Map<string, string>;
}

/**
 * Colour on or off: --color/--no-color first, then FORCE_COLOR (any value but 0/false turns it
 * on, as in Node and chalk), then NO_COLOR (https://no-color.org), then whether it is a terminal.
 */
export function useColor(stream: { isTTY?: boolean }, flags: { color?: boolean | undefined; noColor?: boolean | undefined } = {}, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flags.noColor) return false;
  if (flags.color) return true;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (env.NO_COLOR) return false;
  return stream.isTTY === true;
}

const C = { red: '\x1b[31m', yellow: '\x1b[33m', cyan: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

/** Grouped by file; each finding with its YAML line and a caret under the column. */
export function formatText(findings: readonly Finding[], opts: TextOptions): string {
  const paint = (c: keyof typeof C, s: string) => (opts.color ? `${C[c]}${s}${C.reset}` : s);
  const out: string[] = [];
  let file: string | undefined;
  for (const f of findings) {
    if (f.file !== file) {
      if (file !== undefined) out.push('');
      file = f.file;
      out.push(paint('bold', f.file));
    }
    const sev = f.severity === 'error' ? paint('red', 'error') : f.severity === 'warning' ? paint('yellow', 'warning') : paint('cyan', 'notice');
    out.push(`  ${f.line}:${f.column}  ${sev}  ${f.message}  ${paint('dim', f.rule)}`);
    const text = opts.texts?.get(f.file);
    if (text !== undefined) {
      const line = sourceLine({ text }, f.line);
      if (line.trim()) {
        // Shown inert: the line is member text.
        const shown = inert(line);
        out.push(paint('dim', `      │ ${shown}`));
        const caretAt = Math.min(inert(line.slice(0, Math.max(0, f.column - 1))).length, shown.length);
        out.push(paint('dim', `      │ ${' '.repeat(caretAt)}^`));
      }
    }
  }
  const s = summarize(findings);
  if (out.length) out.push('');
  const line = `${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}${s.notices ? `, ${s.notices} notice${s.notices === 1 ? '' : 's'}` : ''}`;
  out.push(s.errors ? paint('red', line) : line);
  return `${out.join('\n')}\n`;
}
