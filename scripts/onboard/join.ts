// pmnet join: the pieces of a joining member's first file. The command asks (on a terminal)
// or reads flags; this module checks answers, looks the node up in DNS and writes the file.
import { canonicalName, checkHostname, isLdhLabel } from '../lib/domain.js';
import { parseIp } from '../lib/ip.js';
import { createLimiter } from '../live/pool.js';
import { parseResolvers, proofName, proofValue } from '../live/dns/gather.js';
import { INCONCLUSIVE, resolve as resolveName, type DnsAnswer } from '../live/dns/client.js';
import type { Network } from '../model/types.js';
import { codeForName } from '../rules/member/country-code.js';
import { GITHUB_LOGIN } from '../rules/member/github-login.js';

export interface JoinAnswers {
  id: string;
  organization: string;
  country?: string | undefined;
  website?: string | undefined;
  emails: string[];
  github: string[];
  domain: string;
  ipv4: string[];
  ipv6: string[];
}

/** Field checks for the prompts: undefined when fine, else what to fix. The full rules run after. */
export const CHECK = {
  id: (s: string) => (isLdhLabel(s) ? undefined : 'a member id is one lower-case DNS label: letters, digits and hyphens, at most 63'),
  organization: (s: string) => (s.trim() && !/[\x00-\x1f\x7f]/.test(s) ? undefined : 'give the organization name, one line'),
  country: (s: string) => {
    if (s === '' || /^[A-Z]{2}$/.test(s)) return undefined;
    const code = /^[a-z]{2}$/i.test(s) ? s.toUpperCase() : codeForName(s);
    return code ? `the ISO 3166-1 alpha-2 code: for ${s} write ${code}` : 'the ISO 3166-1 alpha-2 code, e.g. DE, US, SG (empty to skip)';
  },
  website: (s: string) => (s === '' || /^https:\/\/[^\s/]+/.test(s) ? undefined : 'an https:// URL (empty to skip)'),
  email: (s: string) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) ? undefined : 'an email address, e.g. ops@your-org.net'),
  github: (s: string) => (GITHUB_LOGIN.test(s) ? undefined : `a GitHub login (letters, digits, single hyphens${s.startsWith('@') ? ', without "@"' : ''})`),
  domain: (s: string) => {
    const c = canonicalName(s);
    const r = c === undefined ? { ok: false as const, reason: 'not a host name' } : checkHostname(c);
    return r.ok ? undefined : `the node's own host name, e.g. node.your-org.net (${r.reason})`;
  },
  ip: (family: 4 | 6) => (s: string) => {
    const p = parseIp(s);
    return p.ok && p.ip.family === family ? undefined : `an IPv${family} address`;
  },
};

/** Comma or space separated list, empty entries dropped. */
export function splitList(s: string): string[] {
  return s.split(/[\s,]+/).filter(Boolean);
}

const q = (s: string) => JSON.stringify(s);

export function memberYaml(a: JoinAnswers, today: string): string {
  const out = ['# yaml-language-server: $schema=../schemas/member.schema.json', `id: ${a.id}`, 'organization:', `  name: ${q(a.organization)}`];
  if (a.country) out.push(`  country: ${a.country.toUpperCase()}`);
  if (a.website) out.push(`  website: ${q(a.website)}`);
  out.push('contacts:');
  a.emails.forEach((e, i) => out.push(`  - email: ${q(e)}`, ...(i === 0 ? ['    role: technical'] : [])));
  out.push(`github: [${a.github.join(', ')}]`, 'status: active', `joined: ${today}`, 'node:', `  domain: ${canonicalName(a.domain) ?? a.domain}`);
  if (a.ipv4.length) out.push(`  ipv4: [${a.ipv4.join(', ')}]`);
  if (a.ipv6.length) out.push(`  ipv6: [${a.ipv6.map(q).join(', ')}]`);
  return `${out.join('\n')}\n`;
}

/** The record the operator publishes to prove control of the node domain (docs/live-dns.md). */
export function proofRecord(network: Network, id: string, domain: string): string {
  return `${proofName(network, domain)}.  3600  IN  TXT  "${proofValue(id)}"`;
}

export interface NodeLookup {
  ipv4: string[];
  ipv6: string[];
  proof: string[];
  /** A/AAAA answers exist at some resolver. */
  hasAddresses: boolean;
  hasProof: boolean;
  /** Every resolver failed transiently: nothing is known (check --resolver). */
  unreachable: boolean;
  resolvers: string[];
}

/** Asks the network's resolvers (or --resolver) for the node's A, AAAA and proof TXT. */
export async function lookupNode(network: Network, id: string, domain: string, opts: { resolvers?: string[] | undefined; timeoutMs?: number | undefined }): Promise<NodeLookup> {
  const resolvers = parseResolvers(opts.resolvers?.length ? opts.resolvers : network.live.resolvers);
  const q = { timeoutMs: opts.timeoutMs ?? network.live.timeoutMs, retries: network.live.retries, limiter: createLimiter(16) };
  const answers: DnsAnswer[][] = await Promise.all(
    resolvers.map((r) => Promise.all([resolveName(r, domain, 'A', q), resolveName(r, domain, 'AAAA', q), resolveName(r, proofName(network, domain), 'TXT', q)])),
  );
  const union = (i: number) => [...new Set(answers.flatMap((a) => (a[i]!.status === 'NOERROR' ? a[i]!.values : [])))].sort();
  const [ipv4, ipv6, proof] = [union(0), union(1), union(2)];
  return {
    ipv4,
    ipv6,
    proof,
    hasAddresses: ipv4.length + ipv6.length > 0,
    hasProof: proof.includes(proofValue(id)),
    unreachable: answers.every((a) => a.every((x) => INCONCLUSIVE.has(x.status))),
    resolvers: resolvers.map((r) => r.label),
  };
}
