// Loads many YAML files, in worker threads when there are enough of them to pay for it.
// Parsing is ~85% of an offline run; the `yaml` parser costs ~100 µs per member file.
import { hashBytes } from './cache.js';
import { gitBlobId } from './gitindex.js';
import { loaderWorker, PARALLEL_THRESHOLD, threadCount } from './pool.js';
import { readInto } from './read.js';
import { lazySource, loadYaml, type LoadResult } from './source.js';

export interface Entry {
  file: string;
  abs: string;
  /** Also return the SHA-256 of the file's bytes (the result cache's key), and its git blob id. */
  hash?: boolean;
  git?: boolean;
}

/** A load result, with the bytes' hash when it was asked for. */
export type Loaded = (LoadResult & Keys) | { ok: false; readError: string };

/** The bytes' SHA-256 and git blob id, when asked for. */
export interface Keys {
  hash?: string;
  git?: string;
}

/** What a worker sends back for one file. */
export type WireResult = ({ file: string; ok: true; text: string; data: unknown } | { file: string; ok: false; problems: import('./source.js').LoadProblem[]; text?: string } | { file: string; ok: false; readError: string }) & Keys;

export { PARALLEL_THRESHOLD } from './pool.js';

export function readEntry(e: Entry, read: (abs: string) => Uint8Array): Uint8Array | { readError: string } {
  try {
    return read(e.abs);
  } catch (err) {
    return { readError: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
}

export function loadOne(e: Entry): WireResult {
  // Decoded and hashed before the next read: one reused buffer, no stat, no allocation per file.
  const bytes = readEntry(e, readInto);
  if ('readError' in bytes) return { file: e.file, ok: false, readError: bytes.readError };
  const r = loadYaml(e.file, bytes);
  const h = e.hash ? keysOf(bytes, e.git) : {};
  return r.ok ? { file: e.file, ok: true, text: r.source.text, data: r.source.data, ...h } : { file: e.file, ok: false, problems: r.problems, ...(r.text === undefined ? {} : { text: r.text }), ...h };
}

export function keysOf(bytes: Uint8Array, git = false): Keys & { hash: string } {
  return git ? { hash: hashBytes(bytes), git: gitBlobId(bytes) } : { hash: hashBytes(bytes) };
}

function fromWire(w: WireResult): Loaded {
  const h = w.hash === undefined ? {} : w.git === undefined ? { hash: w.hash } : { hash: w.hash, git: w.git };
  if (w.ok) return { ok: true, source: lazySource(w.file, w.text, w.data), ...h };
  return 'readError' in w ? { ok: false, readError: w.readError } : { ok: false, problems: w.problems, ...(w.text === undefined ? {} : { text: w.text }), ...h };
}

export async function loadAll(
  entries: Entry[],
  opts: { read?: (abs: string) => Uint8Array; threads?: number } = {},
): Promise<Loaded[]> {
  const out: Loaded[] = [];
  for await (const stage of loadInStages(entries, opts)) out.push(...stage);
  return out;
}

/** Files parsed between two turns of the event loop on one thread (about 50 ms of work). */
const SLICE = 200;

/**
 * The results in consecutive stages, in entry order. On one thread, slices of SLICE files with a
 * turn of the event loop between them, so I/O (pr-check's GitHub requests) proceeds meanwhile.
 * With workers, this thread's share first, parsed while they run; then theirs, which they keep
 * parsing while the caller judges the first stage.
 */
export async function* loadInStages(
  entries: Entry[],
  opts: { read?: (abs: string) => Uint8Array; threads?: number } = {},
): AsyncGenerator<Loaded[]> {
  const n = Math.max(1, Math.min(opts.threads ?? threadCount(), 8));
  if (opts.read || n === 1 || entries.length < PARALLEL_THRESHOLD) {
    const read = opts.read ?? readInto;
    for (let i = 0; i < entries.length; i += SLICE) {
      if (i) await new Promise((r) => setImmediate(r));
      yield entries.slice(i, i + SLICE).map((e) => {
        const bytes = readEntry(e, read);
        if ('readError' in bytes) return { ok: false, readError: bytes.readError };
        const r: Loaded = loadYaml(e.file, bytes);
        return e.hash ? Object.assign(r, keysOf(bytes, e.git)) : r;
      });
    }
    return;
  }
  const size = Math.ceil(entries.length / n);
  const chunks = Array.from({ length: n }, (_, i) => entries.slice(i * size, (i + 1) * size));
  // n - 1 workers; the main thread takes the first chunk itself while they run.
  const jobs = chunks.slice(1).map((chunk) => {
    const job = new Promise<Loaded[]>((resolve, reject) => {
      const w = loaderWorker(chunk);
      w.once('message', (m: WireResult[]) => resolve(m.map(fromWire)));
      w.once('error', reject);
      w.once('exit', (code) => code !== 0 && reject(new Error(`loader worker exited with ${code}`)));
    });
    // Awaited after the earlier stages are judged.
    job.catch(() => {});
    return job;
  });
  yield chunks[0]!.map(loadOne).map(fromWire);
  for (const job of jobs) yield await job;
}
