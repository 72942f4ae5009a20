import { liveMembersRule } from '../define.js';
import { p2pOf } from './common.js';

const setKey = (vs: ReadonlyArray<{ pubKey: string; power: number }>) =>
  vs
    .map((v) => `${v.pubKey}=${v.power}`)
    .sort()
    .join(',');

export default liveMembersRule({
  meta: {
    id: 'p2p/validators-disagree',
    severity: 'warning',
    description: 'All nodes report the same validator set: a node that disagrees with the others is behind, forked, or on another chain.',
    citation: 'Tendermint BFT: every honest node at a height has the same validator set; Planetmint GET /api/v1/validators',
    messages: {
      minority: 'This node reports a validator set that {count} other node(s) ({others}) do not: it is behind, stuck or on another chain. Check its sync status (catching_up) and its genesis.json.',
    },
  },
  needs: 'p2p',
  check({ members, report }) {
    const bySet = new Map<string, string[]>();
    for (const m of members) {
      const v = p2pOf(m)?.validators;
      if (v?.kind !== 'ok') continue;
      const k = setKey(v.validators);
      bySet.set(k, [...(bySet.get(k) ?? []), m.model.id]);
    }
    if (bySet.size < 2) return;
    // The largest group is the reference; ties keep the first one seen (member file order).
    const [majorityKey] = [...bySet.entries()].reduce((best, e) => (e[1].length > best[1].length ? e : best));
    const majority = bySet.get(majorityKey)!;
    for (const m of members) {
      const v = p2pOf(m)?.validators;
      if (v?.kind !== 'ok' || setKey(v.validators) === majorityKey) continue;
      report({ messageId: 'minority', member: m.source, path: ['node', 'tendermint'], key: true, data: { count: majority.length, others: majority } });
    }
  },
});
