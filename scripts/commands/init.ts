import { resolve } from 'node:path';
import type { Io } from '../cli.js';
import { initConsortium, parseNameServer, removedBecause } from '../onboard/init.js';
import { formatText } from '../report/text.js';
import { validateOffline } from '../validate.js';
import { parse, UsageError } from './args.js';

const HELP = `usage: pmnet init --domain DOMAIN [--shared-name NAME] [--dir DIR] [--name TEXT]
                  [--ns NAME[=IP,…]]… [--owner @org/team]… [--force]

Makes DIR (default: the current directory, a copy of this repository) a clean consortium:
writes network.yaml for DOMAIN, removes the example members, any zone file of another domain
and the example chain's generated tendermint/ files, writes .github/CODEOWNERS, and replaces
the example's names in README.md and docs/. It lists every file it wrote, removed or rewrote.
--shared-name  the shared "random node" name (default api.DOMAIN)
--name         the network's display name
--ns           an authoritative name server; one inside DOMAIN needs its addresses (repeatable;
               default ns1.DOMAIN and ns2.DOMAIN, whose addresses you then add)
--owner        maintainers for CODEOWNERS (repeatable)
--force        replace a network that is not the shipped example (deletes members/*.yaml)
Then it validates the result and says what is left to do. Guide: docs/founding.md.
Exit: 0 ready, 1 written but validation errors remain, 2 usage.
`;

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    domain: { type: 'string' },
    'shared-name': { type: 'string' },
    dir: { type: 'string' },
    name: { type: 'string' },
    ns: { type: 'string', multiple: true },
    owner: { type: 'string', multiple: true },
    force: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (!values.domain) throw new UsageError('init needs --domain DOMAIN (the consortium DNS domain, e.g. example-network.org)');
  const dir = resolve(values.dir ?? process.cwd());
  const r = initConsortium({
    dir,
    domain: values.domain,
    sharedName: values['shared-name'],
    name: values.name,
    owners: values.owner,
    nameservers: (values.ns ?? []).map(parseNameServer),
    force: values.force,
  });
  const out = [`Founded ${r.domain} (shared name ${r.sharedName}) in ${dir}`];
  for (const f of r.written) out.push(`  wrote     ${f}`);
  for (const f of r.removed) out.push(`  removed   ${f} (${removedBecause(f)})`);
  for (const f of r.rewritten) out.push(`  rewrote   ${f} (example names replaced)`);
  const v = await validateOffline({ root: dir });
  const problems = v.findings.filter((f) => f.severity !== 'notice');
  if (problems.length) out.push('', 'pmnet validate says:', formatText(problems, { color: false, texts: v.texts }).trimEnd());
  out.push('', 'Next:', ...r.todo.map((t, i) => `  ${i + 1}. ${t}`), '');
  io.stdout(out.join('\n'));
  return v.ok ? 0 : 1;
}
