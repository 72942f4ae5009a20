// pmnet audit: offline + live checks of every active member; with GitHub env, one tracking
// issue per failing member; a Markdown summary of the whole network.
import { appendSummary } from '../report/summary.js';
import { resolve } from 'node:path';
import type { Io } from '../cli.js';
import { sortFindings, type Finding } from '../findings.js';
import { ghData } from '../report/escape.js';
import { validateOffline } from '../validate.js';
import { auditMembers, auditSummary, failing, syncIssues, type IssueAction } from '../github/audit.js';
import { apiErrorLine, createClient, githubEnv, hasGithubEnv, type GitHubApi } from '../github/client.js';
import { LIVE_OPTIONS, liveFlags, parse, UsageError } from './args.js';
import { foldHealth } from '../health/fold.js';
import { observe } from '../health/observe.js';
import { HealthFileError, validMonitor, writeJson } from '../health/record.js';
import { healthMarkdown } from '../health/table.js';
import { inShard, parseShard } from '../health/shard.js';

const HELP = `usage: pmnet audit [--root DIR] [--offline] [--resolver ADDR[:PORT]]… [--ca FILE]… [--timeout MS]
                   [--concurrency N] [--dry-run] [--monitor NAME] [--shard I/N]
                   [--observations FILE] [--health FILE]

Checks every member (offline rules, then live DNS/TLS checks of every active member).
With GITHUB_API_URL, GITHUB_TOKEN and GITHUB_REPOSITORY set, keeps one issue (label "audit")
per failing member: opened when it starts failing, updated while it fails, closed when it
recovers. Writes a Markdown summary to $GITHUB_STEP_SUMMARY (or stdout). Never changes member
files or the zone.
--offline   offline rules only
--dry-run   report the issue actions without making them (and leave the --health record as it is)
--monitor NAME        who checks (default: $PMNET_MONITOR, else "default"); scores are kept per monitor
--shard I/N           check only the I-th of N shares of the members (an Actions matrix); no issues
--observations FILE   write this run's per-member outcome (good, bad, inconclusive) as JSON for
                      "pmnet health update" (several monitors or shards)
--health FILE         fold this run into the health record FILE (created when missing) and keep
                      issues by score with hysteresis instead of by this run (docs/health.md)
Exit: 0 no member fails, 1 a member or network.yaml fails, 2 usage or internal failure.
`;

export interface Deps {
  env?: NodeJS.ProcessEnv;
  api?: GitHubApi;
  now?: Date;
}

export async function run(args: string[], io: Io, deps: Deps = {}): Promise<number> {
  const { values } = parse(args, {
    root: { type: 'string' },
    offline: { type: 'boolean' },
    ...LIVE_OPTIONS,
    'dry-run': { type: 'boolean' },
    monitor: { type: 'string' },
    shard: { type: 'string' },
    observations: { type: 'string' },
    health: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const env = deps.env ?? process.env;
  const flags = liveFlags(values);
  const root = resolve(values.root ?? process.cwd());
  const monitor = values.monitor ?? env.PMNET_MONITOR ?? 'default';
  if (!validMonitor(monitor)) throw new UsageError(`--monitor must be up to 64 letters, digits, ".", "_" or "-", not "${monitor.slice(0, 80)}"`);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (typeof shard === 'string') throw new UsageError(shard);
  if (shard && values.health !== undefined) throw new UsageError('--shard checks part of the members: write --observations and merge the parts with "pmnet health update"');
  const when = deps.now ?? new Date();
  // One shard of a matrix sees part of the network: the merge step keeps the issues.
  const api = shard ? undefined : (deps.api ?? (hasGithubEnv(env) ? createClient(githubEnv(env)) : undefined));

  const all = await validateOffline({ root });
  const result = shard ? { ...all, members: inShard(all.members, shard) } : all;
  const shardFiles = new Set(result.members.map((m) => m.source.file));
  const findings: Finding[] = shard ? all.findings.filter((f) => !f.file.startsWith('members/') || shardFiles.has(f.file)) : [...all.findings];
  let internal = result.internalErrors;
  if (!values.offline) {
    const { runLive } = await import('../live/run.js');
    const live = await runLive(result, { root, areas: ['dns', 'tls', 'p2p'], ...flags, newMembers: [] });
    findings.push(...live.findings);
    internal += live.internalErrors;
  }
  sortFindings(findings);
  const known = result.members.map((m) => ({ file: m.source.file, status: String(m.data.status) }));
  const audits = auditMembers(known, findings);
  const networkFindings = findings.filter((f) => !audits.some((a) => a.file === f.file));

  const active = result.members.filter((m) => m.model?.status === 'active' || (m.model === undefined && m.data.status === 'active')).map((m) => ({ id: m.id, file: m.source.file }));
  const observations = observe({ monitor, at: when, shard: values.shard, members: active, findings, live: !values.offline });
  if (values.observations !== undefined) writeJson(resolve(values.observations), observations);
  let health: Awaited<ReturnType<typeof foldHealth>> | undefined;
  if (values.health !== undefined) {
    if (!all.network) {
      io.stderr('pmnet audit: network.yaml does not load, so the health record is not updated\n');
    } else {
      try {
        health = foldHealth(resolve(values.health), observations, all, when, values['dry-run'] !== true);
      } catch (err) {
        if (!(err instanceof HealthFileError)) throw err;
        io.stderr(`pmnet audit: ${err.message}\n`);
        return 1;
      }
      for (const x of health.lines) io.stdout(`pmnet audit: ${x}\n`);
    }
  }

  let actions: IssueAction[] = [];
  const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  if (api) {
    try {
      actions = await syncIssues(api, audits, { when, runUrl, dryRun: values['dry-run'] === true, ...(health ? { policy: health.policy } : {}) });
    } catch (err) {
      const line = apiErrorLine(err);
      if (line === undefined) throw err;
      io.stderr(`pmnet audit: ${line}\n`);
      return 2;
    }
  }

  const name = result.network?.model.name ?? 'network';
  const summary = auditSummary(name, audits, networkFindings, actions, !values.offline) + (health ? `\n${healthMarkdown(health.record, name)}` : '');
  if (env.GITHUB_STEP_SUMMARY) appendSummary(env.GITHUB_STEP_SUMMARY, `${summary}\n`);
  else io.stdout(summary);
  const bad = audits.filter(failing);
  for (const a of bad) io.stdout(`pmnet audit: ${ghData(a.id)} fails: ${a.errors} error${a.errors === 1 ? '' : 's'}\n`);
  for (const x of actions) io.stdout(`pmnet audit: ${values['dry-run'] ? 'would ' : ''}${x.action} issue${x.issue !== undefined ? ` #${x.issue}` : ''} for ${ghData(x.id)}\n`);
  if (shard) io.stdout(`pmnet audit: shard ${values.shard}: ${result.members.length} of ${all.members.length} member files checked; no issues touched (pmnet health update merges the parts)\n`);
  else if (!api) io.stdout('pmnet audit: no GitHub environment (GITHUB_API_URL, GITHUB_TOKEN, GITHUB_REPOSITORY): no issues touched\n');
  if (internal) return 2;
  const networkErrors = networkFindings.some((f) => f.severity === 'error');
  return bad.length || networkErrors ? 1 : 0;
}
