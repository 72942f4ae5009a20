// Shared check for a name written in network.yaml (not a rule).
import { canonicalName, checkHostname } from '../../lib/domain.js';

/** undefined when fine, else a reason naming the canonical spelling when that is the issue. */
export function nameProblem(text: string): string | undefined {
  const c = canonicalName(text);
  if (c === undefined) return 'it cannot be a domain name (spaces, control characters or an invalid international name)';
  const r = checkHostname(c);
  if (!r.ok) return r.reason;
  if (c !== text) return `write it in canonical form: "${c}" (lower case, A-labels, no trailing dot)`;
  return undefined;
}
