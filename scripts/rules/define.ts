import type { LiveMemberRule, LiveMembersRule, MemberRule, MembersRule, NetworkRule } from './types.js';

// Identity helpers: they only give each rule module its type.
export const memberRule = (r: Omit<MemberRule, 'scope'>): MemberRule => ({ ...r, scope: 'member' });
export const membersRule = (r: Omit<MembersRule, 'scope'>): MembersRule => ({ ...r, scope: 'members' });
export const networkRule = (r: Omit<NetworkRule, 'scope'>): NetworkRule => ({ ...r, scope: 'network' });
export const liveMemberRule = (r: Omit<LiveMemberRule, 'scope'>): LiveMemberRule => ({ ...r, scope: 'live-member' });
export const liveMembersRule = (r: Omit<LiveMembersRule, 'scope'>): LiveMembersRule => ({ ...r, scope: 'live-members' });
