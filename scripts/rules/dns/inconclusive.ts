import type { LiveMemberRule } from '../types.js';
import { addressFailures, dnsFacts, isInconclusive, proofId, proofRecord } from './util.js';

const rule: LiveMemberRule = {
  meta: {
    id: 'dns/inconclusive',
    severity: 'error',
    description: 'A question the live check could not get answered (timeout, unreachable resolver, SERVFAIL without a DNSSEC cause, a referral instead of an answer) proves nothing either way; the verdict stays open, never green.',
    citation: 'RFC 1035 §4.1.1 (RCODE 2, RA); RFC 8914 (Extended DNS Errors); RFC 2308 §7 (server failure)',
    messages: {
      inconclusive:
        'Could not check {name} {types} through resolver {resolver}: {status} ({detail}). This is inconclusive, not a verdict on the records. Retry later, or through another recursive resolver: pmnet validate --live --resolver ADDR[:PORT].',
      proof:
        'Could not check the proof of control {proofName} through resolver {resolver}: {status} ({detail}). Inconclusive; retry later or with --resolver ADDR[:PORT]. The record expected is {record}',
    },
  },
  scope: 'live-member',
  needs: 'dns',
  check(ctx) {
    const facts = dnsFacts(ctx.member);
    if (!facts) return;
    for (const { x, types } of addressFailures(facts, isInconclusive, (x) => `${x.status}|${x.detail ?? ''}`)) {
      ctx.report({
        messageId: 'inconclusive',
        data: { resolver: x.resolver, name: x.name, types, status: x.status, detail: x.detail ?? x.status },
        path: ['node', 'domain'],
      });
    }
    // The proof only matters while some policy asks for it, and only if no resolver showed it.
    const policy = ctx.network.model.live.requireProof;
    if (policy === 'never') return;
    const proofs = facts.resolvers.map((r) => r.proof);
    if (proofs.some((x) => x.status === 'NOERROR' && x.values.some((v) => proofId(v) !== undefined))) return;
    const severity = ctx.member.isNew || policy === 'always' ? 'error' : 'warning';
    for (const x of proofs.filter(isInconclusive)) {
      ctx.report({
        messageId: 'proof',
        data: { resolver: x.resolver, proofName: facts.proofName, status: x.status, detail: x.detail ?? x.status, record: proofRecord(facts) },
        path: ['node', 'domain'],
        severity,
      });
    }
  },
};

export default rule;
