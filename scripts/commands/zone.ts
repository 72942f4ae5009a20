// pmnet zone: writes (or checks) zone/<domain>.zone, or prints the Route 53 change batch.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { oneOf, parse, UsageError } from './args.js';
import { committedZone, defaultZonePath, findingsToText, healthRotation, loadModel, readIfExists, withUsage, type Blocked, type Model } from '../zone/command-support.js';
import { failingIds, keptMembers, type Kept } from '../zone/keep.js';
import { materialiseRef } from '../zone/gitbase.js';
import { validateOffline } from '../validate.js';
import { syncZoneIssue } from '../github/zone-issue.js';
import type { Finding } from '../findings.js';
import type { Io } from '../cli.js';
import { ZoneValueError } from '../zone/canonical.js';
import { generateZone, ZoneFileError } from '../zone/generate.js';
import { guardMessage, planChanges, planToText } from '../zone/plan.js';
import { countRecords, fqdn, ZoneInternalError, type RRset } from '../zone/records.js';
import type { Member, Network } from '../model/types.js';
import { DEFAULT_MAX_RRSET } from '../zone/render.js';
import { parseRoute53Listing, route53ChangeBatch, route53ToJson, type Route53RecordSet } from '../zone/route53.js';

const USAGE = `usage: pmnet zone [--root DIR] [--out FILE|-] [--check] [--format bind|route53 [--current FILE]] [--force] [--max-rrset N]
                  [--keep-failing] [--before REF] [--issue] [--health FILE]

Writes the consortium zone (RFC 1035 master file) to <root>/zone/<domain>.zone.
--out FILE|-   write elsewhere (- = stdout; the serial still comes from the committed file)
--check        write nothing; exit 1 when the committed zone is not what the model produces
--format       bind (default) or route53: a Route 53 change batch with one weighted CNAME per
               active member at the shared name (JSON on stdout or --out)
--current FILE with route53: the hosted zone's records (aws route53 list-resource-record-sets
               output); weighted CNAMEs of members no longer active get a DELETE
--force        write even when the mass-change guard (network.yaml zone.guard) trips
--health FILE  the health record (pmnet health update): members out of the rotation leave the
               shared name (never below network.yaml health.min_in_rotation); each keeps its CNAME
--max-rrset N  largest RRset allowed (default ${DEFAULT_MAX_RRSET}, BIND's max-records-per-type; 0 = no limit)
--keep-failing when member files fail, publish every valid member and keep the failing members'
               last published records (from the committed zone) instead of writing nothing
--before REF   the git commit the committed zone was built from: attributes the kept addresses,
               and its network.yaml's mass-change guard applies (not the one being changed)
--issue        with GITHUB_API_URL, GITHUB_TOKEN, GITHUB_REPOSITORY: keep one issue (label
               "zone") open saying which files fail, closed when everything validates again
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
      'keep-failing': { type: 'boolean' },
      before: { type: 'string' },
      issue: { type: 'boolean' },
      current: { type: 'string' },
      health: { type: 'string' },
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
    if (values.current !== undefined && format !== 'route53') throw new UsageError('--current is the Route 53 listing; it goes with --format route53');
    const root = resolve(values.root ?? process.cwd());

    const loaded: Loaded = values['keep-failing'] || values.before !== undefined ? await loadKeeping(root, values.before, values['keep-failing'] === true) : await loadModel(root);
    if (values.issue) await syncZoneIssue(io, 'findings' in loaded ? { findings: loaded.findings, kept: [] } : { findings: loaded.failing ?? [], kept: loaded.kept ?? [] });
    if ('findings' in loaded) {
      io.stderr(findingsToText(loaded));
      io.stderr(`pmnet zone: ${loaded.findings.length} validation error(s); no zone written\n`);
      return 1;
    }
    if (loaded.kept?.length || loaded.failing?.length) {
      io.stderr(findingsToText({ findings: loaded.failing ?? [], texts: loaded.texts ?? new Map() }));
      for (const k of loaded.kept ?? []) io.stderr(`pmnet zone: ${k.id} fails validation; keeping its last published records (${k.domain}${k.addresses.length ? `, ${k.addresses.join(', ')}` : ''})\n`);
    }
    const { network, members } = loaded.model;
    const out = healthRotation(values.health, network, members);
    if (out.size && format === 'route53') throw new UsageError('--health applies to the BIND zone; the Route 53 batch has no rotation to thin');
    try {
      if (format === 'route53') {
        let current: Route53RecordSet[] | undefined;
        if (values.current !== undefined) {
          const listing = readIfExists(resolve(values.current));
          if (listing === undefined) throw new UsageError(`--current: ${values.current} does not exist`);
          current = parseRoute53Listing(listing, network);
        } else {
          io.stderr('pmnet zone: note: without --current the batch only adds and updates; records of members who left stay in Route 53. Pass --current with the output of "aws route53 list-resource-record-sets" to delete them.\n');
        }
        const batch = route53ChangeBatch(network, members, 1, current);
        const deletes = batch.Changes.filter((c) => c.Action === 'DELETE').length;
        const g = network.zone.guard;
        if (current && current.length >= g.minRecords && (deletes * 100) / current.length > g.maxChangePercent) {
          if (!values.force) {
            io.stderr(`pmnet zone: mass-change guard: the batch deletes ${deletes} of the ${current.length} weighted records at ${network.sharedName}, more than the ${g.maxChangePercent}% allowed (network.yaml zone.guard). Check the change; if it is intended, run again with --force.\n`);
            return 1;
          }
          io.stderr(`pmnet zone: mass-change guard overridden with --force (${deletes} of ${current.length} weighted records deleted)\n`);
        }
        const text = route53ToJson(batch);
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
      const z = generateZone(network, members, existing, io.now?.() ?? new Date(), { maxRecordsPerRRset: maxRaw === undefined ? DEFAULT_MAX_RRSET : Number(maxRaw) }, new Set(out.keys()));

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
        // The guard judges what the members changed, with the shared name's rotation held still,
        // by the committed settings (--before) rather than the ones being changed.
        const guard = ('guard' in loaded && loaded.guard) || network.zone.guard;
        const p = planChanges(z.origin, z.previous, z.sameRotation ?? z.sets, guard, values.force === true);
        if (p.guard.status === 'blocked') {
          io.stderr(planToText(p));
          io.stderr(`pmnet zone: ${guardMessage(p)}\n`);
          return 1;
        }
        if (p.guard.status === 'forced') io.stderr(`pmnet zone: mass-change guard overridden with --force (${p.affectedRecords} of ${p.existingRecords} records)\n`);
      }
      if (outPath === undefined) {
        io.stdout(z.text);
        warnLargeRRsets(z.sets, io);
        return 0;
      }
      if (!z.changed && fromOut !== undefined) {
        io.stdout(`${shown(outPath)} unchanged (serial ${z.serial})\n`);
        return 0;
      }
      writeAtomic(outPath, z.text);
      io.stdout(`wrote ${shown(outPath)} (serial ${z.serial}, ${countRecords(z.sets)} records)\n`);
      for (const line of rotationChanges(network, members, z.previous, z.sets, out)) io.stdout(`${line}\n`);
      for (const line of sharedShare(network, members, z.sets)) io.stdout(`${line}\n`);
      warnLargeRRsets(z.sets, io);
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

/**
 * The model of every member whose file validates, plus the failing members' last published
 * records. Still blocked when network.yaml itself fails (nothing can be built without it).
 */
type Guard = Network['zone']['guard'];
type Loaded = { model: Model; failing?: Finding[]; kept?: Kept[]; texts?: Map<string, string>; guard?: Guard | undefined } | Blocked;

async function loadKeeping(root: string, before: string | undefined, keepFailing: boolean): Promise<Loaded> {
  const r = await validateOffline({ root });
  const prev = before === undefined ? undefined : await loadBefore(root, before);
  // The mass-change guard of the committed settings the zone was built with, not of the change.
  const guard = prev?.guard;
  if (r.ok && r.model) return { model: r.model, guard };
  const errors = r.findings.filter((f) => f.severity === 'error');
  if (!keepFailing) return { findings: errors, texts: r.texts };
  const failing = failingIds(errors);
  const failingFiles = new Set(failing.map((id) => `members/${id}.yaml`));
  // Anything but a member file failing (network.yaml) blocks, as without --keep-failing.
  if (!r.network || errors.some((f) => !failingFiles.has(f.file))) return { findings: errors, texts: r.texts };
  const network = r.network.model;
  const valid = r.members.flatMap((m) => (m.model && !failingFiles.has(m.source.file) ? [m.model] : []));
  const committed = committedZone(root, network);
  const keep = committed ? keptMembers({ network, failing, valid, committed, before: prev }) : { members: [], kept: [] };
  return { model: { network, members: [...valid, ...keep.members] }, failing: errors, kept: keep.kept, texts: r.texts, guard };
}

/** The members valid at a git ref, and its guard settings. */
async function loadBefore(root: string, ref: string): Promise<{ valid: Member[]; guard?: Guard }> {
  const base = materialiseRef(root, ref);
  try {
    const b = await validateOffline({ root: base.dir });
    return { valid: b.members.flatMap((m) => (m.model ? [m.model] : [])), ...(b.network ? { guard: b.network.model.zone.guard } : {}) };
  } finally {
    base.cleanup();
  }
}

/**
 * Why the shared name changed for health (for the commit message or pull request): members the
 * record keeps out whose addresses the previous zone published, and members back in it.
 */
function rotationChanges(network: Network, members: readonly Member[], previous: readonly RRset[] | undefined, sets: readonly RRset[], out: ReadonlyMap<string, string>): string[] {
  const name = fqdn(network.sharedName);
  const at = (list: readonly RRset[] | undefined) => new Set((list ?? []).filter((s) => s.name === name && (s.type === 'A' || s.type === 'AAAA')).flatMap((s) => s.values));
  const before = at(previous);
  const now = at(sets);
  const lines: string[] = [];
  const active = members.filter((x) => x.status === 'active');
  // With a bounded shared name members also enter by taking turns: only name health's returns.
  const whole = active.every((m) => out.has(m.id) || [...m.node.ipv4, ...m.node.ipv6].every((a) => now.has(a)));
  for (const m of active) {
    const addrs = [...m.node.ipv4, ...m.node.ipv6];
    const why = out.get(m.id);
    if (why !== undefined && addrs.some((a) => before.has(a)) && !addrs.some((a) => now.has(a))) lines.push(`health: ${m.id} left the rotation of ${name} (${why})`);
    else if (why === undefined && whole && previous && addrs.some((a) => now.has(a)) && !addrs.some((a) => before.has(a))) lines.push(`health: ${m.id} is in the rotation of ${name} again`);
  }
  return lines;
}

/** When members outnumber the shared name's bound: how many addresses this serial publishes. */
function sharedShare(network: Network, members: readonly Member[], sets: readonly RRset[]): string[] {
  const out: string[] = [];
  const name = fqdn(network.sharedName);
  for (const [type, field] of [['A', 'ipv4'], ['AAAA', 'ipv6']] as const) {
    const all = new Set(members.filter((m) => m.status === 'active').flatMap((m) => m.node[field]));
    const published = sets.find((s) => s.name === name && s.type === type)?.values.length ?? 0;
    if (published < all.size) out.push(`shared name ${name} ${type}: ${published} of ${all.size} addresses this serial (zone.shared_max_addresses: ${network.zone.sharedMaxAddresses ?? 'fit'}; members take turns as the serial changes)`);
  }
  return out;
}

/** --max-rrset 0 (or above 100) lets through what BIND will not load by default: say so. */
export function warnLargeRRsets(sets: readonly RRset[], io: Io): void {
  for (const s of sets) {
    if (s.values.length <= DEFAULT_MAX_RRSET) continue;
    io.stderr(
      `pmnet zone: warning: the ${s.type} RRset at ${s.name} holds ${s.values.length} records; BIND 9.18.28 and later refuse to load this zone unless every server sets max-records-per-type ${s.values.length} or more (default 100)\n`,
    );
  }
}

function writeAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
