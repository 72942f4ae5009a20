// A consortium repository on disk for end-to-end runs of the CLI against loopback TLS servers.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The CLI entry point (the source bin, which loads dist/). */
export const BIN = fileURLToPath(new URL('../../../scripts/bin/pmnet.js', import.meta.url));

export const NETWORK = `name: TLS test network
domain: consortium.test
shared_name: api.consortium.test
member_names: nodes
zone:
  ttl: 3600
  shared_ttl: 300
  member_ttl: 3600
  soa: { mname: ns1.consortium.test, rname: hostmaster.consortium.test, refresh: 7200, retry: 3600, expire: 1209600, minimum: 300 }
  nameservers:
    - name: ns1.consortium.test
      ipv4: [127.79.250.53]
  guard: { max_change_percent: 30, min_records: 10 }
policy:
  allow_address_classes: [loopback]
  allow_special_use_names: [test]
  diversity: { ipv4_prefix: 24, ipv6_prefix: 48 }
governance:
  join: { fraction: 2/3, min: 1 }
  update: { fraction: 0/1, min: 1 }
  leave: { fraction: 0/1, min: 0 }
live:
  resolvers: [127.0.0.1]
  timeout_ms: 800
  retries: 0
  concurrency: 16
  proof_label: _planetmint
  require_proof: never
  certificate_warning_days: 21
  shared_name_coverage: notice
  ca_files: []
`;

export function memberYaml(id: string, domain: string, ip: string, port: number, email = `ops@${domain}`): string {
  return `id: ${id}
organization:
  name: ${id} org
contacts:
  - email: ${email}
github: [${id}-ops]
status: active
node:
  domain: ${domain}
  ipv4: [${ip}]
  api: https://${domain}:${port}/
`;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `pmnet ARGS` as a child process (so this process can keep serving TLS). */
export function runCli(args: string[], timeoutMs = 20_000): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: timeoutMs, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
