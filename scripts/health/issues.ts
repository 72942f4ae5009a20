// The audit's issues under a health record: hysteresis on the median score instead of "this
// run failed", the member's GitHub logins mentioned, the score's recent course in the body.
import type { IssuePolicy, MemberAudit } from '../github/audit.js';
import type { HealthSettings } from '../model/types.js';
import { mdCode, mdText } from '../report/escape.js';
import type { HealthRecord } from './record.js';
import { wantIssue } from './score.js';
import type { RotationChange } from './update.js';

export function healthIssuePolicy(record: HealthRecord, logins: ReadonlyMap<string, readonly string[]>, s: HealthSettings, changes: readonly RotationChange[] = []): IssuePolicy {
  const score = (a: MemberAudit) => record.members[a.id]?.score;
  return {
    want(a, open) {
      const x = score(a);
      // No score (suspended, invalid file, never checked): the run's own verdict decides.
      if (x === undefined) return a.status === 'invalid' && a.errors > 0;
      return a.status === 'active' && wantIssue(x, open, s);
    },
    note(a) {
      const m = record.members[a.id];
      if (!m) return '';
      // Logins are validated lower-case GitHub names (schemas/member.schema.json).
      const who = (logins.get(a.id) ?? []).filter((l) => /^[a-z0-9](?:[a-z0-9-]{0,38})$/.test(l)).map((l) => `@${l}`);
      const checks = m.checks.slice(-10).map((c) => `| ${c.at} | ${mdCode(c.monitor)} | ${c.outcome} | ${c.score.toFixed(1)} | ${(c.rules ?? []).map(mdCode).join(', ') || '—'} |`);
      return [
        '',
        `**Health score ${m.score.toFixed(1)}** (median of ${Object.keys(m.monitors).length} monitor${Object.keys(m.monitors).length === 1 ? '' : 's'}; opens at ${s.issueOpenAt} or below, closes at ${s.issueCloseAt} or above; docs/health.md)${m.failingSince ? `, failing since ${m.failingSince}` : ''}. ${m.inRotation ? 'Still in the shared name’s rotation.' : `Out of the shared name’s rotation (${m.rotationReason ?? 'low score'}); its own name keeps working.`}`,
        who.length ? `\nMember contacts: ${who.join(' ')}` : '',
        '',
        '| Checked | Monitor | Outcome | Score | Errors |',
        '| --- | --- | --- | --- | --- |',
        ...checks,
        '',
      ].join('\n');
    },
    comment(a) {
      // Only what changed goes into the thread: leaving or rejoining the rotation.
      const c = changes.find((x) => x.id === a.id);
      return c ? `Health: ${mdText(c.why)} (score ${score(a)?.toFixed(1) ?? '?'}).` : undefined;
    },
    recovered(a) {
      const x = score(a);
      return `member \`${a.id}\` is back to a health score of ${x === undefined ? '?' : x.toFixed(1)} (at or above ${s.issueCloseAt}).`;
    },
  };
}
