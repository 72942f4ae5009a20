// pmnet command line. Kept free of heavy imports: each command module loads on demand,
// so `pmnet --version` costs about what `node -e 0` does.
import { readFileSync } from 'node:fs';
import { TOOL_ROOT } from './paths.js';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** The clock (zone serials); tests pin it. Default: the system clock. */
  now?: () => Date;
}

export type Command = (args: string[], io: Io) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run: Command }> }> = {
  init: { summary: 'found a consortium: network.yaml for your domain, no example members (docs/founding.md)', load: () => import('./commands/init.js') },
  validate: { summary: 'check network.yaml and members/*.yaml (offline; --live adds DNS/TLS checks)', load: () => import('./commands/validate.js') },
  join: { summary: 'add your node: asks (or takes flags), writes members/<id>.yaml, checks it (docs/joining.md)', load: () => import('./commands/join.js') },
  zone: { summary: 'write the consortium zone file (or --check it, or --format route53)', load: () => import('./commands/zone.js') },
  plan: { summary: 'show the record-level zone change against a base (git ref or directory)', load: () => import('./commands/plan.js') },
  'verify-zone': { summary: 'ask authoritative servers for every record the zone should hold', load: () => import('./commands/verify-zone.js') },
  site: { summary: 'write the static status page (members, rotation, health, certificates, findings, zone, history)', load: () => import('./commands/site.js') },
  deploy: { summary: 'publish the committed zone: one TSIG-signed RFC 2136 UPDATE, then verify', load: () => import('./commands/deploy.js') },
  tendermint: { summary: 'print or write genesis.json and persistent_peers; plan validator changes', load: () => import('./commands/tendermint.js') },
  rules: { summary: 'list every rule with its rationale and citation (docs/rules.md)', load: () => import('./commands/rules.js') },
  'pr-check': { summary: 'GitHub Actions: judge a pull request (membership, ownership, governance)', load: () => import('./commands/pr-check.js') },
  health: { summary: 'node health scores (NTP Pool style): the table; update folds monitors\' runs in', load: () => import('./commands/health.js') },
  audit: { summary: 'check every member (offline + live); keep GitHub issues (by health score with --health)', load: () => import('./commands/audit.js') },
};

export const USAGE = `usage: pmnet <command> [options]

commands:
${Object.entries(COMMANDS)
  .map(([n, c]) => `  ${n.padEnd(12)} ${c.summary}`)
  .join('\n')}

Run "pmnet <command> --help" for a command's options. Exit codes: 0 no errors, 1 errors found,
2 usage or internal failure.
`;

export function version(): string {
  return (JSON.parse(readFileSync(`${TOOL_ROOT}package.json`, 'utf8')) as { version: string }).version;
}

export async function main(argv: string[], io: Io): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === '--version' || cmd === '-v') {
    io.stdout(`pmnet ${version()}\n`);
    return 0;
  }
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.stdout(USAGE);
    return cmd === undefined ? 2 : 0;
  }
  const c = COMMANDS[cmd];
  if (!c) {
    io.stderr(`pmnet: unknown command "${cmd}"\n\n${USAGE}`);
    return 2;
  }
  try {
    const mod = await c.load();
    return await mod.run(rest, io);
  } catch (err) {
    return reportFailure(err, io);
  }
}

/** Usage mistakes get one line; anything else is an internal failure, without a stack unless PMNET_DEBUG. */
export function reportFailure(err: unknown, io: Io): number {
  const e = err as { name?: string; code?: string; message?: string };
  if (e?.name === 'UsageError' || (typeof e?.code === 'string' && e.code.startsWith('ERR_PARSE_ARGS'))) {
    io.stderr(`pmnet: ${e.message}\n`);
    return 2;
  }
  io.stderr(`pmnet: internal error: ${e?.message ?? String(err)}\n${process.env.PMNET_DEBUG ? `${(err as Error)?.stack}\n` : 'Set PMNET_DEBUG=1 for details; please report it.\n'}`);
  return 2;
}

const isMain = process.argv[1] && /(?:^|[\\/])(?:cli\.js|pmnet(?:\.js)?)$/.test(process.argv[1]);
if (isMain) {
  main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.exitCode = reportFailure(err, { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) });
    },
  );
}
