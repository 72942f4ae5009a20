// pmnet verify-zone: asks each authoritative server for every RRset the model intends.
import { resolve } from 'node:path';
import { oneOf, parse, positiveInt, UsageError } from './args.js';
import { committedZone, findingsToText, loadModel, withUsage } from '../zone/command-support.js';
import type { Io } from '../cli.js';
import { parseEndpoint } from '../zone/dnsquery.js';
import { buildRecords, fqdn } from '../zone/records.js';
import { withSerial } from '../zone/render.js';
import { absentProbes, verifyToJson, verifyToText, verifyZone } from '../zone/verify.js';

const USAGE = `usage: pmnet verify-zone --server ADDR[:PORT]... [--root DIR] [--format text|json] [--timeout MS] [--retries N]

Queries every server (IP address, default port 53; [v6]:port) for every RRset of the zone
the model produces (RD=0, UDP with TCP fallback), and for names that must not exist
(suspended members, records of the committed zone the model dropped). Reports missing, extra
and different data, and servers that do not answer authoritatively.
Exit: 0 all servers match, 1 problems found or validation errors, 2 usage.
`;

export async function run(args: string[], io: Io): Promise<number> {
  return withUsage(USAGE, io, async () => {
    const { values } = parse(args, {
      server: { type: 'string', multiple: true },
      root: { type: 'string' },
      format: { type: 'string' },
      timeout: { type: 'string' },
      retries: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const format = oneOf(values.format, ['text', 'json'] as const, '--format', 'text');
    const servers = (values.server ?? []).map((s) => {
      const e = parseEndpoint(s);
      if (!e) throw new UsageError(`--server must be an IP address with an optional port (192.0.2.53, 192.0.2.53:5353, [2001:db8::53]:53), not ${JSON.stringify(s)}`);
      return e;
    });
    if (!servers.length) throw new UsageError('give at least one --server ADDR[:PORT]');
    const timeout = positiveInt(values.timeout, '--timeout');
    if (values.retries !== undefined && !/^\d{1,2}$/.test(values.retries)) throw new UsageError(`--retries must be a whole number, not "${values.retries}"`);
    const root = resolve(values.root ?? process.cwd());

    const loaded = await loadModel(root);
    if ('findings' in loaded) {
      io.stderr(findingsToText(loaded));
      io.stderr(`pmnet verify-zone: ${loaded.findings.length} validation error(s); nothing to compare with\n`);
      return 1;
    }
    const { network, members } = loaded.model;
    const intended = buildRecords(network, members, 0);
    const committed = committedZone(root, network);
    const report = await verifyZone(fqdn(network.domain), intended, servers, {
      timeoutMs: timeout ?? network.live.timeoutMs,
      retries: values.retries !== undefined ? Number(values.retries) : network.live.retries,
      concurrency: network.live.concurrency,
      absent: absentProbes(network, members, intended, committed ? withSerial(committed.sets, 0) : []),
    });
    io.stdout(format === 'json' ? verifyToJson(report) : verifyToText(report));
    return report.ok ? 0 : 1;
  });
}
