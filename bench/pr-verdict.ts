// One PR verdict, in process, in a fresh process: `pmnet pr-check` run() against the local GitHub
// REST stand-in (its URL and the event file come from the environment, as in Actions). The first
// call is timed including loading the command's modules (what a CI job pays); a second call,
// warm, is timed too. Prints one JSON line.
// --once: the cold call only (row 1d times the whole process against `pmnet validate`).
// Run: GITHUB_* env set; node dist/bench/pr-verdict.js BASE_DIR [--offline] [--timeout MS] [--once] [--base-sha SHA]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { offline: { type: 'boolean' }, timeout: { type: 'string' }, once: { type: 'boolean' }, 'base-sha': { type: 'string' } } });
const base = positionals[0];
if (!base) {
  console.error('usage: node dist/bench/pr-verdict.js BASE_DIR [--offline] [--timeout MS]');
  process.exit(2);
}
const args = ['--root', base, ...(values.offline ? ['--offline'] : []), ...(values.timeout ? ['--timeout', values.timeout] : []), ...(values['base-sha'] ? ['--base-sha', values['base-sha']] : [])];

let out = '';
const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (out += s) };
const once = async () => {
  const t0 = performance.now();
  const { run } = await import('../scripts/commands/pr-check.js');
  const { createClient, githubEnv } = await import('../scripts/github/client.js');
  // A local stand-in answers at once: no rate-limit spacing, no retries (as the tests do).
  const api = createClient(githubEnv(process.env), { throttle: false, retries: 0 });
  const code = await run(args, io, { env: process.env, api });
  return { ms: performance.now() - t0, code };
};
const cold = await once();
const warm = values.once ? { ms: NaN } : await once();
const verdict = /pmnet pr-check: #\d+ (\w+): (.*)/.exec(out)?.slice(1, 3) ?? [];
console.log(JSON.stringify({ coldMs: cold.ms, warmMs: warm.ms, code: cold.code, state: verdict[0] ?? '?', description: verdict[1] ?? out.slice(-300) }));
