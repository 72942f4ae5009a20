// CA/B Forum BR §6.3.2 as amended by ballot SC-081v3: maximum lifetime by issue date.
import type { LiveMemberRule } from '../types.js';
import { addressPath, DAY_MS, servedCertificates, targets, tlsOf, when } from './common.js';

/** [first issue date the limit applies to, maximum days], newest first. */
const LIMITS: Array<[string, number]> = [
  ['2029-03-15', 47],
  ['2027-03-15', 100],
  ['2026-03-15', 200],
];
const BEFORE_2026 = 398;

/** Maximum lifetime in days for a certificate issued (notBefore) at `issued`, and the period's wording. */
export function maxValidity(issued: Date): { days: number; period: string } {
  for (const [from, days] of LIMITS) if (issued.getTime() >= Date.parse(`${from}T00:00:00Z`)) return { days, period: `from ${from}` };
  return { days: BEFORE_2026, period: 'before 2026-03-15' };
}

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/validity-too-long',
    severity: 'warning',
    description: 'Certificate lifetime (notAfter + 1 s - notBefore) stays within the CA/B Forum maximum for its issue date: 398 days, 200 from 2026-03-15, 100 from 2027-03-15, 47 from 2029-03-15.',
    citation: 'CA/Browser Forum Baseline Requirements §6.3.2 (ballot SC-081v3)',
    messages: {
      tooLong: 'The certificate served at {addresses} is valid for {lifetime} days ({notBefore} to {notAfter}); certificates issued {period} may be valid for at most {max} days. Browsers may refuse it: get a certificate with a shorter lifetime (ACME clients do this automatically).',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    for (const s of servedCertificates(tlsOf(ctx.member))) {
      const nb = Date.parse(s.leaf.notBefore);
      const lifetimeMs = Date.parse(s.leaf.notAfter) + 1000 - nb;
      const { days, period } = maxValidity(new Date(nb));
      if (lifetimeMs > days * DAY_MS) {
        const data = {
          addresses: targets(s.addresses),
          lifetime: Math.round((lifetimeMs / DAY_MS) * 10) / 10,
          notBefore: when(s.leaf.notBefore),
          notAfter: when(s.leaf.notAfter),
          period,
          max: days,
        };
        ctx.report({ messageId: 'tooLong', data, path: addressPath(s.first) });
      }
    }
  },
};

export default rule;
