// pmnet verify-zone: compares what each authoritative server serves with the zone the model intends.
import { resolve } from 'node:path';
import { oneOf, parse, positiveInt, UsageError } from './args.js';
import { KEY_ENV, readKey } from './deploy.js';
import { committedZone, findingsToText, healthRotation, loadModel, withUsage } from '../zone/command-support.js';
import type { Io } from '../cli.js';
import { servedZone } from '../deploy/diff.js';
import { parseEndpoint as parseAddress, type Endpoint as Address } from '../lib/endpoint.js';
import { axfr } from '../live/dns/axfr.js';
import { parseResolvers } from '../live/dns/gather.js';
import { resolve as resolveName } from '../live/dns/client.js';
import { createLimiter } from '../live/pool.js';
import { formatEndpoint, parseEndpoint, type Endpoint } from '../zone/dnsquery.js';
import { buildRecords, fqdn } from '../zone/records.js';
import { withSerial } from '../zone/render.js';
import { zoneServers, type Lookup } from '../zone/servers.js';
import { absentProbes, verifyToJson, verifyToText, verifyZone, type Transfer } from '../zone/verify.js';

const USAGE = `usage: pmnet verify-zone [--server ADDR[:PORT]]... [--root DIR] [--key-file FILE] [--no-axfr] [--format text|json] [--timeout MS] [--retries N]
                         [--health FILE]

Compares what every server serves with the zone the model produces. The whole zone is fetched
by AXFR (TSIG-signed with --key-file FILE or $${KEY_ENV}) and compared name by name and type by
type: missing, extra and different data, wildcards, delegations, record types pmnet never
writes. A server that refuses the transfer is still asked for every RRset the model intends
(RD=0, UDP with TCP fallback, without EDNS after a FORMERR) and for names that must not exist,
and the run says what could not be compared (a problem, unless --no-axfr accepts that).
The served SOA serial must equal the committed zone's (RFC 1982: a serial that went backwards
is never transferred by secondaries).
--server    the servers to ask (IP address, default port 53; [v6]:port). Default: the name
            servers in network.yaml zone.nameservers (glue, or looked up through live.resolvers).
--health    the health record the zone was written with (pmnet zone --health): its rotation
Exit: 0 every server serves the zone, 1 problems found or validation errors, 2 usage.
`;

export async function run(args: string[], io: Io): Promise<number> {
  return withUsage(USAGE, io, async () => {
    const { values } = parse(args, {
      server: { type: 'string', multiple: true },
      root: { type: 'string' },
      format: { type: 'string' },
      timeout: { type: 'string' },
      retries: { type: 'string' },
      'key-file': { type: 'string' },
      'no-axfr': { type: 'boolean' },
      health: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const format = oneOf(values.format, ['text', 'json'] as const, '--format', 'text');
    const given = (values.server ?? []).map((s) => {
      const e = parseEndpoint(s);
      if (!e) throw new UsageError(`--server must be an IP address with an optional port (192.0.2.53, 192.0.2.53:5353, [2001:db8::53]:53), not ${JSON.stringify(s)}`);
      return e;
    });
    const timeout = positiveInt(values.timeout, '--timeout');
    if (values.retries !== undefined && !/^\d{1,2}$/.test(values.retries)) throw new UsageError(`--retries must be a whole number, not "${values.retries}"`);
    if (values['no-axfr'] && values['key-file'] !== undefined) throw new UsageError('--key-file signs the zone transfer; --no-axfr asks for none');
    const key = values['key-file'] !== undefined || process.env[KEY_ENV] ? readKey(values['key-file']) : undefined;
    const root = resolve(values.root ?? process.cwd());

    const loaded = await loadModel(root);
    if ('findings' in loaded) {
      io.stderr(findingsToText(loaded));
      io.stderr(`pmnet verify-zone: ${loaded.findings.length} validation error(s); nothing to compare with\n`);
      return 1;
    }
    const { network, members } = loaded.model;
    const timeoutMs = timeout ?? network.live.timeoutMs;
    const retries = values.retries !== undefined ? Number(values.retries) : network.live.retries;
    const zone = fqdn(network.domain);

    let servers: Endpoint[] = given;
    if (!servers.length) {
      const found = await zoneServers(network, lookupThrough(network.live.resolvers, timeoutMs, retries));
      for (const u of found.unresolved) io.stderr(`pmnet verify-zone: name server ${u} has no address to ask; it is not verified\n`);
      if (!found.servers.length) throw new UsageError('no name server of network.yaml zone.nameservers has an address; give --server ADDR[:PORT]');
      io.stderr(`pmnet verify-zone: asking the name servers of network.yaml: ${found.servers.map((s) => `${s.endpoint.label} (${s.name})`).join(', ')}\n`);
      servers = found.servers.map((s) => ({ host: s.endpoint.host, port: s.endpoint.port }));
    }

    const committed = committedZone(root, network);
    // The shared name's choice rotates with the serial: the committed zone's serial picks it.
    const intended = buildRecords(network, members, 0, committed?.serial ?? 0, new Set(healthRotation(values.health, network, members).keys()));
    const transfer = async (ep: Endpoint): Promise<Transfer> => {
      const t = await axfr(address(ep), zone, { timeoutMs, ...(key ? { key } : {}) });
      if (!t.ok) return { ok: false, detail: t.detail };
      const z = servedZone(zone, t.soa, t.records);
      return { ok: true, sets: z.sets, foreign: z.foreign };
    };
    const report = await verifyZone(zone, intended, servers, {
      timeoutMs,
      retries,
      concurrency: network.live.concurrency,
      whole: true,
      absent: absentProbes(network, members, intended, committed ? withSerial(committed.sets, 0) : []),
      ...(values['no-axfr'] ? {} : { transfer }),
      ...(committed ? { committedSerial: committed.serial } : {}),
    });
    io.stdout(format === 'json' ? verifyToJson(report) : verifyToText(report));
    return report.ok ? 0 : 1;
  });
}

function address(ep: Endpoint): Address {
  const r = parseAddress(formatEndpoint(ep));
  if (!r.ok) throw new UsageError(r.reason);
  return r.endpoint;
}

/** A and AAAA of a name through the first resolver that answers (live.resolvers). */
function lookupThrough(list: readonly string[], timeoutMs: number, retries: number): Lookup {
  const resolvers = parseResolvers(list);
  const opts = { timeoutMs, retries, limiter: createLimiter(8) };
  return async (name) => {
    const reasons: string[] = [];
    for (const r of resolvers) {
      const [a, aaaa] = await Promise.all([resolveName(r, name, 'A', opts), resolveName(r, name, 'AAAA', opts)]);
      const addresses = [...a.values, ...aaaa.values];
      if (addresses.length) return { ok: true, addresses };
      reasons.push(`${r.label}: A ${a.status}, AAAA ${aaaa.status}`);
    }
    return { ok: false, reason: reasons.join('; ') };
  };
}
