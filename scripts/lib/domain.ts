// Host names: RFC 952 / RFC 1123 §2.1 LDH syntax, RFC 1035 §2.3.4 lengths, IDNA A-labels.
// url.domainToASCII lets `ex_ample` and `exa;mple` through, so syntax is checked after converting.
import { domainToASCII, domainToUnicode } from 'node:url';

export type NameCheck = { ok: true } | { ok: false; reason: string };

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** One lower-case LDH label of 1–63 octets, no leading or trailing hyphen (RFC 1035 §2.3.1, RFC 1123 §2.1). */
export function isLdhLabel(s: string): boolean {
  return LABEL.test(s);
}

/** Syntax of a canonical name: lower-case ASCII, no trailing dot. */
export function checkHostname(name: string, opts: { minLabels?: number } = {}): NameCheck {
  const minLabels = opts.minLabels ?? 2;
  if (name.length === 0) return { ok: false, reason: 'the name is empty' };
  if (name.length > 253) return { ok: false, reason: `the name is ${name.length} characters; the limit is 253 (RFC 1035 §2.3.4)` };
  const labels = name.split('.');
  if (labels.length < minLabels) return { ok: false, reason: `a fully qualified name has at least ${minLabels} labels` };
  for (const l of labels) {
    if (l.length === 0) return { ok: false, reason: 'the name has an empty label (two dots in a row, or a leading dot)' };
    if (l.length > 63) return { ok: false, reason: `the label "${l.slice(0, 20)}…" is ${l.length} characters; the limit is 63 (RFC 1035 §2.3.4)` };
    if (l === '*') return { ok: false, reason: 'wildcards are not allowed: give the node’s own name' };
    if (l.includes('_')) return { ok: false, reason: `the label "${l}" has an underscore; host names are letters, digits and hyphens (RFC 952, RFC 1123 §2.1)` };
    if (!LABEL.test(l)) {
      if (l.startsWith('-') || l.endsWith('-')) return { ok: false, reason: `the label "${l}" starts or ends with a hyphen (RFC 952)` };
      return { ok: false, reason: `the label "${l}" has characters other than letters, digits and hyphens (RFC 1123 §2.1)` };
    }
    if (l.length >= 4 && l[2] === '-' && l[3] === '-') {
      if (!l.startsWith('xn--')) return { ok: false, reason: `the label "${l}" has "--" in positions 3–4, reserved for IDNA (RFC 5891 §4.2.3.1)` };
      if (domainToASCII(domainToUnicode(l)) !== l) return { ok: false, reason: `the label "${l}" is not a valid IDNA A-label` };
    }
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return { ok: false, reason: 'the top-level label is all digits: that is an address, not a name' };
  return { ok: true };
}

/**
 * The form names are stored and compared in: lower case, A-labels, no trailing dot.
 * undefined when the text cannot be a name at all (spaces, control characters, bad IDN).
 */
export function canonicalName(text: string): string | undefined {
  if (!/^[\x21-\x7e\u00a0-\uffff]+$/.test(text)) return undefined;
  let t = text.endsWith('.') ? text.slice(0, -1) : text;
  if (/[^\x00-\x7f]/.test(t)) {
    const a = domainToASCII(t);
    if (!a) return undefined;
    t = a;
  }
  return t.toLowerCase();
}

export function toUnicode(ascii: string): string {
  return domainToUnicode(ascii) || ascii;
}

/** True when `name` equals `zone` or lies below it (both canonical). */
export function isAtOrBelow(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

// RFC 6761 / RFC 6762 / RFC 7686 / RFC 8375 / RFC 9476 / RFC 2606.
export const SPECIAL_USE: ReadonlyArray<{ suffix: string; citation: string }> = [
  { suffix: 'test', citation: 'RFC 6761 §6.2' },
  { suffix: 'example', citation: 'RFC 6761 §6.5' },
  { suffix: 'example.com', citation: 'RFC 6761 §6.5' },
  { suffix: 'example.net', citation: 'RFC 6761 §6.5' },
  { suffix: 'example.org', citation: 'RFC 6761 §6.5' },
  { suffix: 'invalid', citation: 'RFC 6761 §6.4' },
  { suffix: 'localhost', citation: 'RFC 6761 §6.3' },
  { suffix: 'local', citation: 'RFC 6762' },
  { suffix: 'onion', citation: 'RFC 7686' },
  { suffix: 'home.arpa', citation: 'RFC 8375' },
  { suffix: 'alt', citation: 'RFC 9476' },
];

export function specialUseSuffix(name: string): { suffix: string; citation: string } | undefined {
  return SPECIAL_USE.find((s) => isAtOrBelow(name, s.suffix));
}

const SCRIPTS: Array<[string, RegExp]> = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
  ['Georgian', /\p{Script=Georgian}/u],
];

/** Labels that mix look-alike scripts (e.g. Latin with Cyrillic), a homoglyph-spoofing sign (UTS #39 §5). */
export function mixedScriptLabel(ascii: string): { label: string; scripts: string[] } | undefined {
  for (const label of ascii.split('.')) {
    if (!label.startsWith('xn--')) continue;
    const u = domainToUnicode(label);
    const found = SCRIPTS.filter(([, re]) => [...u].some((ch) => /\p{L}/u.test(ch) && re.test(ch))).map(([n]) => n);
    if (found.length > 1) return { label: u, scripts: found };
  }
  return undefined;
}
