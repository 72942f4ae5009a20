// Messages are templates with {placeholders}; values are rendered inert here, once, so no
// reporter ever prints a raw control character, bidi override or newline from a member file.

const MAX = 120;
/** Items a listed value shows; the rest is counted ("and 990 more"), so a fault thousands of members share stays one line. */
export const LIST_MAX = 10;

/**
 * Member text made safe to show: control/bidi/zero-width characters escaped, length capped. A
 * detail pmnet composes around remote values puts its own words first, so the cap cuts values.
 */
export function inert(value: string): string {
  // JSON escapes control characters; undo its escaping of quotes and backslashes, which are visible.
  let s = JSON.stringify(value).slice(1, -1).replace(/\\(["\\])/g, '$1');
  s = s.replace(/[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return s.length > MAX ? `${s.slice(0, MAX)}…` : s;
}

/** The first LIST_MAX of `total` items, then how many more: for lists a rule builds only in part. */
export function listOf(shown: readonly string[], total: number = shown.length): string[] {
  const head = shown.slice(0, LIST_MAX);
  return total > head.length ? [...head, `${total - head.length} more`] : head;
}

function render(v: unknown): string {
  if (Array.isArray(v)) return (v.length > LIST_MAX + 1 ? listOf(v as string[]) : v).map(render).join(', ');
  if (typeof v === 'string') return inert(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === undefined || v === null) return '';
  return inert(JSON.stringify(v));
}

export function formatMessage(template: string, data: Record<string, unknown> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in data ? render(data[k]) : m));
}
