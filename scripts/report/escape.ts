// Escaping per output medium. Finding messages are already free of control characters
// (rules/message.ts); these make them inert in Markdown/HTML and in workflow commands.

/** Markdown + HTML inert text: no tags, no mentions, no links, no emphasis, no table breaks. */
export function mdText(s: string): string {
  return s
    .replace(/[\r\n]+/g, ' ')
    .replace(/([\\`*_{}[\]()#+!|~^])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // A zero-width space after @ stops GitHub from turning it into a mention; an entity would
    // be decoded first and could still mention.
    .replace(/@/g, '@\u200b');
}

/** Inline code that cannot be broken out of (backticks replaced). */
export function mdCode(s: string): string {
  return `\`${s.replace(/[\r\n]+/g, ' ').replace(/`/g, 'ˋ')}\``;
}

/** GitHub workflow command message (%, CR, LF). */
export function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub workflow command property value (also : and ,). */
export function ghProp(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
