// pmnet init: turns a directory (a copy of this repository, or an empty one) into a clean
// consortium: its own network.yaml, no example members, no stale zone, its own CODEOWNERS,
// and docs that name its domain instead of the example's.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../commands/args.js';
import { canonicalName, checkHostname, isAtOrBelow } from '../lib/domain.js';
import { parseIp } from '../lib/ip.js';
import { mdText } from '../report/escape.js';

/** The shipped example network (README, docs, CODEOWNERS name it). */
export const EXAMPLE = { domain: 'bdbnetwork.io', sharedName: 'api.bdbnetwork.io', team: '@bdbnetwork/maintainers', chainId: 'bdbnetwork-example-1' };

/** A Tendermint chain ID for the network (1–50 printable characters): its domain's first label, -1. */
export const chainIdFor = (domain: string): string => `${domain.split('.')[0]!.slice(0, 48)}-1`;
export const OWNER_PLACEHOLDER = '@your-org/maintainers';

export interface NameServer {
  name: string;
  ipv4: string[];
  ipv6: string[];
}

export interface InitOptions {
  dir: string;
  domain: string;
  sharedName?: string;
  name?: string;
  owners?: string[];
  nameservers?: NameServer[];
  /** Replace an existing consortium (network.yaml of another domain, member files). */
  force?: boolean;
}

export interface InitResult {
  domain: string;
  sharedName: string;
  written: string[];
  removed: string[];
  rewritten: string[];
  /** Things the founder still has to do. */
  todo: string[];
}

function hostArg(text: string, flag: string): string {
  const c = canonicalName(text);
  const r = c === undefined ? { ok: false as const, reason: 'it is not a host name' } : checkHostname(c);
  if (!r.ok) throw new UsageError(`${flag} "${text}": ${r.reason}`);
  return c!;
}

/** --ns NAME or NAME=IP[,IP…] */
export function parseNameServer(text: string): NameServer {
  const [name, ips = ''] = text.split('=', 2);
  const ns: NameServer = { name: hostArg(name!, '--ns'), ipv4: [], ipv6: [] };
  for (const ip of ips.split(',').filter(Boolean)) {
    const p = parseIp(ip);
    if (!p.ok) throw new UsageError(`--ns ${text}: "${ip}" ${p.reason}`);
    (p.ip.family === 4 ? ns.ipv4 : ns.ipv6).push(ip);
  }
  return ns;
}

const q = (s: string) => JSON.stringify(s);

export function networkYaml(o: { name: string; domain: string; sharedName: string; nameservers: NameServer[] }): string {
  const ns = o.nameservers
    .map((n) => [`    - name: ${n.name}`, ...(n.ipv4.length ? [`      ipv4: [${n.ipv4.join(', ')}]`] : []), ...(n.ipv6.length ? [`      ipv6: [${n.ipv6.map(q).join(', ')}]`] : [])].join('\n'))
    .join('\n');
  return `# yaml-language-server: $schema=./schemas/network.schema.json
# The consortium. Every setting is documented in README.md ("network.yaml reference") and in
# schemas/network.schema.json; omitted settings take their defaults. Written by pmnet init.
name: ${q(o.name)}
domain: ${o.domain}
# The shared "random node" name: round-robin A/AAAA of every active member's addresses.
shared_name: ${o.sharedName}
# Per-member names: <id>.nodes.${o.domain} CNAME <node domain>.
member_names: nodes

zone:
  soa:
    mname: ${o.nameservers[0]!.name}
    rname: hostmaster.${o.domain}
  # Name servers inside ${o.domain} need their addresses here (glue); others must not have any.
  nameservers:
${ns}

governance:
  # Approvals needed, counted per member organization other than the author's.
  join: { fraction: 2/3, min: 1 }
  update: { fraction: 0/1, min: 1 }
  leave: { fraction: 0/1, min: 0 }
`;
}

export function codeowners(owners: string[]): string {
  return `# Maintainers own everything outside members/: network.yaml, schemas/, scripts/, .github/,
# package*.json, docs. List a team (@org/team) or maintainers (@user): pmnet pr-check counts an
# approval from a user named here; a team's approval is enforced by branch protection's
# "Require review from Code Owners". Written by pmnet init.
*            ${owners.join(' ')}

# Member files have no code owner: their owners are the logins in each file's \`github\` list,
# and member organizations approve (pmnet/governance status).
/members/
`;
}

/** The example's names replaced by the new network's, in Markdown docs. */
export function rewriteDocs(text: string, o: { name: string; domain: string; sharedName: string; owners: string[] }): string {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const edge = '(?<![A-Za-z0-9_.-])';
  return text
    .replace(/<!-- pmnet-init:example -->[^]*?<!-- \/pmnet-init:example -->/g, () => `This is the registry of ${mdText(o.name)}: consortium domain \`${o.domain}\`, shared name \`${o.sharedName}\`. It was founded with \`pmnet init\` ([docs/founding.md](docs/founding.md)).`)
    .replace(/ in the example network(?=\))/g, '')
    .replace(new RegExp(esc(EXAMPLE.team), 'g'), o.owners.join(' '))
    .replace(new RegExp(esc(EXAMPLE.chainId), 'g'), chainIdFor(o.domain))
    .replace(new RegExp(`${edge}${esc(EXAMPLE.sharedName)}(?![A-Za-z0-9-])`, 'g'), o.sharedName)
    .replace(new RegExp(`(?<![A-Za-z0-9_-])${esc(EXAMPLE.domain)}(?![A-Za-z0-9-])`, 'g'), o.domain);
}

function ownerArg(s: string): string {
  if (!/^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9_.-]{1,100})?$/.test(s) && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)) {
    throw new UsageError(`--owner "${s}": give a GitHub team (@org/team), a user (@login) or an e-mail address`);
  }
  return s;
}

/** What pmnet tendermint write generates (tendermint/genesis.json, tendermint/peers/*.toml) that exists in dir. */
function generatedTendermintFiles(dir: string): string[] {
  const out = existsSync(join(dir, 'tendermint', 'genesis.json')) ? ['tendermint/genesis.json'] : [];
  const peers = join(dir, 'tendermint', 'peers');
  if (existsSync(peers)) out.push(...readdirSync(peers).filter((f) => f.endsWith('.toml')).sort().map((f) => `tendermint/peers/${f}`));
  return out;
}

/** Why init removed a file, for its report. */
export function removedBecause(rel: string): string {
  if (rel.startsWith('members/')) return 'a member of the replaced network';
  if (rel.startsWith('zone/')) return 'the zone of another domain';
  return "generated for the replaced network's chain";
}

export function initConsortium(o: InitOptions): InitResult {
  const domain = hostArg(o.domain, '--domain');
  const sharedName = o.sharedName === undefined ? `api.${domain}` : hostArg(o.sharedName, '--shared-name');
  if (!isAtOrBelow(sharedName, domain) || sharedName === domain) throw new UsageError(`--shared-name ${sharedName} must lie inside ${domain} (e.g. api.${domain})`);
  const owners = (o.owners ?? []).map(ownerArg);
  const nameservers = o.nameservers?.length ? o.nameservers : [1, 2].map((i) => ({ name: `ns${i}.${domain}`, ipv4: [], ipv6: [] }));
  const name = o.name ?? `${domain} Planetmint network`;
  if (/[\x00-\x1f\x7f]/.test(name) || name.length > 200) throw new UsageError('--name is one line of at most 200 characters');

  const dir = o.dir;
  const res: InitResult = { domain, sharedName, written: [], removed: [], rewritten: [], todo: [] };
  const networkFile = join(dir, 'network.yaml');
  const membersDir = join(dir, 'members');
  const memberFiles = existsSync(membersDir) ? readdirSync(membersDir).filter((f) => f.endsWith('.yaml')) : [];
  if (!o.force) {
    if (existsSync(networkFile)) {
      const current = /^domain:\s*(\S+)/m.exec(readFileSync(networkFile, 'utf8'))?.[1];
      if (current !== EXAMPLE.domain && !(current === domain && !memberFiles.length)) throw new UsageError(`${networkFile} already describes a network (${current ?? 'unknown domain'}); pmnet init only replaces the example network. Use --force to start over (this deletes members/*.yaml).`);
    } else if (memberFiles.length) {
      throw new UsageError(`${membersDir} already holds member files; use --force to delete them and start over.`);
    }
  }
  mkdirSync(dir, { recursive: true });

  writeFileSync(networkFile, networkYaml({ name, domain, sharedName, nameservers }));
  res.written.push('network.yaml');

  mkdirSync(membersDir, { recursive: true });
  for (const f of memberFiles) {
    rmSync(join(membersDir, f));
    res.removed.push(`members/${f}`);
  }
  if (!existsSync(join(membersDir, '.gitkeep'))) {
    writeFileSync(join(membersDir, '.gitkeep'), '');
    res.written.push('members/.gitkeep');
  }

  const zoneDir = join(dir, 'zone');
  if (existsSync(zoneDir)) {
    for (const f of readdirSync(zoneDir)) {
      if (f.endsWith('.zone') && f !== `${domain}.zone`) {
        rmSync(join(zoneDir, f));
        res.removed.push(`zone/${f}`);
      }
    }
  }

  // The example chain's generated Tendermint files (its genesis with the example validators, their
  // persistent_peers) would be stale; pmnet tendermint write makes the new network's.
  for (const rel of generatedTendermintFiles(dir)) {
    rmSync(join(dir, rel));
    res.removed.push(rel);
  }
  for (const d of ['tendermint/peers', 'tendermint']) if (existsSync(join(dir, d)) && !readdirSync(join(dir, d)).length) rmSync(join(dir, d), { recursive: true });
  if (res.removed.some((f) => f.startsWith('tendermint/'))) res.todo.push(`Tendermint: add a tendermint section to network.yaml (e.g. chain_id: ${chainIdFor(domain)}, genesis_time; docs/tendermint.md), then run pmnet tendermint write once members list their node IDs.`);

  mkdirSync(join(dir, '.github'), { recursive: true });
  writeFileSync(join(dir, '.github', 'CODEOWNERS'), codeowners(owners.length ? owners : [OWNER_PLACEHOLDER]));
  res.written.push('.github/CODEOWNERS');
  if (!owners.length) res.todo.push(`Name your maintainers in .github/CODEOWNERS (now the placeholder ${OWNER_PLACEHOLDER}), or rerun with --owner @org/team.`);

  const docs = ['README.md', ...(existsSync(join(dir, 'docs')) ? readdirSync(join(dir, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`) : [])];
  for (const d of docs) {
    const abs = join(dir, d);
    if (!existsSync(abs)) continue;
    const before = readFileSync(abs, 'utf8');
    const after = rewriteDocs(before, { name, domain, sharedName, owners: owners.length ? owners : [OWNER_PLACEHOLDER] });
    if (after !== before) {
      writeFileSync(abs, after);
      res.rewritten.push(d);
    }
  }

  const needGlue = nameservers.filter((n) => isAtOrBelow(n.name, domain) && !n.ipv4.length && !n.ipv6.length);
  if (needGlue.length) res.todo.push(`Give the addresses of ${needGlue.map((n) => n.name).join(' and ')} (zone.nameservers in network.yaml), or rerun with --ns NAME=IP for each name server.`);
  res.todo.push('Review network.yaml (governance thresholds, live checks), then commit.');
  res.todo.push('Admit the first members: docs/founding.md.');
  return res;
}
