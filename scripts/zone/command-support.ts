// Shared by the zone, plan and verify-zone commands: the validated model, findings as text.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../findings.js';
import type { Member, Network } from '../model/types.js';
import { validateOffline } from '../validate.js';
import { UsageError } from '../commands/args.js';
import { fqdn } from './records.js';
import { parseRendered, type ParsedZone } from './render.js';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface Model {
  network: Network;
  members: Member[];
}

/** `file:line:col severity message [rule]`, one per line. */
export function findingsToText(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.message} [${f.rule}]\n`).join('');
}

/** The validated model, or the findings that prevent it (printed to stderr by the caller). */
export async function loadModel(root: string): Promise<{ model: Model } | { findings: Finding[] }> {
  const r = await validateOffline({ root });
  if (r.ok && r.model) return { model: r.model };
  return { findings: r.findings.filter((f) => f.severity === 'error') };
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
