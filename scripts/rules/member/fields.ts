// Shared walkers over schema-shaped member data (not a rule).
import { parseIp, unwrapMapped, type ParsedIp } from '../../lib/ip.js';
import type { MemberData } from '../types.js';

export interface IpEntry {
  list: 'ipv4' | 'ipv6';
  index: number;
  text: string;
  path: ['node', 'ipv4' | 'ipv6', number];
}

const LISTS = ['ipv4', 'ipv6'] as const;

export function ipEntries(data: MemberData): IpEntry[] {
  const out: IpEntry[] = [];
  for (const list of LISTS) {
    (data.node[list] ?? []).forEach((text, index) => out.push({ list, index, text, path: ['node', list, index] }));
  }
  return out;
}

/** The address as it will be judged: parsed in its list's family, IPv4-mapped unwrapped. */
export function judgedIp(e: IpEntry): ParsedIp | undefined {
  return judged(e.text);
}

function judged(text: string): ParsedIp | undefined {
  const r = parseIp(text);
  if (!r.ok) return undefined;
  return unwrapMapped(r.ip) ?? r.ip;
}

/**
 * Each address that parses, as judged, in ipEntries' order, with where it is: for the rules that
 * visit every member of the network, without building an entry (and its path) per address.
 */
export function forEachJudgedIp(data: MemberData, fn: (ip: ParsedIp, list: 'ipv4' | 'ipv6', index: number) => void): void {
  for (const list of LISTS) {
    const texts = data.node[list];
    if (!texts) continue;
    for (let index = 0; index < texts.length; index++) {
      const ip = judged(texts[index]!);
      if (ip) fn(ip, list, index);
    }
  }
}
