// Only light modules load before run(): loader workers for a cold run of many files start first
// (load/pool.ts) and load the parser while this thread loads the validator and the rules.
import type { Io } from '../cli.js';
import type { Finding } from '../findings.js';
import { join, resolve } from 'node:path';
import { PackCache } from '../load/cache.js';
import { gitVouched } from '../load/gitindex.js';
import { prestart } from '../load/pool.js';
import { LIVE_OPTIONS, liveFlags, oneOf, parse, UsageError } from './args.js';

const HELP = `usage: pmnet validate [FILES…] [--root DIR] [--format text|json|github|markdown]
                      [--cache-dir DIR | --no-cache]
                      [--live [--only dns|tls|p2p]… [--resolver ADDR[:PORT]]… [--ca FILE]…
                       [--new ID]… [--timeout MS] [--concurrency N] [--at TIME]]

Checks network.yaml and every members/*.yaml under --root (default: the current directory).
FILES limits the report to those files (cross-member rules still see every member).
--cache-dir keep each member file's results (by its content hash) in DIR/validate.pack, so the
           next run parses only changed files (default: ROOT/.pmnet-cache; CI can cache DIR)
--no-cache neither read nor write the cache
--live     also query DNS and connect to every declared address (TLS, node API, Tendermint P2P)
--only     run only these live areas (dns, tls, p2p)
--resolver DNS resolver to ask instead of network.yaml live.resolvers (repeatable)
--ca       extra trusted root certificate, PEM (repeatable; test networks)
--at       judge certificates as of this ISO 8601 time, e.g. 2027-03-01T00:00:00Z
           ("will this still pass on the 1st?"); the handshake still happens now
--new      treat member ID as joining: a missing DNS proof is an error (repeatable)
Exit: 0 no errors, 1 errors, 2 usage or internal failure.
`;

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      root: { type: 'string' },
      format: { type: 'string' },
      live: { type: 'boolean' },
      only: { type: 'string', multiple: true },
      ...LIVE_OPTIONS,
      at: { type: 'string' },
      'cache-dir': { type: 'string' },
      'no-cache': { type: 'boolean' },
      new: { type: 'string', multiple: true },
      color: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const format = oneOf(values.format, ['text', 'json', 'github', 'markdown'] as const, '--format', 'text');
  const only = (values.only ?? []).map((o) => oneOf(o, ['dns', 'tls', 'p2p'] as const, '--only', 'dns'));
  const flags = liveFlags(values);
  if (flags.at && !values.live) throw new UsageError('--at judges the live certificate checks: use it with --live');
  const root = values.root ?? process.cwd();
  if (values['no-cache'] && values['cache-dir'] !== undefined) throw new UsageError('--no-cache and --cache-dir contradict each other: give one');

  // git answers in its own process while the pack is read here.
  const vouched = values['no-cache'] ? undefined : gitVouched(root);
  const cache = values['no-cache'] ? undefined : PackCache.open(resolve(values['cache-dir'] ?? join(root, '.pmnet-cache')));
  if (!cache?.size) prestart(join(root, 'members'));
  const { reportedFor, validateOffline } = await import('../validate.js');
  const result = await validateOffline({ root, files: positionals, ...(cache ? { cache, vouched } : {}) });
  cache?.save();
  let findings: Finding[] = result.findings;
  let internal = result.internalErrors;
  if (values.live) {
    const { runLive } = await import('../live/run.js');
    const { liveProgress } = await import('../live/progress.js');
    const live = await runLive(result, {
      root,
      areas: only.length ? only : ['dns', 'tls', 'p2p'],
      ...flags,
      newMembers: values.new ?? [],
      progress: liveProgress(),
    });
    // Like offline findings: with FILES, report only those files (live facts still cover
    // every member, so cross-member rules such as a shared certificate see everyone).
    findings = [...findings, ...live.findings.filter(reportedFor(root, positionals))];
    internal += live.internalErrors;
  }
  const { sortFindings } = await import('../findings.js');
  sortFindings(findings);
  const [{ formatGithub }, { formatJson }, { formatMarkdown }, { formatText, useColor }] = await Promise.all([import('../report/github.js'), import('../report/json.js'), import('../report/markdown.js'), import('../report/text.js')]);
  const color = useColor(process.stdout, { color: values.color, noColor: values['no-color'] });
  if (format === 'json') io.stdout(formatJson(findings));
  else if (format === 'markdown') io.stdout(formatMarkdown(findings));
  else if (format === 'github') io.stdout(formatGithub(findings));
  else io.stdout(formatText(findings, { color, texts: result.texts }));
  if (internal) return 2;
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
