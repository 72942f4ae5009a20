// x509-limbo (C2SP, Apache-2.0) cases served over real TLS and judged by the real CLI:
// one consortium repository per case, its leaf and intermediates served from a loopback
// TLS server, `pmnet validate --live --only tls --ca <trusted_certs> --at <validation_time>`.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../harness/tls-fleet.js';
import { memberYaml, NETWORK, runCli } from '../harness/tls-repo.js';

export interface LimboCase {
  id: string;
  description: string;
  features?: string[];
  validation_kind: 'SERVER' | 'CLIENT';
  trusted_certs: string[];
  untrusted_intermediates: string[];
  peer_certificate: string;
  peer_certificate_key?: string | null;
  validation_time: string | null;
  expected_peer_name: { kind: 'DNS' | 'IP' | 'RFC822'; value: string } | null;
  expected_result: 'SUCCESS' | 'FAILURE';
  crls?: string[];
}

export function family(c: Pick<LimboCase, 'id'>): string {
  return c.id.split('::')[0]!;
}

/** Why a case is not run over TLS, or undefined when it is. */
export function skipReason(c: LimboCase): string | undefined {
  if (c.validation_kind !== 'SERVER') return 'client-auth';
  if (c.expected_peer_name?.kind !== 'DNS') return 'IP or e-mail peer name';
  if (c.crls?.length) return 'revocation (CRL)';
  if (!c.peer_certificate_key) return 'no leaf key (cannot be served over TLS)';
  return undefined;
}

export interface CaseRun {
  got: 'SUCCESS' | 'FAILURE';
  /** Decisive error findings of the member (tls/ and member/ rules), `rule: message`. */
  errors: string[];
  /** Rejected only by offline member-file rules (the node domain itself is refused). */
  offlineOnly?: boolean;
  /** The CLI could not judge (usage or internal failure). */
  broken?: string;
}

let nextHost = 0;

/** Serves one case and runs the CLI on it. */
export async function runCase(c: LimboCase): Promise<CaseRun> {
  nextHost++;
  const address = `127.81.${Math.floor(nextHost / 250) % 250}.${(nextHost % 250) + 1}`;
  const domain = c.expected_peer_name!.value;
  const root = mkdtempSync(join(tmpdir(), 'pmnet-limbo-'));
  const chain = [c.peer_certificate, ...c.untrusted_intermediates].map((p) => p.trim() + '\n').join('');
  // SECLEVEL=0: the server must be able to send weak keys and SHA-1 for pmnet to judge them.
  const server = await startServer({ domain, cert: chain, key: c.peer_certificate_key!, ciphers: 'DEFAULT@SECLEVEL=0', addresses: [address] });
  try {
    mkdirSync(join(root, 'members'));
    // The suite's names live under example.com and friends (RFC 6761): allow them like a test network.
    // A generous timeout: these cases are about the chain verdict, and a loaded machine (several
    // CLIs and servers at once) must not turn one into tls/connect-failed.
    const network = NETWORK.replace('allow_special_use_names: [test]', 'allow_special_use_names: [test, example, example.com, example.net, example.org]')
      .replace('timeout_ms: 800', 'timeout_ms: 10000');
    writeFileSync(join(root, 'network.yaml'), network);
    writeFileSync(join(root, 'ca.pem'), c.trusted_certs.map((p) => p.trim() + '\n').join(''));
    writeFileSync(join(root, 'members', 'case.yaml'), memberYaml('case', domain, address, server.port, 'ops@example.org'));
    const args = ['validate', '--live', '--only', 'tls', '--ca', join(root, 'ca.pem'), '--root', root, '--format', 'json'];
    if (c.validation_time) args.push('--at', c.validation_time);
    const r = await runCli(args, 60_000);
    if (r.code !== 0 && r.code !== 1) return { got: 'FAILURE', errors: [], broken: `exit ${r.code}: ${r.stderr.trim().split('\n')[0] ?? ''}` };
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ rule: string; severity: string; message: string; file: string }> }).findings;
    const errors = findings.filter((f) => f.severity === 'error').map((f) => `${f.rule}: ${f.message}`);
    // The member's TLS verdict counts (the suite's README: FAILURE = a tls/ error), and so does
    // a node domain pmnet refuses outright (e.g. "com", "foo_bar.example.com"): that member never
    // gets as far as a TLS check. api/ findings (the stand-in API) do not count.
    const decisive = errors.filter((e) => e.startsWith('tls/') || e.startsWith('member/'));
    return { got: decisive.length ? 'FAILURE' : 'SUCCESS', errors: decisive, offlineOnly: decisive.length > 0 && decisive.every((e) => e.startsWith('member/')) };
  } finally {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
}
