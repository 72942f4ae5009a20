// `pmnet site --live`: the live checks, in the same shape as the audit input.
import type { Finding } from '../findings.js';
import type { LiveFacts } from '../rules/types.js';
import type { Audit } from './inputs.js';

export function auditFromLive(findings: Finding[], facts: Map<string, LiveFacts>, checkedAt: string): Audit {
  const certificates: Audit['certificates'] = [];
  for (const [member, f] of facts) {
    for (const a of f.tls?.addresses ?? []) {
      if (a.leaf) certificates.push({ member, address: a.address, notAfter: a.leaf.notAfter, issuer: a.leaf.issuer });
    }
  }
  return { checkedAt, findings, certificates };
}
