// pmnet health: the health record's table; "update" folds monitors' observations (shards too)
// into it and keeps the issues; "site" writes the status site's health input.
import { existsSync } from 'node:fs';
import { appendSummary } from '../report/summary.js';
import { resolve } from 'node:path';
import type { Io } from '../cli.js';
import type { Finding } from '../findings.js';
import { auditMembers, syncIssues } from '../github/audit.js';
import { apiErrorLine, createClient, githubEnv, hasGithubEnv, type GitHubApi } from '../github/client.js';
import { foldHealth } from '../health/fold.js';
import { emptyRecord, HealthFileError, readObservations, readRecord, writeJson } from '../health/record.js';
import { healthJson, healthMarkdown, healthText, siteHealth } from '../health/table.js';
import { ghData } from '../report/escape.js';
import { validateOffline } from '../validate.js';
import { oneOf, parse, UsageError } from './args.js';

const HELP = `usage: pmnet health [--record FILE] [--format text|json|markdown]
       pmnet health update --record FILE [--root DIR] [--dry-run] OBSERVATIONS.json…
       pmnet health site --record FILE [--out FILE|-]

Node health as the NTP Pool keeps it (docs/health.md): every check moves a member's score,
score = step + 0.95 × previous (+1 pass, −5 failure, steady state 20); inconclusive runs move
nothing; several monitors combine by median.
(no subcommand)  the table: member, score, trend, in rotation, last failure (default record
                 health.json; --format markdown for $GITHUB_STEP_SUMMARY)
update           fold the observations of "pmnet audit --observations" (several monitors, the
                 shards of a matrix) into the record (created when missing); decides the shared
                 name's rotation (network.yaml health.*) and, with GITHUB_API_URL, GITHUB_TOKEN
                 and GITHUB_REPOSITORY, keeps one issue per member by score with hysteresis.
                 Prints why members left or rejoined the rotation (for the commit message).
site             the status site's health input (pmnet site --health)
Exit: 0 done, 1 a record or observations file is malformed, 2 usage or internal failure.
`;

export interface Deps {
  env?: NodeJS.ProcessEnv;
  api?: GitHubApi;
  now?: Date;
}

export async function run(args: string[], io: Io, deps: Deps = {}): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      record: { type: 'string' },
      root: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const [sub, ...files] = positionals;
  const recordFile = resolve(values.record ?? 'health.json');
  try {
    if (sub === undefined) {
      const format = oneOf(values.format, ['text', 'json', 'markdown'] as const, '--format', 'text');
      if (!existsSync(recordFile)) io.stderr(`pmnet health: no health record at ${recordFile} yet ("pmnet audit --health FILE" or "pmnet health update" creates it)\n`);
      const record = existsSync(recordFile) ? readRecord(recordFile) : emptyRecord();
      const text = format === 'json' ? healthJson(record) : format === 'markdown' ? healthMarkdown(record, 'network') : healthText(record);
      io.stdout(text);
      return 0;
    }
    if (sub === 'site') {
      if (!existsSync(recordFile)) throw new UsageError(`no health record at ${recordFile} (give --record FILE)`);
      const data = siteHealth(readRecord(recordFile));
      if (values.out === undefined || values.out === '-') io.stdout(`${JSON.stringify(data, null, 1)}\n`);
      else writeJson(resolve(values.out), data);
      return 0;
    }
    if (sub === 'update') return await update(files, recordFile, values, io, deps);
    throw new UsageError(`unknown subcommand "${sub}" (update, site, or none for the table)`);
  } catch (err) {
    if (err instanceof HealthFileError) {
      io.stderr(`pmnet health: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

async function update(files: string[], recordFile: string, values: { root?: string | undefined; 'dry-run'?: boolean | undefined }, io: Io, deps: Deps): Promise<number> {
  if (!files.length) throw new UsageError('give the observations files of "pmnet audit --observations" to fold in');
  const parts = files.map((f) => readObservations(resolve(f)));
  const when = deps.now ?? new Date();
  const root = resolve(values.root ?? process.cwd());
  const offline = await validateOffline({ root });
  if (!offline.network) {
    io.stderr('pmnet health: network.yaml does not load; the record is not updated\n');
    return 1;
  }
  const dryRun = values['dry-run'] === true;
  const h = foldHealth(recordFile, parts, offline, when, !dryRun);
  for (const x of h.lines) io.stdout(`pmnet health: ${x}\n`);
  io.stdout(`pmnet health: ${dryRun ? 'would write' : 'wrote'} ${recordFile} (${Object.keys(h.record.members).length} members, ${parts.length} observation file${parts.length === 1 ? '' : 's'})\n`);

  const env = deps.env ?? process.env;
  const api = deps.api ?? (hasGithubEnv(env) ? createClient(githubEnv(env)) : undefined);
  if (api) {
    // The issue shows the member's offline errors and the last failure the monitors saw.
    const findings: Finding[] = [...offline.findings];
    for (const m of offline.members) {
      const x = h.record.members[m.id];
      if (x?.failingSince && x.lastFailure) findings.push(...x.lastFailure.findings.filter((f) => f.file === m.source.file));
    }
    const audits = auditMembers(offline.members.map((m) => ({ file: m.source.file, status: String(m.data.status) })), findings);
    const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
    try {
      const actions = await syncIssues(api, audits, { when, runUrl, dryRun, policy: h.policy });
      for (const x of actions) io.stdout(`pmnet health: ${dryRun ? 'would ' : ''}${x.action} issue${x.issue !== undefined ? ` #${x.issue}` : ''} for ${ghData(x.id)}\n`);
    } catch (err) {
      const line = apiErrorLine(err);
      if (line === undefined) throw err;
      io.stderr(`pmnet health: ${line}\n`);
      return 2;
    }
  }
  const md = healthMarkdown(h.record, offline.network.model.name);
  if (env.GITHUB_STEP_SUMMARY) appendSummary(env.GITHUB_STEP_SUMMARY, `${md}\n`);
  return 0;
}
