// GitHub's REST API over node:http(s): JSON, pagination, retries, rate-limit waits and write
// spacing, the parts of Octokit pmnet used. Octokit's import (~60 ms) and undici's first request
// (~90 ms) came before every GitHub command's first answer; node:https answers in ~10 ms.
// Behaviour follows GitHub's "Best practices for using the REST API" (docs/github.md).
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface RestOptions {
  /** https://api.github.com, or a GitHub Enterprise Server's https://host/api/v3. */
  baseUrl: string;
  token: string;
  /** Retries of 5xx answers and network errors (default 3), after 1, 4, 9 × retryBaseMs. */
  retries?: number;
  retryBaseMs?: number;
  /** Rate-limit waits and write spacing (default on; off for a local stand-in). */
  throttle?: boolean;
  /** Least time between the starts of two writes (default 1000 ms, as GitHub asks). */
  writeSpacingMs?: number;
  /** Longest rate-limit wait before the request fails (default 15 minutes). */
  maxWaitMs?: number;
  /** No byte from GitHub for this long fails the attempt (default 60 s). */
  timeoutMs?: number;
  warn?: (message: string) => void;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /**
   * False for writes that create something (a comment, an issue): a 5xx or a dropped connection
   * may come after GitHub acted, so such a request is retried only when it never connected.
   */
  idempotent?: boolean;
}

export interface RestResponse<T> {
  status: number;
  headers: IncomingHttpHeaders;
  data: T;
}

/** An answer outside 2xx (after retries and waits): status, GitHub's message, the request; status 0: no answer. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    message: string,
    readonly status: number,
    readonly request: { method: string; url: string },
    readonly headers: IncomingHttpHeaders,
  ) {
    super(message);
  }
}

export interface Rest {
  request<T>(method: string, path: string, opts?: RequestOptions): Promise<RestResponse<T>>;
  /** A list endpoint page by page, following Link rel="next" on the API's own origin only. */
  pages<T>(path: string, query?: RequestOptions['query']): AsyncGenerator<T[]>;
}

/** GitHub's limit on concurrent requests is unstated; Octokit's throttling allowed 10. */
const MAX_CONCURRENT = 10;
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createRest(o: RestOptions): Rest {
  const base = new URL(o.baseUrl.replace(/\/+$/, ''));
  const basePath = base.pathname.replace(/\/+$/, '');
  const secure = base.protocol === 'https:';
  if (!secure && base.protocol !== 'http:') throw new Error(`GitHub API URL must be http(s), not ${base.protocol}`);
  const agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: MAX_CONCURRENT }) : new HttpAgent({ keepAlive: true, maxSockets: MAX_CONCURRENT });
  const retries = o.retries ?? 3;
  const retryBase = o.retryBaseMs ?? 1000;
  const throttle = o.throttle !== false;
  const spacing = o.writeSpacingMs ?? 1000;
  const maxWait = o.maxWaitMs ?? 15 * 60_000;
  const timeout = o.timeoutMs ?? 60_000;
  const warn = o.warn ?? (() => {});

  let active = 0;
  const queue: (() => void)[] = [];
  const slot = async () => {
    while (active >= MAX_CONCURRENT) await new Promise<void>((r) => queue.push(r));
    active++;
  };
  const release = () => {
    active--;
    queue.shift()?.();
  };
  // Writes start one at a time, spaced (GitHub's secondary limits watch content creation).
  let lastWrite = Number.NEGATIVE_INFINITY;
  let writes = Promise.resolve();
  const writeTurn = () => {
    const turn = writes.then(async () => {
      const wait = lastWrite + spacing - Date.now();
      if (wait > 0) await sleep(wait);
      lastWrite = Date.now();
    });
    writes = turn;
    return turn;
  };

  const urlFor = (path: string, query: RequestOptions['query']) => {
    const u = new URL(base.origin + basePath + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u;
  };

  /** One exchange; network failures reject with the socket's error (err.code). */
  const once = (method: string, url: URL, body: string | undefined) =>
    new Promise<{ res: IncomingMessage; text: string }>((resolve, reject) => {
      const headers: Record<string, string | number> = {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${o.token}`,
        'user-agent': 'pmnet',
        'x-github-api-version': '2022-11-28',
      };
      if (body !== undefined) {
        headers['content-type'] = 'application/json; charset=utf-8';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const req = (secure ? httpsRequest : httpRequest)(url, { method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ res, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.setTimeout(timeout, () => req.destroy(Object.assign(new Error(`no answer from GitHub in ${timeout} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(body);
    });

  /** The token goes only to the API it was given for. */
  const inApi = (u: URL) => u.origin === base.origin && u.pathname.startsWith(`${basePath}/`);

  async function send<T>(method: string, start: URL, opts: RequestOptions = {}): Promise<RestResponse<T>> {
    let url = start;
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const write = method !== 'GET' && method !== 'HEAD';
    const idempotent = opts.idempotent !== false;
    const where = () => ({ method, url: url.toString() });
    let redirects = 0;
    let attempt = 0;
    let primaryWaits = 0;
    let secondaryWaits = 0;
    for (;;) {
      if (write && throttle) await writeTurn();
      await slot();
      let got: { res: IncomingMessage; text: string } | undefined;
      let failure: (Error & { code?: string }) | undefined;
      try {
        got = await once(method, url, body);
      } catch (err) {
        failure = err as Error & { code?: string };
      } finally {
        release();
      }
      if (failure) {
        const again = attempt < retries && (idempotent || NEVER_CONNECTED.has(failure.code ?? ''));
        if (!again) throw new HttpError(`${failure.code ?? 'network error'}: ${failure.message}`, 0, where(), {});
        await sleep(retryBase * ++attempt ** 2);
        continue;
      }
      const { res, text } = got!;
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) return { status, headers: res.headers, data: parseBody(text, status, res.headers, where()) as T };
      // A renamed or transferred repository answers 301/307 (GitHub's REST docs); reads follow it within the API.
      if (!write && [301, 302, 307, 308].includes(status) && res.headers.location) {
        const to = new URL(res.headers.location, url);
        if (!inApi(to)) throw new HttpError(`redirected to ${to.origin}${to.pathname}, outside ${base.origin}${basePath}; not followed`, status, where(), res.headers);
        if (++redirects > 3) throw new HttpError('more than 3 redirects', status, where(), res.headers);
        url = to;
        continue;
      }
      const message = errorMessage(status, text);
      if (throttle && (status === 403 || status === 429)) {
        const wait = rateLimitWait(res.headers, message);
        if (wait && (wait.kind === 'secondary' ? secondaryWaits++ < 1 : primaryWaits++ < 2)) {
          if (wait.ms > maxWait) throw new HttpError(`${message} (rate limited for ${Math.ceil(wait.ms / 60_000)} more minutes; run the job again later)`, status, where(), res.headers);
          warn(`${wait.kind} rate limit on ${method} ${url.pathname}: waiting ${Math.ceil(wait.ms / 1000)} s`);
          await sleep(wait.ms);
          continue;
        }
      }
      if (status >= 500 && attempt < retries && idempotent) {
        await sleep(retryBase * ++attempt ** 2);
        continue;
      }
      throw new HttpError(message, status, where(), res.headers);
    }
  }

  async function* pages<T>(path: string, query?: RequestOptions['query']): AsyncGenerator<T[]> {
    let url = urlFor(path, query);
    const seen = new Set<string>();
    for (;;) {
      seen.add(url.toString());
      const r: RestResponse<T[]> = await send<T[]>('GET', url);
      // A refused answer is an HttpError like a failed one: apiErrorLine names the request.
      const refuse = (why: string) => new HttpError(why, r.status, { method: 'GET', url: url.toString() }, r.headers);
      if (!Array.isArray(r.data)) throw refuse(`expected a list, got ${typeof r.data}`);
      yield r.data;
      const next = nextLink(r.headers.link);
      if (next === undefined) return;
      const nu = new URL(next, url);
      if (!inApi(nu)) throw refuse(`the next page is outside ${base.origin}${basePath} (${nu.origin}); not followed`);
      if (seen.has(nu.toString())) throw refuse('the next page repeats an earlier one; not followed');
      url = nu;
    }
  }

  return { request: (method, path, opts) => send(method, urlFor(path, opts?.query), opts), pages };
}

/** Every endpoint pmnet calls answers JSON: another body (a proxy's page) is refused, not read as data. */
function parseBody(text: string, status: number, headers: IncomingHttpHeaders, where: { method: string; url: string }): unknown {
  if (!text) return undefined;
  const type = String(headers['content-type'] ?? 'no content-type');
  if (!/\bjson\b/i.test(type)) throw new HttpError(`the answer is ${type.split(';')[0]}, not JSON (${text.length} bytes)`, status, where, headers);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(`the answer is not JSON (${text.length} bytes)`, status, where, headers);
  }
}

/** GitHub's own message (JSON `message`), else the start of the body, else the status. */
function errorMessage(status: number, text: string): string {
  try {
    const m = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof m === 'string' && m) return m;
  } catch {
    /* not JSON: an HTML error page */
  }
  return text.trim() ? text.trim().slice(0, 200) : `HTTP ${status}`;
}

/**
 * How long a 403/429 asks to wait: retry-after (seconds), or a secondary-limit message (a minute,
 * as GitHub advises when it sends no header), or an exhausted primary limit until x-ratelimit-reset.
 */
export function rateLimitWait(h: IncomingHttpHeaders, message: string, now = Date.now()): { kind: 'primary' | 'secondary'; ms: number } | undefined {
  const after = Number(h['retry-after']);
  if (h['retry-after'] !== undefined && Number.isFinite(after) && after >= 0) return { kind: /secondary/i.test(message) || h['x-ratelimit-remaining'] !== '0' ? 'secondary' : 'primary', ms: after * 1000 };
  if (/secondary rate limit/i.test(message)) return { kind: 'secondary', ms: 60_000 };
  if (h['x-ratelimit-remaining'] === '0') {
    const reset = Number(h['x-ratelimit-reset']);
    if (Number.isFinite(reset)) return { kind: 'primary', ms: Math.max(0, reset * 1000 - now) + 1000 };
  }
  return undefined;
}

/** The rel="next" target of a Link header (RFC 8288; a URL may hold commas, never "<" or ">"). */
export function nextLink(link: string | string[] | undefined): string | undefined {
  for (const m of String(link ?? '').matchAll(/<([^>]*)>([^<]*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))/i.exec(m[2]!);
    if (rel && (rel[1] ?? rel[2]!).toLowerCase().split(/\s+/).includes('next')) return m[1];
  }
  return undefined;
}
