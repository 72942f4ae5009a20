// pmnet audit: offline + live checks of every active member; with GitHub env, one tracking
// issue per failing member; a Markdown summary of the whole network.
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Io } from '../cli.js';
import { sortFindings, type Finding } from '../findings.js';
import { ghData } from '../report/escape.js';
import { validateOffline } from '../validate.js';
import { auditMembers, auditSummary, failing, syncIssues, type IssueAction } from '../github/audit.js';
import { apiErrorLine, createClient, githubEnv, hasGithubEnv, type GitHubApi } from '../github/client.js';
import { LIVE_OPTIONS, liveFlags, parse } from './args.js';

const HELP = `usage: pmnet audit [--root DIR] [--offline] [--resolver ADDR[:PORT]]… [--ca FILE]… [--timeout MS]
                   [--concurrency N] [--dry-run]

Checks every member (offline rules, then live DNS/TLS checks of every active member).
With GITHUB_API_URL, GITHUB_TOKEN and GITHUB_REPOSITORY set, keeps one issue (label "audit")
per failing member: opened when it starts failing, updated while it fails, closed when it
recovers. Writes a Markdown summary to $GITHUB_STEP_SUMMARY (or stdout). Never changes member
files or the zone.
--offline   offline rules only
--dry-run   report the issue actions without making them
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
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const env = deps.env ?? process.env;
  const flags = liveFlags(values);
  const root = resolve(values.root ?? process.cwd());
  const api = deps.api ?? (hasGithubEnv(env) ? createClient(githubEnv(env)) : undefined);

  const result = await validateOffline({ root });
  const findings: Finding[] = [...result.findings];
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

  let actions: IssueAction[] = [];
  const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  if (api) {
    try {
      actions = await syncIssues(api, audits, { when: deps.now ?? new Date(), runUrl, dryRun: values['dry-run'] === true });
    } catch (err) {
      const line = apiErrorLine(err);
      if (line === undefined) throw err;
      io.stderr(`pmnet audit: ${line}\n`);
      return 2;
    }
  }

  const summary = auditSummary(result.network?.model.name ?? 'network', audits, networkFindings, actions, !values.offline);
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${summary}\n`);
  else io.stdout(summary);
  const bad = audits.filter(failing);
  for (const a of bad) io.stdout(`pmnet audit: ${ghData(a.id)} fails: ${a.errors} error${a.errors === 1 ? '' : 's'}\n`);
  for (const x of actions) io.stdout(`pmnet audit: ${values['dry-run'] ? 'would ' : ''}${x.action} issue${x.issue !== undefined ? ` #${x.issue}` : ''} for ${ghData(x.id)}\n`);
  if (!api) io.stdout('pmnet audit: no GitHub environment (GITHUB_API_URL, GITHUB_TOKEN, GITHUB_REPOSITORY): no issues touched\n');
  if (internal) return 2;
  const networkErrors = networkFindings.some((f) => f.severity === 'error');
  return bad.length || networkErrors ? 1 : 0;
}
