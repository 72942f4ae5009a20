import type { LiveMemberRule } from '../types.js';
import { addressPath, DAY_MS, servedCertificates, targets, tlsOf, when } from './common.js';

export const DEFAULT_WARNING_DAYS = 21;

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/expiring-soon',
    severity: 'warning',
    description: 'The served certificate does not expire within the warning window (network.yaml live.certificate_warning_days, default 21).',
    citation: 'RFC 5280 §4.1.2.5; network.yaml live.certificate_warning_days',
    messages: {
      expiringSoon: 'The certificate served at {addresses} expires on {notAfter}, in {days} day(s) (warning window: {window} days). Renew it now and check that automatic renewal works.',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    const f = tlsOf(ctx.member);
    if (!f) return;
    const now = Date.parse(f.checkedAt);
    const window = ctx.network.model.live.certificateWarningDays ?? DEFAULT_WARNING_DAYS;
    for (const s of servedCertificates(f)) {
      const left = Date.parse(s.leaf.notAfter) - now;
      if (left >= 0 && left < window * DAY_MS) {
        const data = { addresses: targets(s.addresses), notAfter: when(s.leaf.notAfter), days: Math.floor(left / DAY_MS), window };
        ctx.report({ messageId: 'expiringSoon', data, path: addressPath(s.first) });
      }
    }
  },
};

export default rule;
