// The validator plan as text or Markdown (pmnet tendermint plan, the pull-request comment) and
// its tendermint/power-change findings.
import { formatMessage } from '../rules/message.js';
import { powerChangeMeta } from '../rules/tendermint/power-change.js';
import { electionCommand, type ValidatorPlan } from './changes.js';

export function planText(p: ValidatorPlan, markdown: boolean): string {
  const code = (s: string) => (markdown ? `\`${s}\`` : s);
  const out: string[] = [];
  if (markdown) out.push('### Tendermint validator plan', '');
  const peerLines = [...p.peers.added.map((a) => `+ ${a}`), ...p.peers.removed.map((a) => `- ${a}`)];
  if (peerLines.length) {
    out.push(`peers in the nodes' persistent_peers (tendermint/peers/<id>.toml, regenerated after merge: every other node, or up to tendermint.max_peers; nodes resolve peer names at start, so restart to apply):`);
    if (markdown) out.push('```diff', ...peerLines, '```');
    else out.push(...peerLines.map((l) => `  ${l}`));
  }
  if (!p.changes.length) return `${[...out, `No change to the validator set (total power ${p.headTotal}).`].join('\n')}\n`;
  out.push(`${p.changes.length} change(s), ${p.changed} of ${p.baseTotal} voting power moved (total after: ${p.headTotal}).`);
  for (const c of p.changes) out.push(`${markdown ? '- ' : '  '}${code(c.memberId)}: ${c.from} → ${c.to}${c.to === 0 ? ' (removed)' : c.from === 0 ? ' (added)' : ''}`);
  for (const m of powerChangeMessages(p)) out.push(`${markdown ? '> ' : ''}error ${powerChangeMeta.id}: ${m}`);
  if (p.onChain) {
    out.push(markdown ? 'The chain exists: genesis.json does not change it. After merge, a current validator proposes each change on-chain (approved by > 2/3 of power):' : 'The chain exists; after merge a current validator proposes each change on-chain:');
    if (markdown) out.push('```');
    for (const c of p.changes) out.push(`${markdown ? '' : '  '}${electionCommand(c)}`);
    if (markdown) out.push('```');
  } else {
    out.push(`Before genesis: these changes go into ${code('tendermint/genesis.json')} when the merge workflow regenerates it.`);
  }
  return `${out.join('\n')}\n`;
}

/** The tendermint/power-change findings of a plan, as message texts. */
export function powerChangeMessages(p: ValidatorPlan): string[] {
  if (!p.refused) return [];
  const out: string[] = [];
  if (3 * p.changed >= p.baseTotal) out.push(formatMessage(powerChangeMeta.messages.tooLarge!, { changed: p.changed, total: p.baseTotal, allowed: p.allowed }));
  let running = p.baseTotal;
  for (const c of p.changes) {
    if (p.refusedElections.includes(c)) out.push(formatMessage(powerChangeMeta.messages.electionRefused!, { member: c.memberId, power: c.to, total: running, allowed: Math.max(0, Math.floor((running - 1) / 3)) }));
    running += c.to - c.from;
  }
  return out;
}
