import type { LiveMemberRule } from '../types.js';
import { servedCertificates, targets, tlsOf } from './common.js';

/** Pins are base64 SHA-256 of the SPKI (RFC 7469 §2.4); accept an optional "sha256/" or "sha256:" prefix. */
export function normalizePin(pin: string): string {
  return pin.trim().replace(/^(pin-)?sha256[/:=]\s*"?/i, '').replace(/"$/, '');
}

const rule: LiveMemberRule = {
  meta: {
    id: 'tls/pin-mismatch',
    severity: 'error',
    description: 'When node.certificate_pins is set, the served public key (SPKI SHA-256, base64) is one of the pins.',
    citation: 'RFC 7469 §2.4 (SPKI fingerprint)',
    messages: {
      notPinned: 'The certificate served at {addresses} has the public key pin "{spki}", which is not in certificate_pins ({pins}). If the key changed on purpose, add the new pin in this file; otherwise the node serves a key it should not.',
    },
  },
  scope: 'live-member',
  needs: 'tls',
  check(ctx) {
    const pins = ctx.member.model.node.certificatePins.map(normalizePin);
    if (!pins.length) return;
    for (const s of servedCertificates(tlsOf(ctx.member))) {
      if (pins.includes(s.leaf.spkiSha256)) continue;
      ctx.report({
        messageId: 'notPinned',
        data: { addresses: targets(s.addresses), spki: s.leaf.spkiSha256, pins: pins.map((p) => `"${p}"`).join(', ') },
        path: ['node', 'certificate_pins'],
      });
    }
  },
};

export default rule;
