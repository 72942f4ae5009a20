// Helpers shared by the api/* rules (not a rule).
import type { AddressTlsFacts, ApiOutcome } from '../../live/tls/facts.js';
import type { LiveMember } from '../types.js';

export type Answered = Extract<ApiOutcome, { kind: 'answered' }>;

/** Addresses whose TLS came up and whose GET answered with parsed JSON below 500. */
export function jsonAnswers(m: LiveMember): Array<{ a: AddressTlsFacts; api: Answered; json: unknown }> {
  const out: Array<{ a: AddressTlsFacts; api: Answered; json: unknown }> = [];
  for (const a of m.facts.tls?.addresses ?? []) {
    if (a.connect.kind !== 'ok' || a.api.kind !== 'answered') continue;
    if (a.api.status >= 500 || a.api.jsonError !== undefined) continue;
    out.push({ a, api: a.api, json: a.api.json });
  }
  return out;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Shortens member-controlled text quoted in messages. */
export function clip(v: unknown, max = 80): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
