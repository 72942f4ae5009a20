// The schema step: one ajv pass per file; each ajv error becomes a finding under one of these
// ids, pointed at the YAML node (instance path -> line/column).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { SCHEMA_DIR } from '../../paths.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Path } from '../../load/source.js';
import type { RuleMeta } from '../types.js';

const require = createRequire(import.meta.url);

export const schemaRules: RuleMeta[] = [
  {
    id: 'schema/missing-key',
    severity: 'error',
    description: 'Required keys are present.',
    citation: 'schemas/*.schema.json',
    messages: { missing: '{where} is missing the required key "{key}".' },
  },
  {
    id: 'schema/unknown-key',
    severity: 'error',
    description: 'Only documented keys are allowed (additionalProperties: false), so typos do not pass silently.',
    citation: 'schemas/*.schema.json',
    messages: { unknown: 'Unknown key "{key}" in {where}.{hint} Allowed keys: {allowed}.' },
  },
  {
    id: 'schema/wrong-type',
    severity: 'error',
    description: 'Each value has the documented type (text, number, list, mapping).',
    citation: 'schemas/*.schema.json',
    messages: { type: '{where} must be {expected}, not {actual}.{hint}{form}' },
  },
  {
    id: 'schema/invalid-value',
    severity: 'error',
    description: 'Values with a fixed set or format (status, roles, keys, dates) take one of the documented forms.',
    citation: 'schemas/*.schema.json',
    messages: {
      enum: '{where} is "{value}"; it must be one of: {allowed}.',
      pattern: '{where} "{value}" does not have the expected form: {description}{form}',
      other: '{where}: {detail}.',
    },
  },
  {
    id: 'schema/size',
    severity: 'error',
    description: 'Lists and texts stay within the documented sizes (e.g. at least one contact).',
    citation: 'schemas/*.schema.json',
    messages: { size: '{where} {detail}.' },
  },
];

export interface SchemaProblem {
  rule: string;
  messageId: string;
  data: Record<string, unknown>;
  path: Path;
  key: boolean;
}

export const SCHEMA_NAMES = ['member', 'network'] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

export const ajvOptions = { allErrors: true, useDefaults: true, strict: true, verbose: true } as const;
/** Where the build writes precompiled validators (dist/validators). */
export const VALIDATOR_DIR = fileURLToPath(new URL('../../../validators', import.meta.url));

export function schemaText(name: SchemaName): string {
  return readFileSync(`${SCHEMA_DIR}/${name}.schema.json`, 'utf8');
}

export function schemaHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A precompiled validator only if it was built from exactly this schema text. */
export function freshValidator(pre: ValidateFunction & { schemaSha256?: string }, text: string): ValidateFunction | undefined {
  return pre.schemaSha256 === schemaHash(text) ? pre : undefined;
}

let ajv: import('ajv').default | undefined;
const compiled = new Map<string, ValidateFunction>();

/**
 * The validator for schemas/<name>.schema.json, the tool's own (never the consortium root's):
 * the precompiled one from the build when it was built from this exact schema text,
 * otherwise compiled now.
 */
export function validatorFor(name: SchemaName): ValidateFunction {
  let v = compiled.get(name);
  if (v) return v;
  const text = schemaText(name);
  try {
    v = freshValidator(require(`${VALIDATOR_DIR}/${name}.cjs`), text);
  } catch {
    // Not built (running from an unbuilt tree): compile below.
  }
  if (!v) {
    if (!ajv) {
      const Ajv = require('ajv') as typeof import('ajv');
      ajv = new Ajv.default(ajvOptions);
    }
    v = ajv.compile(JSON.parse(text));
  }
  compiled.set(name, v);
  return v;
}

export function schemaProblems(validate: ValidateFunction, data: unknown): SchemaProblem[] {
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  // An anyOf ("fit" or a number) speaks once, not once per branch it tried.
  const alternatives = errors.filter((e) => e.keyword === 'anyOf').map((e) => `${e.schemaPath}/`);
  return errors.filter((e) => !alternatives.some((a) => e.schemaPath.startsWith(a))).map(toProblem);
}

function toPath(instancePath: string): (string | number)[] {
  if (!instancePath) return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function where(path: Path): string {
  if (path.length === 0) return 'the top level';
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function typeName(v: unknown): string {
  if (v === null) return 'empty (null)';
  if (Array.isArray(v)) return 'a list';
  // !!binary yields bytes and .nan/.inf non-finite numbers: name them, not "a mapping"/"a number".
  if (v instanceof Uint8Array) return 'binary data';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return 'text';
  return `a ${typeof v}`;
}

const TYPE_WORDS: Record<string, string> = { string: 'text', integer: 'a whole number', number: 'a number', array: 'a list', object: 'a mapping', boolean: 'true or false' };

function toProblem(e: ErrorObject): SchemaProblem {
  const path = toPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { rule: 'schema/missing-key', messageId: 'missing', data: { where: where(path), key: p.missingProperty }, path, key: true };
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      const close = closest(key, allowed);
      return {
        rule: 'schema/unknown-key',
        messageId: 'unknown',
        data: { key, where: where(path), allowed: allowed.join(', '), hint: close ? ` Did you mean "${close}"?` : '' },
        path: [...path, key],
        key: true,
      };
    }
    case 'type': {
      const expected = TYPE_WORDS[String(p.type)] ?? String(p.type);
      const hint = Array.isArray(e.data) || typeof e.data === 'object' ? '' : p.type === 'array' ? ' Write a list, one "- item" per line.' : p.type === 'string' && typeof e.data === 'number' ? quoteHint(e.data, e.parentSchema as PatternSchema) : '';
      const form = p.type === 'string' && typeof e.data === 'number' ? fractionHint(String(e.data), e.parentSchema as PatternSchema) : '';
      return { rule: 'schema/wrong-type', messageId: 'type', data: { where: where(path), expected, actual: typeName(e.data), hint, form }, path, key: false };
    }
    case 'anyOf':
      return { rule: 'schema/invalid-value', messageId: 'pattern', data: { where: where(path), value: String(e.data), description: (e.parentSchema as { description?: string })?.description ?? 'one of the allowed forms', form: '' }, path, key: false };
    case 'enum':
      return { rule: 'schema/invalid-value', messageId: 'enum', data: { where: where(path), value: String(e.data), allowed: (p.allowedValues as unknown[]).map(String) }, path, key: false };
    case 'pattern':
      return { rule: 'schema/invalid-value', messageId: 'pattern', data: { where: where(path), value: String(e.data), description: (e.parentSchema as PatternSchema)?.description ?? `pattern ${p.pattern}`, form: fractionHint(String(e.data), e.parentSchema as PatternSchema) }, path, key: false };
    case 'minItems':
    case 'maxItems':
    case 'minLength':
    case 'maxLength':
    case 'minProperties':
    case 'maxProperties':
      return { rule: 'schema/size', messageId: 'size', data: { where: where(path), detail: sizeDetail(e.keyword, Number(p.limit)) }, path, key: false };
    default:
      return { rule: 'schema/invalid-value', messageId: 'other', data: { where: where(path), detail: e.message ?? e.keyword }, path, key: false };
  }
}

type PatternSchema = { pattern?: string; description?: string } | undefined;

/** "Quote it" only when the quoted text would pass; otherwise say what form the value takes. */
function quoteHint(n: number, schema: PatternSchema): string {
  if (!schema?.pattern || new RegExp(schema.pattern, 'u').test(String(n))) return ' Quote it.';
  return ` ${schema.description ?? `It must match ${schema.pattern}.`}`;
}

/** A decimal where N/D is wanted: the nearest simple fraction, and the exact one. */
export function fractionHint(text: string, schema: PatternSchema): string {
  if (!schema?.pattern?.includes('/') || !/^(?:0?\.\d+|1(?:\.0*)?|0)$/.test(text)) return '';
  const x = Number(text);
  const digits = (text.split('.')[1] ?? '').length;
  const den = 10 ** digits;
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  const g = gcd(Math.round(x * den), den);
  const exact = `${Math.round(x * den) / g}/${den / g}`;
  for (let d = 1; d <= 10; d++) {
    const n = Math.round(x * d);
    if (Math.abs(n / d - x) < 0.01) {
      const simple = `${n / gcd(n, d) || 0}/${d / (gcd(n, d) || d)}`;
      return simple === exact || !new RegExp(schema.pattern, 'u').test(exact) ? ` Write ${simple}.` : ` Write ${simple} (or ${exact} for exactly ${text}).`;
    }
  }
  return ` Write ${exact}.`;
}

function sizeDetail(keyword: string, limit: number): string {
  switch (keyword) {
    case 'minItems':
      return `must list at least ${limit} ${limit === 1 ? 'entry' : 'entries'}`;
    case 'maxItems':
      return `may list at most ${limit} entries`;
    case 'minLength':
      return `must not be empty`;
    case 'maxLength':
      return `is longer than ${limit} characters`;
    default:
      return `has the wrong number of keys (limit ${limit})`;
  }
}

/** The allowed key within edit distance 2, for "did you mean". */
function closest(key: string, allowed: string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const a of allowed) {
    const d = distance(key.toLowerCase(), a.toLowerCase());
    if (d < bestD) (best = a), (bestD = d);
  }
  return best;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length]!;
}
