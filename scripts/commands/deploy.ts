// pmnet deploy: publishes the committed zone to the primary with one TSIG-signed RFC 2136
// UPDATE, then waits until every name server serves it (scripts/deploy/).
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { oneOf, parse, positiveInt, UsageError } from './args.js';
import { defaultZonePath, findingsToText, loadNetwork, readIfExists, withUsage } from '../zone/command-support.js';
import type { Io } from '../cli.js';
import { deploy, deployToJson, deployToText, EXIT } from '../deploy/deploy.js';
import { parseEndpoint, type Endpoint } from '../lib/endpoint.js';
import { parseTsigKey, type TsigKey } from '../live/dns/tsig.js';
import type { Network } from '../model/types.js';
import { DeployError, readCommitted } from '../deploy/diff.js';
import type { ParsedZone } from '../zone/render.js';
import { fqdn } from '../zone/records.js';

export const KEY_ENV = 'PMNET_TSIG_KEY';

const USAGE = `usage: pmnet deploy [--root DIR] [--key-file FILE] [--primary ADDR[:PORT]] [--server ADDR[:PORT]]... [--family 4|6|both] [--dry-run] [--force] [--verify changes|full] [--format text|json] [--wait S] [--timeout MS]

Publishes the committed zone (zone/<domain>.zone): reads the primary's zone by AXFR, sends the
difference as one RFC 2136 UPDATE signed with TSIG, on condition that the primary still serves
the SOA it read; then waits until every name server serves the new serial and checks its records.
--key-file FILE   TSIG key: "name:algorithm:secret", nsupdate -y "algorithm:name:secret", or a
                  tsig-keygen key clause. Default: the ${KEY_ENV} environment variable.
--primary ADDR    where to send the update (default: the address of zone.soa.mname in network.yaml)
--server ADDR     name servers to verify, repeatable (default: every address in zone.nameservers, port 53)
--family 4|6|both which of those default addresses (default both; 4 on a machine without IPv6,
                  such as a GitHub-hosted runner)
--dry-run         print the plan and the update (nsupdate input); send nothing
--force           send even when the mass-change guard (network.yaml zone.guard) trips
--verify WHAT     after the serial arrived, check on each server: changes (default: the SOA and
                  every RRset the update touched) or full (the whole zone by AXFR, as verify-zone)
--format F        text (default; the outcome on stdout, or stderr when it is not 0) or json
                  (one document on stdout whatever the outcome; docs/zone.md)
--wait S          seconds the name servers get to serve the new serial (default 120)
--timeout MS      budget of one network operation (default live.timeout_ms)
Exit: 0 deployed and verified (or already up to date), 1 not deployed, not propagated or
different records, 2 usage (no key, bad key, bad address).
`;

export async function run(args: string[], io: Io): Promise<number> {
  return withUsage(USAGE, io, async () => {
    const { values } = parse(args, {
      root: { type: 'string' },
      'key-file': { type: 'string' },
      primary: { type: 'string' },
      server: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean' },
      verify: { type: 'string' },
      family: { type: 'string' },
      format: { type: 'string' },
      force: { type: 'boolean' },
      wait: { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const key = readKey(values['key-file'], io);
    const primaryFlag = values.primary !== undefined ? endpoint(values.primary, '--primary') : undefined;
    const serverFlags = (values.server ?? []).map((s) => endpoint(s, '--server'));
    const family = oneOf(values.family, ['4', '6', 'both'] as const, '--family', 'both');
    if (values.family !== undefined && serverFlags.length) throw new UsageError('--family picks from network.yaml\'s name servers; with --server, list the addresses you want');
    const format = oneOf(values.format, ['text', 'json'] as const, '--format', 'text');
    const verify = oneOf(values.verify, ['changes', 'full'] as const, '--verify', 'changes');
    const timeout = positiveInt(values.timeout, '--timeout');
    if (values.wait !== undefined && !/^\d{1,5}$/.test(values.wait)) throw new UsageError(`--wait must be a whole number of seconds, not "${values.wait}"`);
    const root = resolve(values.root ?? process.cwd());

    const loaded = await loadNetwork(root);
    if ('findings' in loaded) {
      io.stderr(findingsToText(loaded));
      io.stderr(`pmnet deploy: ${loaded.findings.length} validation error(s) in network.yaml; nothing deployed\n`);
      return 1;
    }
    const { network } = loaded;
    const zonePath = defaultZonePath(root, network);
    const text = readIfExists(zonePath);
    if (text === undefined) {
      io.stderr(`pmnet deploy: ${zonePath} does not exist; run "pmnet zone" and commit it\n`);
      return 1;
    }
    let committed: ParsedZone;
    try {
      committed = readCommitted(text, network.domain);
    } catch (err) {
      if (!(err instanceof DeployError)) throw err;
      io.stderr(`pmnet deploy: ${zonePath}: ${err.message}; nothing deployed\n`);
      return 1;
    }
    const inFamily = (e: Endpoint) => family === 'both' || String(e.family) === family;
    const primary = primaryFlag ?? defaultPrimary(network, inFamily);
    const servers = serverFlags.length ? serverFlags : nameServers(network).filter(inFamily);
    if (!servers.length) throw new UsageError(`no ${family === 'both' ? '' : `IPv${family} `}address among zone.nameservers in network.yaml (glue); pass --server ADDR[:PORT]`);
    const outcome = await deploy(committed, network.zone.guard, {
      primary,
      servers,
      key,
      timeoutMs: timeout ?? network.live.timeoutMs,
      waitMs: (values.wait !== undefined ? Number(values.wait) : 120) * 1000,
      retries: network.live.retries,
      concurrency: network.live.concurrency,
      force: values.force === true,
      dryRun: values['dry-run'] === true,
      verify,
    });
    if (format === 'json') {
      io.stdout(deployToJson(outcome, primary));
      return EXIT[outcome.status];
    }
    const out = deployToText(outcome, primary);
    if (EXIT[outcome.status] === 0) io.stdout(out);
    else io.stderr(out);
    return EXIT[outcome.status];
  });
}

/** The TSIG key from --key-file or PMNET_TSIG_KEY (also verify-zone's); warns on `io` about a readable key file. */
export function readKey(file: string | undefined, io?: Io): TsigKey {
  let text: string | undefined;
  let from: string;
  if (file !== undefined) {
    from = file;
    try {
      text = readFileSync(file, 'utf8');
      const mode = statSync(file).mode;
      if (mode & 0o077) io?.stderr(`pmnet deploy: warning: the key file ${file} can be read by other users (mode ${(mode & 0o777).toString(8)}); chmod 600 it\n`);
    } catch (err) {
      throw new UsageError(`cannot read the TSIG key file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  } else {
    from = `$${KEY_ENV}`;
    text = process.env[KEY_ENV];
    if (!text) throw new UsageError(`no TSIG key: pass --key-file FILE or set ${KEY_ENV} (name:hmac-sha256:secret, as tsig-keygen makes it)`);
  }
  const r = parseTsigKey(text);
  if (!r.ok) throw new UsageError(`TSIG key in ${from}: ${r.reason}`);
  return r.key;
}

function endpoint(text: string, flag: string): Endpoint {
  const r = parseEndpoint(text);
  if (!r.ok) throw new UsageError(`${flag}: ${r.reason}`);
  return r.endpoint;
}

function addresses(ns: Network['zone']['nameservers'][number]): Endpoint[] {
  return [...ns.ipv4, ...ns.ipv6].map((a) => endpoint(a, `address of ${ns.name}`));
}

function defaultPrimary(network: Network, wanted: (e: Endpoint) => boolean): Endpoint {
  const mname = fqdn(network.zone.soa.mname);
  const ns = network.zone.nameservers.find((n) => fqdn(n.name) === mname);
  const first = ns ? addresses(ns).find(wanted) : undefined;
  if (!first) throw new UsageError(`the primary ${mname} (zone.soa.mname) has no such address in zone.nameservers; pass --primary ADDR[:PORT]`);
  return first;
}

function nameServers(network: Network): Endpoint[] {
  return network.zone.nameservers.flatMap(addresses);
}
