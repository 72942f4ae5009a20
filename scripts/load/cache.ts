// Content-addressed cache of per-file validation results (parse, schema, per-file rules), so a run
// after one member file changed re-parses that file only. Cross-member rules always run on the
// whole set. Entries are keyed by the file's path and the SHA-256 of its bytes (or, for a file
// git vouches is unchanged, the git blob id of those bytes, so it is not even read); a pack is
// also keyed by the tool (its built code, validators, schemas, Node version): any doubt (corrupt,
// truncated, stale, a link, not a regular file) and the pack is ignored, never trusted.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import * as crypto from 'node:crypto';
import { join } from 'node:path';
import type { Finding } from '../findings.js';
import { TOOL_ROOT } from '../paths.js';
import { readFull } from './read.js';

/** What one member file's own checks gave. Only files that loaded (valid YAML, a mapping) are kept. */
export interface CachedFile {
  /** Findings of the schema, in this file. */
  base: Finding[];
  /** Schema-shaped data, when the schema let the rules run on it (else the file is no member). */
  data?: unknown;
  /** Per-file rule findings, judged with the network.yaml whose hash is `net`. */
  rules?: { net: string; findings: Finding[] };
}

export interface ResultCache {
  /** Entries it holds from earlier runs (0: nothing to look up, every file is parsed). */
  readonly size: number;
  get(file: string, hash: string): CachedFile | undefined;
  /**
   * The entry for FILE whose bytes have this git blob id, and their SHA-256: for files git vouches
   * are unchanged (gitindex.ts), which are then not read at all.
   */
  getByGit?(file: string, git: string): { entry: CachedFile; hash: string } | undefined;
  /** GIT: the bytes' git blob id, when known. */
  put(file: string, hash: string, entry: CachedFile, git?: string): void;
  /** Whether put wants git blob ids (they cost a second hash of every file read). */
  readonly byGit?: boolean;
  /**
   * Files an earlier run in this process read from disk (absolute path -> hash): pr-check judges
   * the pull request's state right after the base, from the same checkout, so the files the pull
   * request does not touch need not be read again.
   */
  readonly seen?: Map<string, string>;
}

/** SHA-256 of the bytes, base64 (crypto.hash where the Node version has it: no Hash object). */
export function hashBytes(bytes: Uint8Array): string {
  const one = (crypto as { hash?: (alg: string, data: Uint8Array, enc: 'base64') => string }).hash;
  return one ? one('sha256', bytes, 'base64') : crypto.createHash('sha256').update(bytes).digest('base64');
}

/**
 * Data that survives JSON unchanged: YAML can also give .inf, .nan, -0 or a "__proto__" key,
 * which JSON would turn into something else. Such a file is simply not cached.
 */
export function jsonSafe(v: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) return v.every((x) => jsonSafe(x, depth + 1));
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    for (const k of Object.keys(v)) if (k === '__proto__' || !jsonSafe((v as Record<string, unknown>)[k], depth + 1)) return false;
    return true;
  }
  return false;
}

const keyOf = (file: string, hash: string) => `${file}\0${hash}`;

/** In-process cache (pr-check: the base and the pull request's state share every unchanged file). */
export class MemoryCache implements ResultCache {
  private readonly map = new Map<string, string>();
  readonly seen = new Map<string, string>();
  get size(): number {
    return this.map.size;
  }
  get(file: string, hash: string): CachedFile | undefined {
    const s = this.map.get(keyOf(file, hash));
    // A fresh copy each time: one run's objects are never another run's.
    return s === undefined ? undefined : (JSON.parse(s) as CachedFile);
  }
  put(file: string, hash: string, entry: CachedFile): void {
    this.map.set(keyOf(file, hash), JSON.stringify(entry));
  }
}

/** Bumped when the pack's layout changes. */
const FORMAT = 'pmnet-validate-cache/2';
export const PACK_NAME = 'validate.pack';
/** A pack larger than this is not read (10,000 members take about 5 MB). */
const MAX_PACK_BYTES = 512 * 1024 * 1024;

interface PackHeader {
  format: string;
  tool: string;
  /** SHA-256 (base64) of the body that follows the header line. */
  body: string;
}

/** One entry: its line in the pack (written again as is when the file is unchanged), its keys and results. */
interface PackEntry {
  line: string;
  h: string;
  g: string;
  entry: CachedFile;
}

/** Why a pack was not used (tests and PMNET_DEBUG). */
export type PackState = 'loaded' | 'absent' | 'disabled' | 'link' | 'not-regular' | 'too-large' | 'corrupt' | 'stale';

/**
 * One file, DIR/validate.pack: a header line (format, tool key, body hash), then one line per
 * member file: its path (JSON), SHA-256, git blob id and results (JSON), tab-separated. One open,
 * and unchanged entries are written back as the lines they were, not serialised again.
 */
export class PackCache implements ResultCache {
  readonly state: PackState;
  readonly byGit = true;
  private readonly old: Map<string, PackEntry>;
  private readonly next = new Map<string, string>();
  private dirty = false;

  private constructor(
    readonly dir: string,
    readonly tool: string,
    loaded: { state: PackState; body?: Map<string, PackEntry> },
  ) {
    this.state = loaded.state;
    this.old = loaded.body ?? new Map();
  }

  /** Opens DIR's pack; whatever is wrong with it, the result is an empty cache with its reason. */
  static open(dir: string, tool = toolKey()): PackCache {
    return new PackCache(dir, tool, readPack(dir, tool));
  }

  get size(): number {
    return this.old.size;
  }

  get(file: string, hash: string): CachedFile | undefined {
    const e = this.old.get(file);
    if (!e || e.h !== hash) return undefined;
    this.next.set(file, e.line);
    return e.entry;
  }

  getByGit(file: string, git: string): { entry: CachedFile; hash: string } | undefined {
    const e = this.old.get(file);
    if (!e || e.g === '' || e.g !== git) return undefined;
    this.next.set(file, e.line);
    return { entry: e.entry, hash: e.h };
  }

  put(file: string, hash: string, entry: CachedFile, git = ''): void {
    this.next.set(file, packLine(file, hash, git, entry));
    this.dirty = true;
  }

  /**
   * Writes the entries this run used or made (files gone from members/ drop out), unless nothing
   * changed. Atomic (a temporary file renamed over the pack); never through a link. Best effort:
   * a cache that cannot be written costs speed, not correctness, so errors are swallowed.
   */
  save(): boolean {
    if (!this.dirty && this.state === 'loaded' && this.next.size === this.old.size) return false;
    let tmp: string | undefined;
    try {
      mkdirSync(this.dir, { recursive: true });
      if (!lstatSync(this.dir).isDirectory()) return false;
      ignoreSelf(this.dir);
      const body = Buffer.from([...this.next.values()].join('\n'));
      const header: PackHeader = { format: FORMAT, tool: this.tool, body: hashBytes(body) };
      tmp = join(this.dir, `.${PACK_NAME}.${process.pid}.${crypto.randomBytes(6).toString('hex')}`);
      const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
      try {
        writeSync(fd, `${JSON.stringify(header)}\n`);
        writeSync(fd, body);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, join(this.dir, PACK_NAME));
      tmp = undefined;
      return true;
    } catch (err) {
      if (process.env.PMNET_DEBUG) console.error(`pmnet: cache not written: ${(err as Error).message}`);
      return false;
    } finally {
      if (tmp) try { unlinkSync(tmp); } catch { /* already gone */ }
    }
  }
}

/** An entry's line: JSON escapes tabs and newlines, base64 and hex have none. */
function packLine(file: string, hash: string, git: string, entry: CachedFile): string {
  return `${JSON.stringify(file)}\t${hash}\t${git}\t${JSON.stringify(entry)}`;
}

/**
 * A `.gitignore` of `*` inside the cache directory (as pytest's cache does): consortium
 * repositories made before the cache existed do not list .pmnet-cache/, and the pack must never
 * be committed. Created once, never through a link.
 */
function ignoreSelf(dir: string): void {
  try {
    const fd = openSync(join(dir, '.gitignore'), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    try {
      writeSync(fd, '# written by pmnet: the validation cache is never committed\n*\n');
    } finally {
      closeSync(fd);
    }
  } catch {
    /* already there, or not writable: the pack does not depend on it */
  }
}

function readPack(dir: string, tool: string): { state: PackState; body?: Map<string, PackEntry> } {
  let fd: number;
  try {
    // A linked cache directory could make pmnet read (and later write) somewhere else.
    if (lstatSync(dir).isSymbolicLink()) return { state: 'link' };
    fd = openSync(join(dir, PACK_NAME), constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { state: code === 'ELOOP' ? 'link' : 'absent' };
  }
  let bytes: Buffer;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { state: 'not-regular' };
    if (st.size > MAX_PACK_BYTES) return { state: 'too-large' };
    bytes = readFull(fd, Buffer.allocUnsafe(st.size), st.size);
  } catch {
    return { state: 'corrupt' };
  } finally {
    closeSync(fd);
  }
  const nl = bytes.indexOf(0x0a);
  if (nl < 0) return { state: 'corrupt' };
  let header: PackHeader;
  try {
    header = JSON.parse(bytes.subarray(0, nl).toString('utf8')) as PackHeader;
  } catch {
    return { state: 'corrupt' };
  }
  if (header === null || typeof header !== 'object' || typeof header.format !== 'string' || typeof header.body !== 'string') return { state: 'corrupt' };
  // An older or newer pmnet's layout: not this tool's results either.
  if (header.format !== FORMAT) return { state: 'stale' };
  if (header.tool !== tool) return { state: 'stale' };
  const raw = bytes.subarray(nl + 1);
  if (hashBytes(raw) !== header.body) return { state: 'corrupt' };
  const body = parseBody(raw.toString('utf8'));
  return body ? { state: 'loaded', body } : { state: 'corrupt' };
}

/** The entries, each checked for shape before any of it is used (the hash only proves it is what was written). */
function parseBody(text: string): Map<string, PackEntry> | undefined {
  const out = new Map<string, PackEntry>();
  if (text === '') return out;
  try {
    for (const line of text.split('\n')) {
      const t1 = line.indexOf('\t');
      const t2 = line.indexOf('\t', t1 + 1);
      const t3 = line.indexOf('\t', t2 + 1);
      if (t1 < 0 || t2 < 0 || t3 < 0) return undefined;
      const file = JSON.parse(line.slice(0, t1)) as unknown;
      const entry = JSON.parse(line.slice(t3 + 1)) as unknown;
      const h = line.slice(t1 + 1, t2);
      const g = line.slice(t2 + 1, t3);
      if (typeof file !== 'string' || out.has(file) || h === '' || !validEntry(entry)) return undefined;
      out.set(file, { line, h, g, entry });
    }
  } catch {
    return undefined;
  }
  return out;
}

function validEntry(e: unknown): e is CachedFile {
  if (e === null || typeof e !== 'object' || Array.isArray(e)) return false;
  const { base, rules } = e as Partial<CachedFile>;
  if (!Array.isArray(base)) return false;
  return rules === undefined || (rules !== null && typeof rules === 'object' && typeof rules.net === 'string' && Array.isArray(rules.findings));
}

let memo: string | undefined;

/**
 * What the cached results depend on besides the file: pmnet's built code and compiled validators,
 * the schemas, the versions of the parser and validator libraries, and Node's version. Hashed at
 * run time (about 1 MB), so a rebuilt or edited tool never reads an older tool's results.
 */
export function toolKey(): string {
  if (memo) return memo;
  const h = crypto.createHash('sha256');
  h.update(`${FORMAT}\0${process.version}\0`);
  for (const pkg of ['yaml', 'ajv']) {
    try {
      h.update(`${pkg}@${(JSON.parse(readFileSync(join(TOOL_ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version}\0`);
    } catch {
      h.update(`${pkg}@?\0`);
    }
  }
  for (const sub of ['dist/scripts', 'dist/validators', 'schemas']) {
    const dir = join(TOOL_ROOT, sub);
    let names: string[];
    try {
      names = (readdirSync(dir, { recursive: true }) as string[]).filter((n) => /\.(js|json)$/.test(n)).sort();
    } catch {
      continue;
    }
    for (const n of names) {
      h.update(`${sub}/${n}\0`);
      h.update(readFileSync(join(dir, n)));
    }
  }
  memo = h.digest('base64');
  return memo;
}
