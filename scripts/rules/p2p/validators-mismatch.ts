import { liveMemberRule } from '../define.js';
import { p2pOf } from './common.js';

export default liveMemberRule({
  meta: {
    id: 'p2p/validators-mismatch',
    severity: 'warning',
    description: 'Once the chain runs, each node\'s current validator set (GET /api/v1/validators) equals the registry\'s: a difference means an election is pending, failed, or was never proposed.',
    citation: 'Planetmint planetmint/abci/utils.py (decode_validator); docs/tendermint.md (after genesis, validators change on-chain)',
    messages: {
      unreadable: 'The node\'s validator set cannot be read ({detail}) at {url}, so it cannot be compared with the registry.',
      differs: 'The node reports a validator set that differs from the registry: {diff}. Propose the missing elections (pmnet tendermint plan), or fix the registry if the chain is right.',
    },
  },
  needs: 'p2p',
  check({ member, report }) {
    const f = p2pOf(member);
    const v = f?.validators;
    if (!v) return;
    const path = ['node', 'tendermint'];
    if (v.kind === 'failed') {
      report({ messageId: 'unreadable', path, key: true, data: { detail: v.message, url: new URL('api/v1/validators', member.model.node.api).href } });
      return;
    }
    const diff = validatorDiff(v.validators, f!.registryValidators ?? []);
    if (diff.length) report({ messageId: 'differs', path, key: true, data: { diff: diff.join('; ') } });
  },
});

export function validatorDiff(chain: ReadonlyArray<{ pubKey: string; power: number }>, registry: ReadonlyArray<{ pubKey: string; power: number; memberId: string }>): string[] {
  const out: string[] = [];
  const onChain = new Map(chain.map((v) => [v.pubKey, v.power]));
  for (const r of registry) {
    const p = onChain.get(r.pubKey);
    if (p === undefined) out.push(`${r.memberId} (power ${r.power}) is missing`);
    else if (p !== r.power) out.push(`${r.memberId} has power ${p}, the registry says ${r.power}`);
    onChain.delete(r.pubKey);
  }
  for (const [key, p] of onChain) out.push(`${key} (power ${p}) is not in the registry`);
  return out;
}
