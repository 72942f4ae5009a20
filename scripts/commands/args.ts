import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** node:util parseArgs, with its errors turned into UsageError (exit 2, one line). */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, dflt: T): T {
  if (value === undefined) return dflt;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

export function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} must be a positive whole number, not "${value}"`);
  return Number(value);
}

/** The flags every command with live checks takes (validate, pr-check, audit). */
export const LIVE_OPTIONS = {
  resolver: { type: 'string', multiple: true },
  ca: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  concurrency: { type: 'string' },
} as const;

export function liveFlags(v: { resolver?: string[] | undefined; ca?: string[] | undefined; timeout?: string | undefined; concurrency?: string | undefined; at?: string | undefined }) {
  return {
    resolvers: v.resolver,
    caFiles: v.ca ?? [],
    timeoutMs: positiveInt(v.timeout, '--timeout'),
    concurrency: positiveInt(v.concurrency, '--concurrency'),
    at: instant(v.at, '--at'),
  };
}

/** An ISO 8601 date-time with a zone (Z or ±hh:mm), or a date (midnight UTC). */
export function instant(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const ok = /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d))?$/.test(value);
  const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  // Date rolls 2027-02-30 over to March: check the calendar date itself.
  const [y, m, day] = value.slice(0, 10).split('-').map(Number);
  const real = new Date(Date.UTC(y!, m! - 1, day!));
  const calendar = real.getUTCMonth() === m! - 1 && real.getUTCDate() === day;
  if (!ok || !calendar || Number.isNaN(d.getTime())) throw new UsageError(`${flag} must be an ISO 8601 time such as 2027-03-01T00:00:00Z, not "${value}"`);
  return d;
}
