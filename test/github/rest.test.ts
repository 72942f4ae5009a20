// The GitHub REST transport (scripts/github/rest.ts) against a real HTTP server that answers as
// GitHub does when things go wrong: 5xx, dropped connections, primary and secondary rate limits
// (status, headers and message as GitHub sends them), Link pagination, silence.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { rejects } from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiErrorLine, createClient } from '../../scripts/github/client.js';
import { assertNoHang } from '../harness/no-hang.js';
import { createRest, HttpError, nextLink, rateLimitWait, type RestOptions } from '../../scripts/github/rest.js';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

interface Seen {
  method: string;
  path: string;
  at: number;
  auth: string | undefined;
  version: string | undefined;
}

/** A server whose answer to the n-th request (0-based) is the handler's. */
async function serve(handler: Handler) {
  const seen: Seen[] = [];
  let open = 0;
  let maxOpen = 0;
  const server = createServer((req, res) => {
    seen.push({ method: req.method!, path: req.url!, at: performance.now(), auth: req.headers.authorization, version: req.headers['x-github-api-version'] as string | undefined });
    maxOpen = Math.max(maxOpen, ++open);
    res.on('close', () => open--);
    req.resume();
    req.on('end', () => handler(req, res, seen.length - 1));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    maxOpen: () => maxOpen,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
};
const quick = (url: string, o: Partial<RestOptions> = {}) => createRest({ baseUrl: url, token: 'tkn', retryBaseMs: 5, writeSpacingMs: 0, ...o });
const failure = async (p: Promise<unknown>): Promise<HttpError> => {
  try {
    await p;
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('expected an HttpError');
};

const test = suite('github rest');

test('a request carries the token, the API version and JSON; the answer is parsed', async () => {
  const s = await serve((_q, res) => json(res, 200, { id: 9007199254740991, ok: true }));
  try {
    const r = await quick(s.url).request<{ ok: boolean }>('GET', '/repos/o/r', { query: { a: 'x y', b: undefined } });
    assert.equal(r.data, { id: 9007199254740991, ok: true });
    assert.is(s.seen[0]!.path, '/repos/o/r?a=x+y');
    assert.is(s.seen[0]!.auth, 'Bearer tkn');
    assert.is(s.seen[0]!.version, '2022-11-28');
  } finally {
    await s.close();
  }
});

test('5xx and a dropped connection (before or during the answer) are retried with back-off; a 404 is not', async () => {
  const s = await serve((q, res, n) => {
    if (q.url === '/gone') return json(res, 404, { message: 'Not Found' });
    if (n === 0) return json(res, 502, { message: 'Server Error' });
    if (n === 1) return res.socket!.destroy();
    if (n === 2) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 100 });
      res.write('{"n": ');
      return void setTimeout(() => res.socket!.destroy(), 20);
    }
    json(res, 200, { n });
  });
  try {
    const api = quick(s.url);
    assert.equal((await api.request('GET', '/x')).data, { n: 3 });
    const e = await failure(api.request('GET', '/gone'));
    assert.is(e.status, 404);
    assert.is(e.message, 'Not Found');
    assert.is(s.seen.filter((x) => x.path === '/gone').length, 1);
  } finally {
    await s.close();
  }
});

test('retries stop after `retries`; the error is the last answer, one line for the log', async () => {
  const s = await serve((_q, res) => {
    res.writeHead(503, { 'content-type': 'text/html' });
    res.end('<html>Unicorn! Try again</html>\n');
  });
  try {
    const e = await failure(quick(s.url, { retries: 2 }).request('GET', '/repos/o/r/pulls/1'));
    assert.is(s.seen.length, 3);
    assert.is(e.status, 503);
    assert.is(apiErrorLine(e), 'GitHub API GET /repos/o/r/pulls/1 failed: 503 <html>Unicorn! Try again</html>');
  } finally {
    await s.close();
  }
});

test('a write that creates something is not repeated after a 5xx or a dropped answer (GitHub may have acted)', async () => {
  const s = await serve((_q, res, n) => (n % 2 ? res.socket!.destroy() : json(res, 502, { message: 'Bad Gateway' })));
  try {
    const api = quick(s.url);
    assert.is((await failure(api.request('POST', '/repos/o/r/issues/1/comments', { body: { body: 'x' }, idempotent: false }))).status, 502);
    const dropped = await failure(api.request('POST', '/repos/o/r/issues', { body: { title: 't' }, idempotent: false }));
    assert.is(dropped.status, 0);
    assert.match(apiErrorLine(dropped)!, /^GitHub API POST \/repos\/o\/r\/issues failed: ECONNRESET/);
    assert.is(s.seen.length, 2);
    // An idempotent write (a status, an edit) is retried.
    s.seen.length = 0;
    await failure(api.request('PATCH', '/repos/o/r/issues/comments/5', { body: { body: 'x' } }));
    assert.is(s.seen.length, 4);
  } finally {
    await s.close();
  }
});

test('a refused connection is retried even for a create (nothing was sent), then reported', async () => {
  const s = await serve(() => {});
  const url = s.url;
  await s.close();
  const e = await failure(quick(url, { retries: 1 }).request('POST', '/repos/o/r/issues', { body: {}, idempotent: false }));
  assert.is(e.status, 0);
  assert.match(e.message, /^ECONNREFUSED: /);
});

test('a secondary rate limit waits retry-after once, then gives up with GitHub’s message', async () => {
  const limited = (res: ServerResponse) => json(res, 403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, { 'retry-after': '1', 'x-ratelimit-remaining': '4000' });
  const s = await serve((_q, res, n) => (n === 0 || n >= 2 ? limited(res) : json(res, 200, { n })));
  const warned: string[] = [];
  try {
    const api = quick(s.url, { warn: (m) => warned.push(m) });
    const t0 = performance.now();
    assert.equal((await api.request('GET', '/a')).data, { n: 1 });
    assert.ok(performance.now() - t0 >= 950, 'waited the second retry-after asks');
    assert.equal(warned, ['secondary rate limit on GET /a: waiting 1 s']);
    const e = await failure(api.request('GET', '/b'));
    assert.is(e.status, 403);
    assert.match(e.message, /secondary rate limit/);
    assert.is(s.seen.length, 4);
  } finally {
    await s.close();
  }
});

test('an exhausted primary limit waits until x-ratelimit-reset; a reset beyond maxWait fails at once, saying when', async () => {
  const reset = (inS: number) => String(Math.ceil(Date.now() / 1000) + inS);
  const s = await serve((q, res, n) => {
    if (q.url === '/later') return json(res, 403, { message: 'API rate limit exceeded for installation ID 1.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset(3600) });
    if (n === 0) return json(res, 429, { message: 'API rate limit exceeded for installation ID 1.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset(0) });
    json(res, 200, { n });
  });
  try {
    const api = quick(s.url, { maxWaitMs: 5000 });
    assert.equal((await api.request('GET', '/now')).data, { n: 1 });
    const t0 = performance.now();
    const e = await failure(api.request('GET', '/later'));
    assertNoHang(performance.now() - t0, 'a request whose rate limit resets in an hour');
    assert.is(e.status, 403);
    assert.match(e.message, /^API rate limit exceeded for installation ID 1\. \(rate limited for 6\d more minutes; run the job again later\)$/);
  } finally {
    await s.close();
  }
});

test('without throttling (a local stand-in) a rate limit is an error at once', async () => {
  const s = await serve((_q, res) => json(res, 429, { message: 'slow down' }, { 'retry-after': '30' }));
  try {
    assert.is((await failure(quick(s.url, { throttle: false }).request('GET', '/a'))).status, 429);
    assert.is(s.seen.length, 1);
  } finally {
    await s.close();
  }
});

test('rateLimitWait: which answers are rate limits and how long they ask', () => {
  const now = 1_700_000_000_000;
  assert.equal(rateLimitWait({ 'retry-after': '7' }, 'x', now), { kind: 'secondary', ms: 7000 });
  assert.equal(rateLimitWait({}, 'You have exceeded a secondary rate limit', now), { kind: 'secondary', ms: 60_000 });
  assert.equal(rateLimitWait({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 30) }, 'API rate limit exceeded', now), { kind: 'primary', ms: 31_000 });
  assert.equal(rateLimitWait({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 - 30) }, 'API rate limit exceeded', now), { kind: 'primary', ms: 1000 });
  // A 403 that is a permission answer, not a limit.
  assert.is(rateLimitWait({ 'x-ratelimit-remaining': '4999' }, 'Resource not accessible by integration', now), undefined);
  assert.is(rateLimitWait({ 'retry-after': 'soon' }, 'x', now), undefined);
});

test('writes start one at a time, spaced by writeSpacingMs; reads are not held back', async () => {
  const s = await serve((_q, res) => json(res, 201, {}));
  try {
    const api = quick(s.url, { writeSpacingMs: 150 });
    await Promise.all([0, 1, 2].map((i) => api.request('POST', `/w${i}`, { body: {} })).concat([api.request('GET', '/r')]));
    const writes = s.seen.filter((x) => x.method === 'POST').map((x) => x.at);
    assert.is(writes.length, 3);
    for (let i = 1; i < 3; i++) assert.ok(writes[i]! - writes[i - 1]! >= 140, `write ${i} came ${writes[i]! - writes[i - 1]!} ms after the one before`);
    assert.ok(s.seen.slice(0, 2).some((x) => x.method === 'GET'), 'the read did not wait for the spaced writes');
  } finally {
    await s.close();
  }
});

test('at most 10 requests are in flight at once', async () => {
  const held: ServerResponse[] = [];
  // The first ten are held until all ten are in; the rest are answered at once.
  const s = await serve((_q, res, n) => {
    if (n >= 10) return json(res, 200, {});
    held.push(res);
    if (held.length === 10) setTimeout(() => held.forEach((r) => json(r, 200, {})), 50);
  });
  try {
    const api = quick(s.url, { throttle: false });
    await Promise.all(Array.from({ length: 25 }, (_v, i) => api.request('GET', `/p${i}`)));
    assert.is(s.seen.length, 25);
    assert.is(s.maxOpen(), 10);
  } finally {
    await s.close();
  }
});

test('pages follow Link rel="next" on the API origin; a next page elsewhere or a loop is refused', async () => {
  let self = '';
  const s = await serve((q, res) => {
    const u = new URL(q.url!, 'http://x');
    const page = Number(u.searchParams.get('page') ?? 1);
    if (u.pathname === '/api/v3/list') {
      const link: Record<string, string> = page < 3 ? { link: `<${self}/api/v3/list?labels=a,b&page=${page + 1}>; rel="next", <${self}/api/v3/list?labels=a,b&page=3>; rel="last"` } : {};
      return json(res, 200, [page * 10, page * 10 + 1], link);
    }
    if (u.pathname === '/api/v3/away') return json(res, 200, [1], { link: '<https://attacker.example/api/v3/away?page=2>; rel="next"' });
    if (u.pathname === '/api/v3/loop') return json(res, 200, [1], { link: `<${self}/api/v3/loop?page=1>; rel="next"` });
    if (u.pathname === '/api/v3/object') return json(res, 200, { message: 'not a list' });
    json(res, 404, { message: 'Not Found' });
  });
  self = s.url;
  try {
    const api = quick(`${s.url}/api/v3/`);
    const got: number[] = [];
    for await (const p of api.pages<number>('/list', { per_page: 2, labels: 'a,b' })) got.push(...p);
    assert.equal(got, [10, 11, 20, 21, 30, 31]);
    assert.equal(s.seen.map((x) => x.path), ['/api/v3/list?per_page=2&labels=a%2Cb', '/api/v3/list?labels=a,b&page=2', '/api/v3/list?labels=a,b&page=3']);
    const drain = async (path: string) => {
      for await (const _p of api.pages(path));
    };
    await rejects(drain('/away'), /the next page is outside http:\/\/127\.0\.0\.1:\d+\/api\/v3 \(https:\/\/attacker\.example\); not followed/);
    assert.match(apiErrorLine(await failure(drain('/away')))!, /^GitHub API GET \/api\/v3\/away failed: 200 the next page is outside /);
    assert.not.ok(s.seen.some((x) => x.path.includes('attacker')));
    await rejects(drain('/loop'), /the next page repeats an earlier one/);
    await rejects(drain('/object'), /expected a list, got object/);
  } finally {
    await s.close();
  }
});

test('a read follows a renamed repository’s redirect within the API; elsewhere, or for a write, it stops', async () => {
  const s = await serve((q, res) => {
    const to = (location: string) => (res.writeHead(301, { location, 'content-length': 0 }), res.end());
    if (q.url === '/repos/old/r/pulls/1') return to('/repos/new/r/pulls/1');
    if (q.url === '/repos/new/r/pulls/1') return json(res, 200, { number: 1 });
    if (q.url === '/repos/away/r') return to('https://attacker.example/repos/away/r');
    if (q.url === '/repos/old/r/statuses/abc') return to('/repos/new/r/statuses/abc');
    if (q.url === '/repos/spin/r') return to('/repos/spin/r');
    json(res, 404, { message: 'Not Found' });
  });
  try {
    const api = quick(s.url);
    assert.equal((await api.request('GET', '/repos/old/r/pulls/1')).data, { number: 1 });
    const away = await failure(api.request('GET', '/repos/away/r'));
    assert.is(away.status, 301);
    assert.match(away.message, /^redirected to https:\/\/attacker\.example\/repos\/away\/r, outside http:\/\/127\.0\.0\.1:\d+; not followed$/);
    assert.is((await failure(api.request('POST', '/repos/old/r/statuses/abc', { body: {} }))).status, 301);
    assert.match((await failure(api.request('GET', '/repos/spin/r'))).message, /more than 3 redirects/);
    assert.is(s.seen.filter((x) => x.path === '/repos/new/r/statuses/abc').length, 0);
  } finally {
    await s.close();
  }
});

test('nextLink: RFC 8288 forms GitHub and proxies send', () => {
  assert.is(nextLink('<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=9>; rel="last"'), 'https://api.github.com/x?page=2');
  assert.is(nextLink('<https://a/x?page=9>; rel="last", <https://a/x?l=a,b&page=2>; rel="next"'), 'https://a/x?l=a,b&page=2');
  assert.is(nextLink('<https://a/x?page=2>;rel=next'), 'https://a/x?page=2');
  assert.is(nextLink('<https://a/x?page=2>; rel="prev next"'), 'https://a/x?page=2');
  assert.is(nextLink('<https://a/x?page=2>; rel="nextish"'), undefined);
  assert.is(nextLink('<https://a/x?page=1>; rel="prev"'), undefined);
  assert.is(nextLink(undefined), undefined);
});

test('silence fails the attempt after timeoutMs', async () => {
  const s = await serve(() => {});
  try {
    const e = await failure(quick(s.url, { timeoutMs: 100, retries: 0 }).request('GET', '/slow'));
    assert.is(e.status, 0);
    assert.match(e.message, /^ETIMEDOUT: no answer from GitHub in 100 ms$/);
  } finally {
    await s.close();
  }
});

test('a 2xx that is not JSON (broken, or a proxy’s page) is an error, not data', async () => {
  const s = await serve((q, res) => {
    res.writeHead(200, { 'content-type': q.url === '/page' ? 'text/html; charset=utf-8' : 'application/json' });
    res.end(q.url === '/page' ? '<html>Sign in to the proxy</html>' : '{"truncated": ');
  });
  try {
    assert.is(apiErrorLine(await failure(quick(s.url).request('GET', '/repos/o/r'))), 'GitHub API GET /repos/o/r failed: 200 the answer is not JSON (14 bytes)');
    assert.is(apiErrorLine(await failure(quick(s.url).request('GET', '/page'))), 'GitHub API GET /page failed: 200 the answer is text/html, not JSON (33 bytes)');
  } finally {
    await s.close();
  }
});

test('the client encodes path segments: a file path keeps its slashes, a branch name is one segment', async () => {
  const s = await serve((q, res) => {
    if (q.url!.startsWith('/repos/o/r/branches/')) return json(res, 200, { commit: { sha: 'c'.repeat(40) } });
    if (q.url === '/repos/o/r') return json(res, 200, { default_branch: 'release/2026 #1' });
    json(res, 404, { message: 'Not Found' });
  });
  try {
    const api = createClient({ apiUrl: s.url, token: 't', owner: 'o', name: 'r' }, { throttle: false, retries: 0 });
    assert.equal(await api.defaultBranch(), { name: 'release/2026 #1', sha: 'c'.repeat(40) });
    assert.equal(await api.getContent('members/a b#.yaml', 'main', 100), { kind: 'missing' });
    assert.equal(s.seen.map((x) => x.path), ['/repos/o/r', '/repos/o/r/branches/release%2F2026%20%231', '/repos/o/r/contents/members/a%20b%23.yaml?ref=main']);
  } finally {
    await s.close();
  }
});

test.run();
