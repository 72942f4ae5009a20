import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Io } from '../cli.js';
import { CHECK, lookupNode, memberYaml, proofRecord, splitList, type JoinAnswers, type NodeLookup } from '../onboard/join.js';
import { terminalPrompter, type Prompter } from '../onboard/prompt.js';
import { formatText } from '../report/text.js';
import { validateOffline } from '../validate.js';
import { LIVE_OPTIONS, liveFlags, parse, UsageError } from './args.js';

const HELP = `usage: pmnet join [--root DIR] [--id ID] [--org NAME] [--country CC] [--website URL]
                  [--email ADDR]… [--github LOGIN]… [--domain NODE-DOMAIN]
                  [--ipv4 ADDR]… [--ipv6 ADDR]… [--offline] [--force] [--no-input]
                  [--resolver ADDR[:PORT]]… [--ca FILE]… [--timeout MS]

Writes members/<ID>.yaml for a joining node operator. On a terminal it asks for what the
flags do not give; without one (or with --no-input) the flags must give id, org, email,
github and domain. It looks the node domain up in DNS to fill in the addresses, prints the
TXT proof record to create, runs the offline checks and, when the node's records exist, the
live checks (--offline: neither DNS nor live checks), and says what is still missing.
--force overwrites an existing members/<ID>.yaml. Guide: docs/joining.md.
Exit: 0 ready for a pull request, 1 something missing, 2 usage.
`;

export async function run(args: string[], io: Io, input: NodeJS.ReadStream = process.stdin): Promise<number> {
  const { values: v } = parse(args, {
    root: { type: 'string' },
    id: { type: 'string' },
    org: { type: 'string' },
    country: { type: 'string' },
    website: { type: 'string' },
    email: { type: 'string', multiple: true },
    github: { type: 'string', multiple: true },
    domain: { type: 'string' },
    ipv4: { type: 'string', multiple: true },
    ipv6: { type: 'string', multiple: true },
    offline: { type: 'boolean' },
    force: { type: 'boolean' },
    'no-input': { type: 'boolean' },
    ...LIVE_OPTIONS,
    help: { type: 'boolean', short: 'h' },
  });
  if (v.help) {
    io.stdout(HELP);
    return 0;
  }
  const root = resolve(v.root ?? process.cwd());
  const flags = liveFlags(v);
  const base = await validateOffline({ root, files: [join(root, 'network.yaml')] });
  const network = base.network?.model;
  if (!network) {
    io.stdout(formatText(base.findings, { color: false, texts: base.texts }));
    throw new UsageError(`${join(root, 'network.yaml')} has errors; fix them before anyone joins`);
  }
  const interactive = !v['no-input'] && input.isTTY === true && process.stdout.isTTY === true;
  const p: Prompter | undefined = interactive ? terminalPrompter(input, process.stdout) : undefined;

  try {
    const given = (name: string, value: string | undefined, check: (s: string) => string | undefined) => {
      if (value !== undefined && check(value)) throw new UsageError(`--${name} "${value}": ${check(value)}`);
      return value;
    };
    const list = (name: string, values: string[] | undefined, check: (s: string) => string | undefined) => (values ?? []).map((x) => given(name, x, check)!);
    const a: Partial<JoinAnswers> = {
      id: given('id', v.id, CHECK.id),
      organization: given('org', v.org, CHECK.organization),
      country: given('country', v.country, CHECK.country),
      website: given('website', v.website, CHECK.website),
      emails: list('email', v.email, CHECK.email),
      github: list('github', v.github, CHECK.github),
      domain: given('domain', v.domain, CHECK.domain),
      ipv4: list('ipv4', v.ipv4, CHECK.ip(4)),
      ipv6: list('ipv6', v.ipv6, CHECK.ip(6)),
    };
    const exists = (id: string) => !v.force && existsSync(join(root, 'members', `${id}.yaml`));
    if (a.id !== undefined && exists(a.id)) throw new UsageError(`members/${a.id}.yaml exists already; edit it, or use --force to replace it`);
    if (p) {
      io.stdout(`Joining ${network.domain}. Answer each question; Enter takes the value in brackets.\n\n`);
      a.id ??= await p.ask('Member id (a DNS label, e.g. your-org)', { check: (s) => CHECK.id(s) ?? (exists(s) ? `members/${s}.yaml exists already: choose another id, or edit that file` : undefined) });
      a.organization ??= await p.ask('Organization name', { check: CHECK.organization });
      a.country ??= (await p.ask('Country (ISO code, e.g. DE; Enter to skip)', { default: '', check: CHECK.country })) || undefined;
      if (!a.emails!.length) a.emails = splitList(await p.ask('Contact email(s), comma separated', { check: (s) => (splitList(s).length ? splitList(s).map(CHECK.email).find(Boolean) : 'at least one email address') }));
      if (!a.github!.length) a.github = splitList(await p.ask('GitHub login(s) allowed to change this file, comma separated', { check: (s) => (splitList(s).length ? splitList(s).map(CHECK.github).find(Boolean) : 'at least one GitHub login') }));
      a.domain ??= await p.ask("Node domain (your node's own host name)", { check: CHECK.domain });
    } else {
      const missing = (['id', 'org', 'email', 'github', 'domain'] as const).filter((k) => (k === 'email' ? !a.emails!.length : k === 'github' ? !a.github!.length : a[k === 'org' ? 'organization' : k] === undefined));
      if (missing.length) throw new UsageError(`without a terminal, join needs ${missing.map((m) => `--${m}`).join(', ')} (pmnet join --help)`);
    }
    const answers = a as JoinAnswers;
    answers.domain = answers.domain.toLowerCase().replace(/\.$/, '');
    const file = join(root, 'members', `${answers.id}.yaml`);

    let found: NodeLookup | undefined;
    if (!v.offline) {
      found = await lookupNode(network, answers.id, answers.domain, flags);
      if (found.unreachable) io.stdout(`\nNo DNS resolver answered (${found.resolvers.join(', ')}): your network or resolver may be down. Use --resolver ADDR, or --offline.\n`);
      else if (found.hasAddresses) io.stdout(`\n${answers.domain} has ${[...found.ipv4, ...found.ipv6].join(', ')} in DNS.\n`);
      else io.stdout(`\n${answers.domain} has no A or AAAA records yet.\n`);
    }
    if (p) {
      if (!answers.ipv4.length) answers.ipv4 = splitList(await p.ask('IPv4 address(es) of the node, comma separated', { default: found?.ipv4.join(', ') ?? '', check: (s) => splitList(s).map(CHECK.ip(4)).find(Boolean) }));
      if (!answers.ipv6.length) answers.ipv6 = splitList(await p.ask('IPv6 address(es) of the node, comma separated', { default: found?.ipv6.join(', ') ?? '', check: (s) => splitList(s).map(CHECK.ip(6)).find(Boolean) }));
    } else if (!answers.ipv4.length && !answers.ipv6.length && found) {
      answers.ipv4 = found.ipv4;
      answers.ipv6 = found.ipv6;
    }
    p?.close();

    const rel = `members/${answers.id}.yaml`;
    writeFileSync(file, memberYaml(answers, new Date().toISOString().slice(0, 10)));
    io.stdout(`\nWrote ${rel}.\n\nProof of control: create this DNS record${found?.hasProof ? ' (it exists already)' : ''}:\n\n  ${proofRecord(network, answers.id, answers.domain)}\n`);

    const offline = await validateOffline({ root, files: [file] });
    let findings = offline.findings.filter((f) => f.file === rel);
    const missing: string[] = [];
    if (!answers.ipv4.length && !answers.ipv6.length) missing.push('the node\'s addresses (node.ipv4 / node.ipv6)');
    if (found && !found.unreachable && !found.hasAddresses) missing.push(`A/AAAA records for ${answers.domain}`);
    if (found && !found.unreachable && !found.hasProof) missing.push('the proof TXT record above');
    let live = false;
    if (!findings.some((f) => f.severity === "error") && found?.hasAddresses) {
      const { runLive } = await import('../live/run.js');
      const { liveProgress } = await import('../live/progress.js');
      // Only the new node is probed (as pr-check does); the rules still see the others offline.
      const own = offline.members.filter((m) => m.id === answers.id);
      const r = await runLive({ ...offline, members: own }, { root, areas: ['dns', 'tls'], ...flags, newMembers: [answers.id], progress: liveProgress() });
      findings = [...findings, ...r.findings.filter((f) => f.file === rel)];
      live = true;
    }
    const { sortFindings } = await import('../findings.js');
    sortFindings(findings);
    io.stdout(`\n${live ? 'Offline and live checks' : 'Offline checks'}${live || v.offline ? '' : ' (live checks run once the node domain has address records)'}:\n`);
    io.stdout(findings.length ? formatText(findings, { color: false, texts: offline.texts }) : '  no findings\n');
    const errors = findings.filter((f) => f.severity === 'error').length;
    if (errors) missing.push(`${errors} error${errors === 1 ? '' : 's'} above to fix in ${rel} or on the node`);
    if (missing.length) io.stdout(`\nStill missing:\n${missing.map((m) => `  - ${m}`).join('\n')}\nRerun: pmnet validate --live --new ${answers.id} ${rel}\n`);
    else io.stdout(`\nReady: commit ${rel} and open a pull request (docs/joining.md).\n`);
    return missing.length ? 1 : 0;
  } finally {
    p?.close();
  }
}
