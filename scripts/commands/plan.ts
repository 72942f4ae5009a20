// pmnet plan: record-level difference between the zone of a base and of the working tree.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { oneOf, parse, UsageError } from './args.js';
import { committedZone, findingsToText, healthRotation, loadModel, withUsage, type Model } from '../zone/command-support.js';
import type { Io } from '../cli.js';
import { materialiseRef } from '../zone/gitbase.js';
import { planChanges, planToJson, planToMarkdown, planToText } from '../zone/plan.js';
import { buildRecords, fqdn, ZoneInternalError, type RRset } from '../zone/records.js';
import { withSerial } from '../zone/render.js';
import type { Network } from '../model/types.js';

const USAGE = `usage: pmnet plan [--root DIR] (--base GIT-REF | --base-root DIR) [--format text|markdown|json] [--force]
                  [--health FILE]

Shows the RRsets the working tree's zone adds, removes and changes compared with the base.
--base GIT-REF    the base is network.yaml, members/ and zone/ of that commit (git in --root)
--base-root DIR   the base is another consortium directory
--format          text (default), markdown (for a pull-request comment) or json
--health FILE     the working tree's shared name follows this health record (pmnet zone --health)
--force           report a tripped mass-change guard as "forced" instead of failing
Exit: 0 plan ok, 1 validation errors or guard tripped, 2 usage.
`;

export async function run(args: string[], io: Io): Promise<number> {
  return withUsage(USAGE, io, async () => {
    const { values } = parse(args, {
      root: { type: 'string' },
      base: { type: 'string' },
      'base-root': { type: 'string' },
      format: { type: 'string' },
      force: { type: 'boolean' },
      health: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const format = oneOf(values.format, ['text', 'markdown', 'json'] as const, '--format', 'text');
    if ((values.base === undefined) === (values['base-root'] === undefined)) throw new UsageError('give exactly one of --base GIT-REF or --base-root DIR');
    const root = resolve(values.root ?? process.cwd());

    const head = await loadModel(root);
    if ('findings' in head) {
      io.stderr(findingsToText(head));
      io.stderr(`pmnet plan: the working tree has ${head.findings.length} validation error(s); fix them first\n`);
      return 1;
    }

    const mat = values.base !== undefined ? materialiseRef(root, values.base) : undefined;
    try {
      const baseDir = mat ? mat.dir : resolve(values['base-root']!);
      const base = await baseRecords(baseDir, head.model.network, io);
      if (base === undefined) return 1;
      const { network, members } = head.model;
      const next = buildRecords(network, members, 0, 0, new Set(healthRotation(values.health, network, members).keys()));
      // A pull request must not loosen its own guard: take the stricter of base and head.
      const guard = base.guard
        ? { maxChangePercent: Math.min(base.guard.maxChangePercent, network.zone.guard.maxChangePercent), minRecords: Math.min(base.guard.minRecords, network.zone.guard.minRecords) }
        : network.zone.guard;
      const p = planChanges(fqdn(network.domain), base.sets, next, guard, values.force === true);
      io.stdout(format === 'json' ? planToJson(p) : format === 'markdown' ? planToMarkdown(p) : planToText(p));
      return p.guard.status === 'blocked' ? 1 : 0;
    } catch (err) {
      if (err instanceof ZoneInternalError) {
        io.stderr(`pmnet plan: ${err.message} (a bug: the validator should have rejected this model; please report it)\n`);
        return 2;
      }
      throw err;
    } finally {
      mat?.cleanup();
    }
  });
}

/**
 * The base's RRsets: from its validated model; an empty zone when the base has no
 * network.yaml yet; its committed zone file when its model no longer validates (e.g. a newer
 * pmnet rule); otherwise undefined (reported).
 */
async function baseRecords(dir: string, headNetwork: Network, io: Io): Promise<{ sets: RRset[]; guard?: Network['zone']['guard'] } | undefined> {
  if (!existsSync(join(dir, 'network.yaml'))) return { sets: [] };
  const loaded = await loadModel(dir);
  if ('model' in loaded) {
    const m: Model = loaded.model;
    return { sets: buildRecords(m.network, m.members, 0), guard: m.network.zone.guard };
  }
  const committed = committedZone(dir, headNetwork);
  if (committed) {
    io.stderr(`pmnet plan: the base does not validate (${loaded.findings.length} error(s)); comparing with its committed zone file instead\n`);
    return { sets: withSerial(committed.sets, 0) };
  }
  io.stderr(findingsToText(loaded));
  io.stderr(`pmnet plan: the base does not validate (${loaded.findings.length} error(s)) and has no committed zone file to compare with\n`);
  return undefined;
}
