import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Io } from '../cli.js';
import { collectSite } from '../site/collect.js';
import { readAudit, readHealth, type Audit } from '../site/inputs.js';
import { renderSite } from '../site/render.js';
import { validateOffline } from '../validate.js';
import { LIVE_OPTIONS, liveFlags, parse, UsageError } from './args.js';

const HELP = `usage: pmnet site --out DIR [--root DIR] [--health FILE] [--audit FILE | --live [--resolver …] [--ca …]
                 [--timeout MS] [--concurrency N]] [--repo-url URL]

Writes the network's status page, DIR/index.html: a static page (no scripts) with the members,
their node domains and addresses, whether each is in the shared name's rotation, health score
history, certificate expiry, the latest findings, the current zone and the recent governance
history (git log of members/). Inputs (docs/site.md):
--health FILE  health records, {"members": {"<id>": [{"at": DATE, "score": 0-100}]}}
--audit FILE   live results: {"checked_at", "findings", "certificates"}
--live         run the live checks now instead of reading --audit
--repo-url URL links to pull requests and rule docs (default from GITHUB_SERVER_URL and
               GITHUB_REPOSITORY)
Exit: 0 written, 2 usage or internal failure.
`;

export async function run(args: string[], io: Io): Promise<number> {
  const { values: v } = parse(args, {
    out: { type: 'string' },
    root: { type: 'string' },
    health: { type: 'string' },
    audit: { type: 'string' },
    live: { type: 'boolean' },
    'repo-url': { type: 'string' },
    ...LIVE_OPTIONS,
    help: { type: 'boolean', short: 'h' },
  });
  if (v.help) {
    io.stdout(HELP);
    return 0;
  }
  if (!v.out) throw new UsageError('site needs --out DIR');
  if (v.live && v.audit) throw new UsageError('--live and --audit both give the live results; use one');
  const root = resolve(v.root ?? process.cwd());
  const env = process.env;
  const repoUrl = v['repo-url'] ?? (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}` : undefined);
  if (repoUrl !== undefined && !/^https:\/\/[^\s"'<>]+$/.test(repoUrl)) throw new UsageError(`--repo-url must be an https URL, not "${repoUrl}"`);
  const now = new Date();
  let audit: Audit | undefined = v.audit ? readAudit(v.audit) : undefined;
  if (v.live) {
    const offline = await validateOffline({ root });
    const { runLive } = await import('../live/run.js');
    const { liveProgress } = await import('../live/progress.js');
    const { auditFromLive } = await import('../site/live.js');
    const live = await runLive(offline, { root, areas: ['dns', 'tls'], ...liveFlags(v), newMembers: [], progress: liveProgress() });
    audit = auditFromLive(live.findings, live.facts, now.toISOString());
  }
  const data = await collectSite({ root, health: v.health ? readHealth(v.health) : undefined, audit, now, repoUrl });
  const html = renderSite(data);
  const out = resolve(v.out);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'index.html'), html);
  io.stdout(`wrote ${join(out, 'index.html')} (${data.members.length} members, ${Buffer.byteLength(html)} bytes)\n`);
  return 0;
}
