import { memberName } from '../../model/names.js';
import type { Member, Network } from '../../model/types.js';
import { liveMemberRule } from '../define.js';
import { authenticated, CITE_P2P, p2pOf, target } from './common.js';

/**
 * Monikers a consortium accepts for a member's node: the member id (the validator's name in the
 * generated genesis.json), the node domain, its first label (Tendermint's default moniker is the
 * machine's host name) and the member's consortium name. Compared without case and trailing dot.
 */
export function acceptedMonikers(member: Member, network: Network): string[] {
  const domain = member.node.domain;
  return [...new Set([member.id, domain, domain.split('.')[0]!, memberName(network, member.id)].map((s) => s.toLowerCase()))];
}

const norm = (s: string) => s.trim().replace(/\.$/, '').toLowerCase();

export default liveMemberRule({
  meta: {
    id: 'p2p/moniker-mismatch',
    severity: 'notice',
    description: 'The node\'s NodeInfo moniker names the member: its id (the validator name in genesis.json), its node domain or that domain\'s host name. Peers, block explorers and /net_info show nodes by moniker; a foreign one hides which member runs the node.',
    citation: CITE_P2P + ' (DefaultNodeInfo.Moniker, config.toml moniker; default: the host name); Planetmint docs, network-setup.md (nodes are identified by hostname)',
    messages: {
      other: 'The node at {target} calls itself "{actual}" (NodeInfo moniker); the registry knows it as member {id} ({domain}). Set moniker = "{id}" in config.toml so peers and logs name the member.',
    },
  },
  needs: 'p2p',
  check({ member, network, report }) {
    const accepted = acceptedMonikers(member.model, network.model);
    for (const a of authenticated(p2pOf(member))) {
      if (!a.nodeInfo || accepted.includes(norm(a.nodeInfo.moniker))) continue;
      report({ messageId: 'other', path: a.path, data: { target: target(a), actual: a.nodeInfo.moniker, id: member.model.id, domain: member.model.node.domain } });
    }
  },
});
