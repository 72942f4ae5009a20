// Shared walkers over schema-shaped member data (not a rule).
import { parseIp, unwrapMapped, type ParsedIp } from '../../lib/ip.js';
import type { MemberData } from '../types.js';

export interface IpEntry {
  list: 'ipv4' | 'ipv6';
  index: number;
  text: string;
  path: ['node', 'ipv4' | 'ipv6', number];
}

export function ipEntries(data: MemberData): IpEntry[] {
  const out: IpEntry[] = [];
  for (const list of ['ipv4', 'ipv6'] as const) {
    (data.node[list] ?? []).forEach((text, index) => out.push({ list, index, text, path: ['node', list, index] }));
  }
  return out;
}

/** The address as it will be judged: parsed in its list's family, IPv4-mapped unwrapped. */
export function judgedIp(e: IpEntry): ParsedIp | undefined {
  const r = parseIp(e.text);
  if (!r.ok) return undefined;
  return unwrapMapped(r.ip) ?? r.ip;
}
