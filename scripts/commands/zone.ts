// pmnet zone: writes (or checks) zone/<domain>.zone, or prints the Route 53 change batch.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { oneOf, parse, UsageError } from './args.js';
import { defaultZonePath, findingsToText, loadModel, readIfExists, withUsage } from '../zone/command-support.js';
import type { Io } from '../cli.js';
import { ZoneValueError } from '../zone/canonical.js';
import { generateZone, ZoneFileError } from '../zone/generate.js';
import { guardMessage, planChanges, planToText } from '../zone/plan.js';
import { countRecords, ZoneInternalError } from '../zone/records.js';
import { DEFAULT_MAX_RRSET } from '../zone/render.js';
import { route53ChangeBatch, route53ToJson } from '../zone/route53.js';

const USAGE = `usage: pmnet zone [--root DIR] [--out FILE|-] [--check] [--format bind|route53] [--force] [--max-rrset N]

Writes the consortium zone (RFC 1035 master file) to <root>/zone/<domain>.zone.
--out FILE|-   write elsewhere (- = stdout; the serial still comes from the committed file)
--check        write nothing; exit 1 when the committed zone is not what the model produces
--format       bind (default) or route53: a Route 53 change batch with one weighted CNAME per
               active member at the shared name (JSON on stdout or --out)
--force        write even when the mass-change guard (network.yaml zone.guard) trips
--max-rrset N  largest RRset allowed (default ${DEFAULT_MAX_RRSET}, BIND's max-records-per-type; 0 = no limit)
Exit: 0 written / up to date, 1 validation errors, guard tripped or out of date, 2 usage.
`;

export async function run(args: string[], io: Io): Promise<number> {
  return withUsage(USAGE, io, async () => {
    const { values } = parse(args, {
      root: { type: 'string' },
      out: { type: 'string' },
      check: { type: 'boolean' },
      format: { type: 'string' },
      force: { type: 'boolean' },
      'max-rrset': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const format = oneOf(values.format, ['bind', 'route53'] as const, '--format', 'bind');
    const maxRaw = values['max-rrset'];
    if (maxRaw !== undefined && !/^\d{1,6}$/.test(maxRaw)) throw new UsageError(`--max-rrset must be a whole number (0 = no limit), not "${maxRaw}"`);
    if (values.check && (values.out !== undefined || format !== 'bind')) throw new UsageError('--check compares the committed zone file; it takes neither --out nor --format');
    const root = resolve(values.root ?? process.cwd());

    const loaded = await loadModel(root);
    if ('findings' in loaded) {
      io.stderr(findingsToText(loaded));
      io.stderr(`pmnet zone: ${loaded.findings.length} validation error(s); no zone written\n`);
      return 1;
    }
    const { network, members } = loaded.model;
    try {
      if (format === 'route53') {
        const text = route53ToJson(route53ChangeBatch(network, members));
        if (values.out === undefined || values.out === '-') io.stdout(text);
        else writeAtomic(resolve(values.out), text);
        return 0;
      }
      const committedPath = defaultZonePath(root, network);
      const outPath = values.out === undefined ? committedPath : values.out === '-' ? undefined : resolve(values.out);
      const shown = (p: string) => relative(process.cwd(), p) || p;
      // The serial continues from the file being replaced, else from the committed zone.
      const fromOut = outPath === undefined ? undefined : readIfExists(outPath);
      const existing = fromOut ?? readIfExists(committedPath);
      const z = generateZone(network, members, existing, io.now?.() ?? new Date(), { maxRecordsPerRRset: maxRaw === undefined ? DEFAULT_MAX_RRSET : Number(maxRaw) });

      if (values.check) {
        if (existing === undefined) {
          io.stderr(`pmnet zone --check: ${shown(committedPath)} does not exist; run "pmnet zone" and commit it\n`);
          return 1;
        }
        if (!z.changed) {
          io.stdout(`${shown(committedPath)} is up to date (serial ${z.serial})\n`);
          return 0;
        }
        io.stdout(planToText(planChanges(z.origin, z.previous ?? [], z.sets, network.zone.guard, true)).replace(/^guard: .*\n/m, ''));
        io.stderr(`pmnet zone --check: ${shown(committedPath)} is not what the model produces; run "pmnet zone" and commit it\n`);
        return 1;
      }

      if (z.previous && z.changed) {
        const p = planChanges(z.origin, z.previous, z.sets, network.zone.guard, values.force === true);
        if (p.guard.status === 'blocked') {
          io.stderr(planToText(p));
          io.stderr(`pmnet zone: ${guardMessage(p)}\n`);
          return 1;
        }
        if (p.guard.status === 'forced') io.stderr(`pmnet zone: mass-change guard overridden with --force (${p.affectedRecords} of ${p.existingRecords} records)\n`);
      }
      if (outPath === undefined) {
        io.stdout(z.text);
        return 0;
      }
      if (!z.changed && fromOut !== undefined) {
        io.stdout(`${shown(outPath)} unchanged (serial ${z.serial})\n`);
        return 0;
      }
      writeAtomic(outPath, z.text);
      io.stdout(`wrote ${shown(outPath)} (serial ${z.serial}, ${countRecords(z.sets)} records)\n`);
      return 0;
    } catch (err) {
      if (err instanceof ZoneValueError || err instanceof ZoneFileError) {
        io.stderr(`pmnet zone: ${err.message}\n`);
        return 1;
      }
      if (err instanceof ZoneInternalError) {
        io.stderr(`pmnet zone: ${err.message} (a bug: the validator should have rejected this model; please report it)\n`);
        return 2;
      }
      throw err;
    }
  });
}

function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
