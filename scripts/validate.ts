// The offline pipeline: load (YAML with positions) -> schema -> model -> rules -> findings.
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { sortFindings, type Finding, type Severity } from './findings.js';
import { hashBytes, jsonSafe, type CachedFile, type ResultCache } from './load/cache.js';
import type { Vouched } from './load/gitindex.js';
import { keysOf, loadAll, loadInStages, readEntry, type Entry, type Loaded } from './load/parallel.js';
import { readCapped, readInto } from './load/read.js';
import { Texts } from './load/texts.js';
import { decodeText, lazySource, loadYaml, locate, type LoadProblem, type SourceFile } from './load/source.js';
import { buildMember, buildNetwork } from './model/build.js';
import type { Member, Network } from './model/types.js';
import { formatMessage } from './rules/message.js';
import { offlineRules, ruleMeta } from './rules/index.js';
import { schemaProblems, validatorFor } from './rules/schema/index.js';
import type { MemberData, MemberSource, NetworkData, NetworkSource, OfflineRule, Report, RuleMeta } from './rules/types.js';

export { UsageError } from './commands/args.js';
import { UsageError } from './commands/args.js';

export interface ValidateResult {
  findings: Finding[];
  ok: boolean;
  /** Rules that crashed (exit 2). */
  internalErrors: number;
  network?: NetworkSource;
  members: MemberSource[];
  /** Present only when there are no errors at all. */
  model?: { network: Network; members: Member[] };
  /** Text of every file read, for reporters that show the offending line. */
  texts: Map<string, string>;
}

export interface ValidateOptions {
  root: string;
  /** Restrict reported findings to these files (paths as given on the command line). */
  files?: string[];
  /** Read files through this (tests, `plan --base` from git); default: the file system. */
  read?: (abs: string) => Uint8Array;
  /** network.yaml alone: no member files read, only network rules (deploy needs no members). */
  networkOnly?: boolean;
  /** Results of unchanged member files from an earlier run (load/cache.ts); filled with this run's. */
  cache?: ResultCache;
  /**
   * Files that differ from the ones under root, by path relative to root ('/'-separated): new
   * content, or null for a removed file (pr-check judges base + pull request without a copy).
   */
  overlay?: ReadonlyMap<string, Uint8Array | null>;
  /**
   * Member files git vouches are unchanged, with their blob ids (load/gitindex.ts): with a cache,
   * those it holds results for are not read. Only with the default reader and no overlay.
   */
  vouched?: Promise<Vouched | undefined>;
}

const rel = (root: string, abs: string) => relative(root, abs).split(sep).join('/');

export class Collector {
  readonly findings: Finding[] = [];
  internalErrors = 0;

  add(meta: RuleMeta, file: string, pos: { line: number; column: number }, messageId: string, data: Record<string, unknown> | undefined, severity?: Severity, member?: string): void {
    const template = meta.messages[messageId];
    if (template === undefined) throw new Error(`rule ${meta.id} has no message ${messageId}`);
    const f: Finding = { rule: meta.id, severity: severity ?? meta.severity, file, line: pos.line, column: pos.column, message: formatMessage(template, data), messageId };
    if (member !== undefined) f.member = member;
    this.findings.push(f);
  }

  loadProblems(file: string, problems: LoadProblem[]): void {
    for (const p of problems) this.add(ruleMeta.get(p.rule)!, file, p, p.messageId, p.data);
  }

  /** Runs one rule check; a throw becomes an internal/rule-crashed finding, not a crash. */
  guard(meta: RuleMeta, file: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.internalErrors++;
      const detail = err instanceof Error ? err.message : String(err);
      this.add(ruleMeta.get('internal/rule-crashed')!, file, { line: 1, column: 1 }, 'crashed', { rule: meta.id, detail });
      if (process.env.PMNET_DEBUG) console.error(err);
    }
  }

  reporter(meta: RuleMeta, network: NetworkSource, own?: MemberSource): (r: Report) => void {
    return (r) => {
      const target = r.inNetwork ? undefined : r.member ?? own;
      const src: SourceFile = target ? target.source : network.source;
      const pos = locate(src, r.path ?? [], { key: r.key ?? false });
      this.add(meta, src.file, pos, r.messageId, r.data, r.severity, target?.id);
    };
  }
}

/**
 * With FILES (paths relative to the current directory), only findings in those files are
 * reported, plus errors in network.yaml, without which nothing else can be judged.
 */
export function reportedFor(root: string, files: readonly string[] | undefined): (f: Finding) => boolean {
  if (!files?.length) return () => true;
  const keep = new Set(files.map((f) => rel(resolve(root), resolve(f))));
  return (f) => keep.has(f.file) || (f.file === 'network.yaml' && f.severity === 'error');
}

export async function validateOffline(opts: ValidateOptions): Promise<ValidateResult> {
  const root = resolve(opts.root);
  const read = withOverlay(root, opts.read ?? readCapped, opts.overlay);
  const custom = opts.read !== undefined || opts.overlay !== undefined;
  const networkFile = join(root, 'network.yaml');
  if (!opts.read && !existsSync(networkFile)) throw new UsageError(`${root} is not a consortium directory: it has no network.yaml (use --root DIR)`);
  const out = new Collector();
  const texts = new Texts();

  // network.yaml
  let network: NetworkSource | undefined;
  const netBytes = read(networkFile);
  const nl = loadYaml('network.yaml', netBytes);
  if (!nl.ok) {
    out.loadProblems('network.yaml', nl.problems);
    if (nl.text !== undefined) texts.set('network.yaml', nl.text);
  }
  else {
    texts.set('network.yaml', nl.source.text);
    const problems = schemaProblems(validatorFor('network'), nl.source.data);
    for (const p of problems) out.add(ruleMeta.get(p.rule)!, 'network.yaml', locate(nl.source, p.path, { key: p.key }), p.messageId, p.data);
    if (!problems.length) {
      const data = nl.source.data as NetworkData;
      network = { source: nl.source, data, model: buildNetwork(data) };
    }
  }

  // members/*.yaml (+ files named on the command line that live elsewhere)
  const membersDir = join(root, 'members');
  const entries: Entry[] = [];
  const hash = opts.cache ? { hash: true, git: opts.cache.byGit === true } : {};
  if (!opts.networkOnly && (opts.read || existsSync(membersDir))) {
    for (const { name, kind } of overlaid(listDir(membersDir, opts.read !== undefined), opts.overlay).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (name.startsWith('.')) continue;
      if (kind !== 'file') {
        if (kind === 'directory') continue;
        out.add(ruleMeta.get('yaml/not-regular-file')!, `members/${name}`, { line: 1, column: 1 }, 'notRegular', { file: name, kind });
        continue;
      }
      if (!name.endsWith('.yaml')) {
        const meta = ruleMeta.get('member/file-name-matches-id')!;
        out.add(meta, `members/${name}`, { line: 1, column: 1 }, 'extension', { file: name });
        continue;
      }
      // path.relative per file costs more than parsing some of them: the name is known.
      entries.push({ file: `members/${name}`, abs: join(membersDir, name), ...hash });
    }
  }
  const wanted = new Set((opts.files ?? []).map((f) => resolve(f)));
  const listed = new Set(entries.map((e) => e.abs));
  for (const w of wanted) if (w !== networkFile && !listed.has(w)) entries.push({ file: rel(root, w), abs: w, ...hash });

  const members: LoadedMember[] = [];
  const cache = opts.cache;
  const netHash = cache ? hashBytes(netBytes) : '';
  /** Cache entries to write, by member file: filled once the file's checks are done. */
  const fresh = new Map<string, { hash: string; git: string; entry: CachedFile }>();
  const scoped = <S extends OfflineRule['scope']>(scope: S) => offlineRules.filter((r): r is Extract<OfflineRule, { scope: S }> => r.scope === scope && !(opts.networkOnly && scope !== 'network'));
  const perFile = network ? scoped('member') : [];

  /** A member file's own rules, as soon as it is loaded (while workers still parse others). */
  const judge = (m: LoadedMember, known: Finding[] | undefined) => {
    if (!network) return;
    if (known) {
      out.findings.push(...known);
      return;
    }
    const net = network;
    const before = out.findings.length;
    const crashed = out.internalErrors;
    for (const rule of perFile) out.guard(rule.meta, m.source.file, () => rule.check({ network: net, member: m, report: out.reporter(rule.meta, net, m) }));
    const f = fresh.get(m.source.file);
    // A crash is counted on every run (exit 2), so its findings are not kept.
    if (f && out.internalErrors === crashed) f.entry.rules = { net: netHash, findings: out.findings.slice(before) };
  };

  /** Read from disk by pmnet itself: neither the caller's reader nor the overlay's bytes. */
  const fromDisk = (file: string) => !opts.read && !opts.overlay?.has(file);

  const take = (e: Entry, l: Got) => {
    const file = e.file;
    if ('readError' in l) throw new UsageError(`cannot read ${file}: ${l.readError}`);
    if (l.hash !== undefined && fromDisk(file)) cache?.seen?.set(e.abs, l.hash);
    if ('hit' in l) {
      // The same bytes at the same path: the same findings, the same data (cache.ts).
      if (typeof l.text === 'string') texts.set(file, l.text);
      else texts.setLater(file, l.text);
      out.findings.push(...l.hit.base);
      if (l.hit.data !== undefined) {
        const data = l.hit.data as MemberData;
        const m = new LoadedMember(data.id, lazySource(file, l.text, data), data);
        members.push(m);
        const known = network && l.hit.rules?.net === netHash ? l.hit.rules.findings : undefined;
        if (!known) fresh.set(file, { hash: l.hash, git: l.git, entry: { base: l.hit.base, data } });
        judge(m, known);
      }
      return;
    }
    if (!l.ok) {
      out.loadProblems(file, l.problems);
      if (l.text !== undefined) texts.set(file, l.text);
      return;
    }
    texts.set(file, l.source.text);
    const before = out.findings.length;
    const problems = schemaProblems(validatorFor('member'), l.source.data);
    for (const p of problems) out.add(ruleMeta.get(p.rule)!, file, locate(l.source, p.path, { key: p.key }), p.messageId, p.data);
    const base = out.findings.slice(before);
    // Unknown keys do not change the shape the rules read, so rules still run beside them.
    if (problems.every((p) => p.rule === 'schema/unknown-key')) {
      const data = l.source.data as MemberData;
      const m = new LoadedMember(data.id, l.source, data);
      members.push(m);
      if (l.hash !== undefined && jsonSafe(data)) fresh.set(file, { hash: l.hash, git: l.git ?? '', entry: { base, data } });
      judge(m, undefined);
    } else if (l.hash !== undefined) fresh.set(file, { hash: l.hash, git: l.git ?? '', entry: { base } });
  };

  const vouched = cache && !custom && opts.vouched ? await opts.vouched : undefined;
  await loadMembers(entries, read, custom, cache, vouched, fromDisk, take);

  // The files under judgement come last, so "reported on the later one" means on them,
  // whichever name sorts first: an unchanged member keeps its claim.
  if (wanted.size) for (const m of members) if (wanted.has(join(root, m.source.file))) m.changed = true;
  const judgedLast = [...members.filter((m) => !m.changed), ...members.filter((m) => m.changed)];
  if (network) {
    const net = network;
    for (const rule of scoped('network')) out.guard(rule.meta, 'network.yaml', () => rule.check({ network: net, report: out.reporter(rule.meta, net) }));
    for (const rule of scoped('members')) out.guard(rule.meta, 'network.yaml', () => rule.check({ network: net, members: judgedLast, report: out.reporter(rule.meta, net) }));
  }
  if (cache) for (const [file, { hash, git, entry }] of fresh) cache.put(file, hash, entry, git);

  let findings = out.findings;
  findings = findings.filter(reportedFor(root, opts.files));
  sortFindings(findings);
  const errorFiles = new Set(out.findings.filter((f) => f.severity === 'error').map((f) => f.file));
  // Models are built when first read (zone, plan, live checks); `pmnet validate` alone reads none.
  for (const m of members) if (!errorFiles.has(m.source.file)) m.buildable = true;
  const ok = !out.findings.some((f) => f.severity === 'error');
  const result: ValidateResult = { findings, ok, internalErrors: out.internalErrors, members, texts };
  if (network) result.network = network;
  if (ok && network) {
    const net = network.model;
    lazy(result, 'model', () => ({ network: net, members: members.map((m) => m.model!) }));
  }
  return result;
}

/** A member file that loaded. Its model is built when first read, and only if its file has no error. */
class LoadedMember implements MemberSource {
  changed?: boolean;
  buildable = false;
  private built: Member | undefined;
  private made = false;

  constructor(
    public id: string,
    public source: SourceFile,
    public data: MemberData,
  ) {}

  get model(): Member | undefined {
    if (!this.made && this.buildable) {
      this.built = buildMember(this.data, this.source.file);
      this.made = true;
    }
    return this.built;
  }

  set model(v: Member | undefined) {
    this.built = v;
    this.made = true;
  }
}

/** An enumerable property computed on first read (and assignable, like a plain one). */
function lazy<T extends object, K extends keyof T>(o: T, key: K, make: () => T[K]): void {
  let value: T[K] | undefined;
  let made = false;
  Object.defineProperty(o, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      if (!made) {
        value = make();
        made = true;
      }
      return value;
    },
    set: (v: T[K]) => {
      value = v;
      made = true;
    },
  });
}

/** A cache hit: its text is read only if a reporter asks for it when git vouched for the file. */
type Got = Loaded | { hit: CachedFile; text: string | (() => string); hash: string; git: string };

/**
 * Loads the member files. With nothing cached (a first run, no cache) every file is parsed, in
 * worker threads when there are many; otherwise the files git vouches for are looked up by blob
 * id without reading them, the others are read and hashed here, and only the files the cache
 * does not know are parsed.
 */
async function loadMembers(entries: Entry[], read: (abs: string) => Uint8Array, custom: boolean, cache: ResultCache | undefined, vouched: Vouched | undefined, fromDisk: (file: string) => boolean, take: (e: Entry, l: Got) => void): Promise<void> {
  if (!cache?.size) {
    let at = 0;
    for await (const stage of loadInStages(entries, custom ? { read } : {})) for (const l of stage) take(entries[at++]!, l);
    return;
  }
  const got: { e: Entry; l: Got }[] = [];
  const misses: number[] = [];
  const bytesOf = new Map<string, Uint8Array>();
  // The default reader reads into one reused buffer: most files are only hashed and decoded.
  const readView = custom ? read : readInto;
  for (const e of entries) {
    const id = vouched?.get(e.file);
    const known = id === undefined ? undefined : cache.getByGit?.(e.file, id);
    if (known) {
      got.push({ e, l: { hit: known.entry, text: () => textOf(e.abs), hash: known.hash, git: id! } });
      continue;
    }
    // Read from disk earlier in this process (pr-check's base run), and not replaced since.
    const seen = fromDisk(e.file) ? cache.seen?.get(e.abs) : undefined;
    const again = seen === undefined ? undefined : cache.get(e.file, seen);
    if (again) {
      got.push({ e, l: { hit: again, text: () => textOf(e.abs), hash: seen!, git: '' } });
      continue;
    }
    const bytes = readEntry(e, readView);
    if ('readError' in bytes) {
      got.push({ e, l: { ok: false, readError: bytes.readError } });
      continue;
    }
    const { hash, git = '' } = keysOf(bytes, cache.byGit);
    const hit = cache.get(e.file, hash);
    if (!hit) {
      misses.push(got.length);
      bytesOf.set(e.abs, Uint8Array.prototype.slice.call(bytes));
    }
    got.push({ e, l: hit ? { hit, text: decodeText(bytes), hash, git } : { ok: false, readError: 'not loaded' } });
  }
  const loaded = await loadAll(
    misses.map((i) => got[i]!.e),
    { read: (abs) => bytesOf.get(abs)! },
  );
  misses.forEach((i, k) => (got[i]!.l = loaded[k]!));
  for (const { e, l } of got) take(e, l);
}

/** A file's text for a reporter, read late: a file gone since is shown as empty, not a crash. */
function textOf(abs: string): string {
  try {
    return decodeText(readCapped(abs));
  } catch {
    return '';
  }
}

/** The reader with the overlay's files in front: a removed file reads as missing. */
function withOverlay(root: string, read: (abs: string) => Uint8Array, overlay: ReadonlyMap<string, Uint8Array | null> | undefined): (abs: string) => Uint8Array {
  if (!overlay?.size) return read;
  const byAbs = new Map([...overlay].map(([file, bytes]) => [join(root, file), bytes]));
  return (abs) => {
    const bytes = byAbs.get(abs);
    if (bytes === null) throw Object.assign(new Error(`${abs} is removed`), { code: 'ENOENT' });
    return bytes ?? read(abs);
  };
}

/** The listing of members/ with the overlay applied: its files are regular files, its removals gone. */
function overlaid(list: { name: string; kind: string }[], overlay: ReadonlyMap<string, Uint8Array | null> | undefined): { name: string; kind: string }[] {
  if (!overlay?.size) return list;
  const mine = (name: string) => overlay.has(`members/${name}`);
  const added = [...overlay].flatMap(([file, bytes]) => (bytes !== null && /^members\/[^/]+$/.test(file) ? [{ name: file.slice('members/'.length), kind: 'file' }] : []));
  return [...list.filter((e) => !mine(e.name)), ...added];
}

/** Entries of members/, with links and other non-files named for what they are (never followed). */
function listDir(dir: string, tolerant: boolean): { name: string; kind: string }[] {
  try {
    return readdirSync(dir, { withFileTypes: true }).map((d) => ({
      name: d.name,
      kind: d.isFile() ? 'file' : d.isSymbolicLink() ? 'symbolic link' : d.isDirectory() ? 'directory' : 'special file',
    }));
  } catch (err) {
    if (tolerant) return [];
    throw err;
  }
}
