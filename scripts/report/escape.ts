// Escaping per output medium. Finding messages are already free of control characters
// (rules/message.ts); these make them inert in Markdown/HTML and in workflow commands.

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Markdown + HTML inert text: no tags, no mentions, no links or autolinks (`.` and `:` are
 * escaped too, so a URL or bare domain in member text stays plain), no emphasis, no table
 * breaks. One pass, so inserted entities and escapes are never escaped again.
 */
export function mdText(s: string): string {
  return s.replace(/\r\n|[\r\n]|[&<>@#]|[\\`*_{}[\]()+\-.!|~^:]/g, (c) =>
    // A zero-width space after @ stops GitHub from mentioning, after # from linking an issue
    // (#123, org/repo#1); GitHub links references in the rendered text, so `\#` would not help.
    c === '@' || c === '#' ? `${c}\u200b` : ENTITY[c] ?? (c === '\r\n' || c === '\r' || c === '\n' ? ' ' : `\\${c}`),
  );
}

/** Inline code that cannot be broken out of (backticks replaced). */
export function mdCode(s: string): string {
  return `\`${s.replace(/[\r\n]+/g, ' ').replace(/`/g, 'ˋ')}\``;
}

/** Inline code inside a table cell: GFM splits cells at `|` even inside a code span, unless escaped. */
export function mdCell(s: string): string {
  return mdCode(s).replace(/\|/g, '\\|');
}

/** GitHub workflow command message (%, CR, LF). */
export function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub workflow command property value (also : and ,). */
export function ghProp(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML text or attribute value (quoted): the five significant characters as entities. */
export function htmlText(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML[c]!);
}
