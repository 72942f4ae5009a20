// Shared by the zone, plan and verify-zone commands: the validated model, findings as text.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HealthFileError, readRecord } from '../health/record.js';
import { outOfRotation } from '../health/update.js';
import type { Io } from '../cli.js';
import type { Finding } from '../findings.js';
import { formatText, useColor } from '../report/text.js';
import type { Member, Network } from '../model/types.js';
import { validateOffline } from '../validate.js';
import { UsageError } from '../commands/args.js';
import { fqdn } from './records.js';
import { parseRendered, type ParsedZone } from './render.js';

export interface Model {
  network: Network;
  members: Member[];
}

export interface Blocked {
  findings: Finding[];
  texts: Map<string, string>;
}

/** The errors, laid out by the text reporter pmnet validate uses (grouped, offending line shown). */
export function findingsToText(b: Blocked): string {
  return formatText(b.findings, { color: useColor(process.stderr), texts: b.texts });
}

/** The validated model, or the errors that prevent it (printed to stderr by the caller). */
export async function loadModel(root: string): Promise<{ model: Model } | Blocked> {
  const r = await validateOffline({ root });
  if (r.ok && r.model) return { model: r.model };
  return { findings: r.findings.filter((f) => f.severity === 'error'), texts: r.texts };
}

/** network.yaml alone, validated (its schema and network rules), or the errors. */
export async function loadNetwork(root: string): Promise<{ network: Network } | Blocked> {
  const r = await validateOffline({ root, networkOnly: true });
  if (r.ok && r.model) return { network: r.model.network };
  return { findings: r.findings.filter((f) => f.severity === 'error'), texts: r.texts };
}

export function defaultZonePath(root: string, network: Network): string {
  return join(root, 'zone', `${network.domain}.zone`);
}

export function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** The committed zone file, when it is one pmnet wrote for this domain. */
export function committedZone(root: string, network: Network): ParsedZone | undefined {
  const text = readIfExists(defaultZonePath(root, network));
  const z = text === undefined ? undefined : parseRendered(text);
  return z && z.origin === fqdn(network.domain) ? z : undefined;
}

/** Runs a command body; a UsageError becomes one line + the usage line and exit 2. */
export async function withUsage(usage: string, io: Io, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof UsageError || (err as { name?: string }).name === 'UsageError') {
      io.stderr(`pmnet: ${(err as Error).message}\n${usage.split('\n')[0]}\n`);
      return 2;
    }
    throw err;
  }
}

/**
 * --health FILE: the members the health record keeps off the shared name, with why (the
 * record is validated first; a malformed one is a usage error, nothing half used).
 */
export function healthRotation(file: string | undefined, network: Network, members: readonly Member[]): Map<string, string> {
  if (file === undefined) return new Map();
  let record;
  try {
    record = readRecord(resolve(file));
  } catch (err) {
    if (err instanceof HealthFileError) throw new UsageError(err.message);
    throw err;
  }
  return outOfRotation(record, members.filter((m) => m.status === 'active').map((m) => m.id), network.health);
}
