// pmnet tendermint: prints or writes what the Coordinator used to assemble by hand (genesis.json,
// persistent_peers) and plans validator changes against a base.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Io } from '../cli.js';
import { planValidators } from '../tendermint/changes.js';
import { planText } from '../tendermint/plan-report.js';
import { PEERS_DIR, tendermintFiles } from '../tendermint/files.js';
import { buildGenesis, GenesisError, renderGenesis } from '../tendermint/genesis.js';
import { peers, persistentPeerLines } from '../tendermint/validators.js';
import { findingsToText, loadModel, withUsage, type Model } from '../zone/command-support.js';
import { materialiseRef } from '../zone/gitbase.js';
import { oneOf, parse, UsageError } from './args.js';

const USAGE = `usage: pmnet tendermint genesis|peers [MEMBER-ID]|write|plan [--root DIR] [options]

  genesis              print genesis.json (Tendermint 0.34) for the active validators
  peers [MEMBER-ID]    print the persistent_peers line of one node (all nodes without an id)
  write [--check]      write tendermint/genesis.json (until genesis_time has passed) and
                       tendermint/peers/<id>.toml; --check only compares
  plan (--base GIT-REF | --base-root DIR) [--format text|markdown|json]
                       the validator changes against a base; after genesis the election
                       commands members run; refused when power moves by 1/3 or more
--root DIR   the consortium (default: the current directory)
--now TIME   judge "after genesis" at this ISO time instead of the clock (tests, audits)
Exit: 0 ok, 1 validation errors, out of date or refused change, 2 usage.
`;

export async function run(args: string[], io: Io): Promise<number> {
  return withUsage(USAGE, io, async () => {
    const { values, positionals } = parse(
      args,
      {
        root: { type: 'string' },
        base: { type: 'string' },
        'base-root': { type: 'string' },
        format: { type: 'string' },
        check: { type: 'boolean' },
        now: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      true,
    );
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const [sub, ...rest] = positionals;
    const now = values.now === undefined ? (io.now?.() ?? new Date()) : new Date(values.now);
    if (Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO time, not "${values.now}"`);
    const root = resolve(values.root ?? process.cwd());
    const known = ['genesis', 'peers', 'write', 'plan'];
    if (!sub || !known.includes(sub)) throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'give a subcommand: genesis, peers, write or plan');
    if (rest.length > (sub === 'peers' ? 1 : 0)) throw new UsageError(`unexpected argument "${rest[rest.length - 1]}"`);

    const loaded = await loadModel(root);
    if ('findings' in loaded) {
      io.stderr(findingsToText(loaded));
      io.stderr(`pmnet tendermint: ${loaded.findings.length} validation error(s); fix them first\n`);
      return 1;
    }
    const { network, members } = loaded.model;

    if (sub === 'genesis') {
      try {
        io.stdout(renderGenesis(buildGenesis(network, members)));
        return 0;
      } catch (err) {
        if (!(err instanceof GenesisError)) throw err;
        io.stderr(`pmnet tendermint genesis: ${err.message}\n`);
        return 1;
      }
    }
    if (sub === 'peers') {
      const id = rest[0];
      const list = peers(members);
      if (id === undefined) {
        for (const p of list) io.stdout(`${p.memberId}\t${p.address}\n`);
        return 0;
      }
      if (!list.some((p) => p.memberId === id)) {
        io.stderr(`pmnet tendermint peers: "${id}" is not an active member with node.tendermint.node_id\n`);
        return 1;
      }
      io.stdout(`${persistentPeerLines(network, members).lines.get(id)}\n`);
      return 0;
    }
    if (sub === 'write') return write(root, loaded.model, now, values.check === true, io);

    const format = oneOf(values.format, ['text', 'markdown', 'json'] as const, '--format', 'text');
    if ((values.base === undefined) === (values['base-root'] === undefined)) throw new UsageError('plan: give exactly one of --base GIT-REF or --base-root DIR');
    const mat = values.base !== undefined ? materialiseRef(root, values.base) : undefined;
    try {
      const baseDir = mat ? mat.dir : resolve(values['base-root']!);
      let base: Model = { network, members: [] };
      if (existsSync(join(baseDir, 'network.yaml'))) {
        const b = await loadModel(baseDir);
        if ('findings' in b) {
          io.stderr(findingsToText(b));
          io.stderr('pmnet tendermint plan: the base does not validate, so its validator set is unknown; fix the base first\n');
          return 1;
        }
        base = b.model;
      }
      const plan = planValidators(base, loaded.model, now);
      io.stdout(format === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : planText(plan, format === 'markdown'));
      return plan.refused ? 1 : 0;
    } finally {
      mat?.cleanup();
    }
  });
}

function write(root: string, model: Model, now: Date, check: boolean, io: Io): number {
  const { files, genesisNote } = tendermintFiles(model.network, model.members, now);
  const stale: string[] = [];
  const peersDir = join(root, PEERS_DIR);
  if (existsSync(peersDir)) {
    for (const f of readdirSync(peersDir)) if (f.endsWith('.toml') && !files.has(`${PEERS_DIR}/${f}`)) stale.push(`${PEERS_DIR}/${f}`);
  }
  const differ = [...files].filter(([rel, text]) => !existsSync(join(root, rel)) || readFileSync(join(root, rel), 'utf8') !== text).map(([rel]) => rel);
  if (genesisNote) io.stderr(`pmnet tendermint: ${genesisNote}\n`);
  if (check) {
    for (const rel of [...differ, ...stale]) io.stderr(`pmnet tendermint: ${rel} is out of date (run pmnet tendermint write)\n`);
    return differ.length + stale.length ? 1 : 0;
  }
  for (const rel of differ) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), files.get(rel)!);
  }
  for (const rel of stale) rmSync(join(root, rel));
  io.stdout(`pmnet tendermint: ${differ.length} file(s) written, ${stale.length} removed, ${files.size - differ.length} unchanged\n`);
  return 0;
}
