// A YAML file loaded with positions, safely: size cap, strict UTF-8, one document,
// no aliases, mapping root. Problems come back as load findings, never exceptions.
import { indentationCause } from './indent.js';
import { MAX_FILE_BYTES } from './read.js';
import { Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Node } from 'yaml';

export type Path = ReadonlyArray<string | number>;

export interface Position {
  line: number;
  column: number;
}

export interface LoadProblem {
  rule: string;
  messageId: string;
  data: Record<string, unknown>;
  line: number;
  column: number;
}

export interface SourceFile {
  /** Relative to the consortium root, '/'-separated. */
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /** Plain JS value of the document (only when loading succeeded). */
  data: unknown;
}

export { MAX_FILE_BYTES };

/** A failed load keeps the decoded text when there is one, so reporters can show the line. */
export type LoadResult = { ok: true; source: SourceFile } | { ok: false; problems: LoadProblem[]; text?: string };

export function loadYaml(file: string, bytes: Uint8Array, maxBytes = MAX_FILE_BYTES): LoadResult {
  if (bytes.length > maxBytes) {
    return fail('yaml/too-large', 'tooLarge', { limit: maxBytes }, 1, 1);
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const { line, column } = bytePosition(bytes, bad);
    return fail('yaml/encoding', 'notUtf8', { offset: bad }, line, column);
  }
  const text = decodeText(bytes);
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const { line, column } = textPosition(text, nul);
    return fail('yaml/encoding', 'binary', {}, line, column);
  }

  const { docs, lines } = parseText(text);
  if (!Array.isArray(docs)) {
    // An empty stream gives an EmptyStream object.
    return fail('yaml/not-mapping', 'empty', {}, 1, 1);
  }
  const problems: LoadProblem[] = [];
  if (docs.length === 0) return fail('yaml/not-mapping', 'empty', {}, 1, 1);
  if (docs.length > 1) {
    const second = docs[1]!;
    const at = lines.linePos(second.range[0]);
    problems.push({ rule: 'yaml/multi-document', messageId: 'multiDocument', data: { count: docs.length }, line: at.line, column: at.col });
  }
  const doc = docs[0]!;
  for (const e of [...doc.errors, ...doc.warnings]) {
    const at = lines.linePos(e.pos[0]);
    const rule = e.code === 'DUPLICATE_KEY' ? 'yaml/duplicate-key' : e.code === 'TAB_AS_INDENT' ? 'yaml/tab' : 'yaml/syntax';
    // For a duplicate key, name the key itself (the parser's message does not).
    const detail =
      e.code === 'DUPLICATE_KEY'
        ? `"${/^[^:\n]*/.exec(text.slice(e.pos[0]))![0].trim().replace(/^["']|["']$/g, '')}"`
        : /Maximum call stack/.test(e.message)
          ? 'values nested too deeply to read (a member file nests three or four levels): remove the extra brackets or indentation'
          : firstLine(e.message);
    problems.push({ rule, messageId: rule === 'yaml/syntax' ? 'syntax' : rule === 'yaml/tab' ? 'tab' : 'duplicateKey', data: { detail }, line: at.line, column: at.col });
  }
  // Tabs outside indentation are legal YAML but invisible in reviews; the yaml parser only flags some.
  if (!problems.some((p) => p.rule === 'yaml/tab')) {
    const tab = text.search(/^[ ]*\t/m);
    if (tab >= 0) {
      const at = textPosition(text, text.indexOf('\t', tab));
      problems.push({ rule: 'yaml/tab', messageId: 'tab', data: { detail: 'tab character in indentation' }, line: at.line, column: at.column });
    }
  }
  const syntax = problems.filter((p) => p.rule === 'yaml/syntax');
  if (syntax.length) {
    // The parser reports the lines after an indentation slip, often several times: name the slip.
    const cause = indentationCause(text);
    if (cause && cause.line <= syntax[0]!.line + 1) {
      const kept = problems.filter((p) => p.rule !== 'yaml/syntax');
      kept.push({ rule: 'yaml/syntax', messageId: cause.kind === 'sibling' ? 'indentation' : 'underValue', data: { line: cause.line, indent: cause.indent, expected: cause.expected, ref: cause.ref }, line: cause.line, column: cause.column });
      return { ok: false, problems: kept, text };
    }
  }
  if (problems.length) return { ok: false, problems, text };

  let alias: Node | undefined;
  // Anchors need '&' and aliases '*' in the text: skip the walk for the common file without.
  if (/[&*]/.test(text)) visit(doc, {
    Alias(_, node) {
      alias = node;
      return visit.BREAK;
    },
    Node(_, node) {
      if (node.anchor && !alias) alias = node;
    },
  });
  if (alias) {
    const at = nodePosition({ lines } as SourceFile, alias);
    return { ...fail('yaml/alias', 'alias', {}, at.line, at.column), text } as LoadResult;
  }
  if (!isMap(doc.contents)) {
    const at = doc.contents ? nodePosition({ lines } as SourceFile, doc.contents) : { line: 1, column: 1 };
    return fail('yaml/not-mapping', doc.contents ? 'notMapping' : 'empty', {}, at.line, at.column);
  }
  const data = doc.toJS({ maxAliasCount: 0 });
  return { ok: true, source: { file, text, doc, lines, data } };
}

/** The file's text: UTF-8 without a byte order mark (strictness is checked before, in loadYaml). */
export function decodeText(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function parseText(text: string) {
  const lines = new LineCounter();
  // uniqueKeys rejects duplicate keys; core schema = YAML 1.2 (no yes/no booleans, no sexagesimals).
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, schema: 'core', prettyErrors: false, strict: true });
  return { docs, lines };
}

/**
 * A SourceFile for text that already loaded cleanly elsewhere (a worker thread): the
 * document and line index are rebuilt only if a finding needs a position in this file.
 */
export function lazySource(file: string, text: string | (() => string), data: unknown): SourceFile {
  return new LazySource(file, text, data);
}

/** A class, not an object literal with getters: 10,000 of them are made per run. */
class LazySource implements SourceFile {
  private parsed: { doc: Document.Parsed; lines: LineCounter } | undefined;

  constructor(
    readonly file: string,
    private textOrRead: string | (() => string),
    readonly data: unknown,
  ) {}

  get text(): string {
    if (typeof this.textOrRead !== 'string') this.textOrRead = this.textOrRead();
    return this.textOrRead;
  }

  private get source() {
    if (!this.parsed) {
      const { docs, lines } = parseText(this.text);
      this.parsed = { doc: (docs as Document.Parsed[])[0]!, lines };
    }
    return this.parsed;
  }

  get doc(): Document.Parsed {
    return this.source.doc;
  }

  get lines(): LineCounter {
    return this.source.lines;
  }
}

export const LOAD_MESSAGES: Record<string, Record<string, string>> = {
  'yaml/not-regular-file': { notRegular: '"{file}" is a {kind}, not a regular file. Member files are plain files in members/; a link could point outside the repository.' },
  'yaml/too-large': { tooLarge: 'The file is larger than {limit} bytes, the limit. A member file is a few hundred bytes: check that the right file was added.' },
  'yaml/encoding': {
    notUtf8: 'The file is not valid UTF-8 (first bad byte at offset {offset}). Save it as UTF-8.',
    binary: 'The file contains a NUL byte: it is binary, not YAML.',
  },
  'yaml/multi-document': { multiDocument: 'The file holds {count} YAML documents; remove the `---` separator so it holds exactly one.' },
  'yaml/duplicate-key': { duplicateKey: 'The key {detail} appears twice in this mapping; keep one (parsers disagree on which one wins).' },
  'yaml/tab': { tab: 'Tab character used for indentation ({detail}). Indent with spaces.' },
  'yaml/syntax': {
    syntax: 'YAML syntax error: {detail}',
    indentation: 'Line {line} is indented by {indent} spaces, but its sibling at line {ref} by {expected}. Keys of one mapping (and the "- " items of one list) start in the same column: indent line {line} by {expected} spaces.',
    underValue: 'Line {line} is indented further than line {ref}, which holds a value and cannot contain keys. Indent line {line} by {expected} spaces, like line {ref}.',
  },
  'yaml/alias': { alias: 'Anchors and aliases (& and *) are not allowed: write every value out in full.' },
  'yaml/not-mapping': {
    notMapping: 'The top level must be a mapping of keys (id: …, organization: …), not a list or a single value.',
    empty: 'The file is empty.',
  },
};

export const LOAD_META: Record<string, { description: string; citation?: string }> = {
  'yaml/not-regular-file': { description: 'Member files are regular files: symbolic links are refused, since a link could make pmnet read and echo a file outside the repository.', citation: 'CWE-59 (link following)' },
  'yaml/too-large': { description: 'Files above the size limit are refused before parsing (resource exhaustion).' },
  'yaml/encoding': { description: 'Files must be UTF-8 text.', citation: 'YAML 1.2.2 §5.2' },
  'yaml/multi-document': { description: 'A file holds exactly one YAML document.' },
  'yaml/duplicate-key': { description: 'Mapping keys are unique; parsers disagree on which duplicate wins.', citation: 'YAML 1.2.2 §3.2.1.1' },
  'yaml/tab': { description: 'Tabs are not allowed as indentation.', citation: 'YAML 1.2.2 §6.1' },
  'yaml/syntax': { description: 'The file must be well-formed YAML 1.2.', citation: 'YAML 1.2.2' },
  'yaml/alias': { description: 'Aliases are refused: they enable expansion bombs and hide values from review.' },
  'yaml/not-mapping': { description: 'The root of the document is a mapping.' },
};

function fail(rule: string, messageId: string, data: Record<string, unknown>, line: number, column: number): LoadResult {
  return { ok: false, problems: [{ rule, messageId, data, line, column }] };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** Index of the first byte that breaks strict UTF-8, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) (need = 1), (min = 0x80);
    else if (c >= 0xe0 && c <= 0xef) (need = 2), (min = 0x800);
    else if (c >= 0xf0 && c <= 0xf4) (need = 3), (min = 0x10000);
    else return i;
    let cp = c & (0xff >> (need + 2));
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function bytePosition(b: Uint8Array, offset: number): Position {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) if (b[i] === 0x0a) (line++, (start = i + 1));
  return { line, column: offset - start + 1 };
}

function textPosition(text: string, offset: number): Position {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) (line++, (start = i + 1));
  return { line, column: offset - start + 1 };
}

function nodePosition(src: Pick<SourceFile, 'lines'>, node: Node): Position {
  const off = node.range ? node.range[0] : 0;
  const p = src.lines.linePos(off);
  return { line: p.line, column: p.col };
}

/**
 * Position of the value at `path` (or of its key with `key: true`). When the path does not
 * exist (a missing required key), the deepest existing ancestor is returned.
 */
export function locate(src: SourceFile, path: Path, opts: { key?: boolean } = {}): Position {
  let node: unknown = src.doc.contents;
  let keyNode: unknown;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      keyNode = undefined;
      node = node.items[seg];
    } else {
      break;
    }
  }
  const target = opts.key && keyNode ? keyNode : node ?? keyNode;
  if (target && typeof target === 'object' && 'range' in target) return nodePosition(src, target as Node);
  return { line: 1, column: 1 };
}

/** The source line (1-based) without its newline, for showing context. */
export function sourceLine(src: Pick<SourceFile, 'text'>, line: number): string {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = src.text.indexOf('\n', start);
    if (nl < 0) return '';
    start = nl + 1;
  }
  const end = src.text.indexOf('\n', start);
  return src.text.slice(start, end < 0 ? undefined : end).replace(/\r$/, '');
}

export { isAlias };
