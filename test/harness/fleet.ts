// A loopback fleet of N Planetmint members for fault and scale tests: one real BIND serving the
// members' `.test` zone, one HTTPS endpoint per member on its own 127.x.y.z address with its own
// certificate from one test CA, and a consortium directory pointing at both. A chosen set of
// members is faulty (timeouts, resets, expired certificates, wrong A records, missing proofs).
// Everything listens on 127.0.0.0/8; nothing binds 0.0.0.0.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memberSpec, memberYaml, networkYaml, type GenMember } from '../../bench/gen.js';
import { startBind, type BindServer } from './bind.js';
import { testPki } from './certs.js';
import { startServer, type RunningServer } from './tls-fleet.js';

/**
 * timeout: accepts TCP, never speaks TLS. reset: RST right after accept. expired: serves a
 * certificate that expired yesterday. wrong-address: DNS A is another address than the declared
 * (and served) one. no-proof: no `_planetmint` TXT record.
 */
export type FaultKind = 'timeout' | 'reset' | 'expired' | 'wrong-address' | 'no-proof';
export const FAULT_KINDS: readonly FaultKind[] = ['timeout', 'reset', 'expired', 'wrong-address', 'no-proof'];

export const ZONE_ORIGIN = 'members.test';
export const CA_FILE = 'ca.pem';
/** The domain of bench/gen.ts's network.yaml, served so the resolver canary finds it. */
const CONSORTIUM_DOMAIN = 'synthetic-consortium.net';
const CONSORTIUM_ZONE = `$ORIGIN ${CONSORTIUM_DOMAIN}.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 127.0.0.1\n`;

export interface FleetOptions {
  n: number;
  /** Faulty members per kind (takes precedence over faultShare). */
  faults?: Partial<Record<FaultKind, number>>;
  /** Share of members (0..1) made faulty, spread over FAULT_KINDS in turn. */
  faultShare?: number;
  /** Share of suspended members (they are served like healthy ones, never faulty). */
  suspended?: number;
  /** Written to network.yaml live: */
  live?: { timeoutMs?: number; retries?: number; concurrency?: number; requireProof?: 'join' | 'always' | 'never' };
  /** Consortium directory to write; default a fresh temporary one, removed by stop(). */
  dir?: string;
}

export interface FleetMember extends GenMember {
  /** The declared address, where the member's endpoint listens. */
  address: string;
  /** What the fleet's DNS answers for the domain's A record. */
  dnsA: string[];
  /** Whether `_planetmint.<domain>` TXT exists. */
  proof: boolean;
  fault?: FaultKind;
}

export interface LoopbackFleet {
  /** The consortium directory: network.yaml, members/, ca.pem. */
  root: string;
  bind: BindServer;
  /** TLS/API port, the same on every member address. */
  port: number;
  /** Absolute path of the test CA's root certificate (PEM) inside root. */
  caFile: string;
  caPem: string;
  members: FleetMember[];
  networkText: string;
  memberText(id: string): string;
  /** Writes another consortium directory (same network.yaml and CA) holding only these members. */
  writeRoot(dir: string, ids: readonly string[]): void;
  /** Takes a member's HTTPS endpoint down (connections refused) or brings it back (health tests). */
  setDown(id: string, down: boolean): Promise<void>;
  stop(): Promise<void>;
}

const DAY = 86_400_000;

/** Members picked for faults: spread evenly over the active ones, kinds in turn. */
export function assignFaults(members: readonly GenMember[], opts: Pick<FleetOptions, 'faults' | 'faultShare'>): Map<string, FaultKind> {
  const active = members.filter((m) => m.status === 'active');
  const kinds: FaultKind[] = [];
  if (opts.faults) for (const k of FAULT_KINDS) for (let i = 0; i < (opts.faults[k] ?? 0); i++) kinds.push(k);
  else if (opts.faultShare) {
    const count = Math.round(active.length * opts.faultShare);
    for (let i = 0; i < count; i++) kinds.push(FAULT_KINDS[i % FAULT_KINDS.length]!);
  }
  if (kinds.length > active.length) throw new Error(`${kinds.length} faults for ${active.length} active members`);
  const out = new Map<string, FaultKind>();
  kinds.forEach((k, i) => out.set(active[Math.floor(((i + 0.5) * active.length) / kinds.length)]!.id, k));
  return out;
}

/** A second loopback address for the wrong-address fault: 127.254.y.z, never a member's. */
function elsewhere(address: string): string {
  const [, , c, d] = address.split('.');
  return `127.254.${c}.${d}`;
}

function zoneText(members: readonly FleetMember[], proofLabel: string): string {
  const lines = [`$ORIGIN ${ZONE_ORIGIN}.`, '$TTL 300', '@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300', '@ IN NS ns1', 'ns1 IN A 127.0.0.1'];
  for (const m of members) {
    const label = m.domain.slice(0, -(ZONE_ORIGIN.length + 1));
    for (const a of m.dnsA) lines.push(`${label} IN A ${a}`);
    if (m.proof) lines.push(`${proofLabel}.${label} IN TXT "pmnet-member=${m.id}"`);
  }
  return `${lines.join('\n')}\n`;
}

function liveYaml(bind: BindServer, live: FleetOptions['live'] = {}): string {
  return [
    `  resolvers: ["${bind.address}"]`,
    `  timeout_ms: ${live.timeoutMs ?? 2000}`,
    `  retries: ${live.retries ?? 1}`,
    `  concurrency: ${live.concurrency ?? 64}`,
    '  proof_label: _planetmint',
    `  require_proof: ${live.requireProof ?? 'always'}`,
    `  ca_files: [${CA_FILE}]`,
    '',
  ].join('\n');
}

export async function startLoopbackFleet(opts: FleetOptions): Promise<LoopbackFleet> {
  const pki = testPki();
  const specs = Array.from({ length: opts.n }, (_, k) => memberSpec(k + 1, { addresses: 'loopback', suspended: opts.suspended ?? 0 }));
  const faults = assignFaults(specs, opts);
  const members: FleetMember[] = specs.map((s) => {
    const fault = faults.get(s.id);
    const address = s.ipv4[0]!;
    return { ...s, address, dnsA: [fault === 'wrong-address' ? elsewhere(address) : address], proof: fault !== 'no-proof', ...(fault ? { fault } : {}) };
  });

  const ownRoot = opts.dir === undefined;
  const root = opts.dir ?? mkdtempSync(join(tmpdir(), 'pmnet-fleet-'));
  const running: RunningServer[] = [];
  let bind: BindServer | undefined;
  try {
    // One port for every address: the first listener picks it.
    let port = 0;
    const serve = async (m: FleetMember) => {
      const names = [m.domain, `api.synthetic-consortium.net`, `${m.id}.nodes.synthetic-consortium.net`];
      const base = { addresses: [m.address], domain: m.domain, ...(port ? { port } : {}) };
      if (m.fault === 'timeout') return startServer({ ...base, behaviour: 'silent' });
      if (m.fault === 'reset') return startServer({ ...base, behaviour: 'reset' });
      const validity = m.fault === 'expired' ? { notBefore: new Date(Date.now() - 41 * DAY), notAfter: new Date(Date.now() - DAY) } : {};
      const { cert, chain } = pki.leaf({ cn: m.domain, dns: names, keySpec: 'p256', ...validity });
      return startServer({ ...base, cert: chain, key: cert.keyPem });
    };
    if (members.length) {
      const first = await serve(members[0]!);
      running.push(first);
      port = first.port;
    }
    // Listen in batches: certificates are made synchronously, listening is cheap.
    for (let i = 1; i < members.length; i += 200) {
      running.push(...(await Promise.all(members.slice(i, i + 200).map(serve))));
    }

    // Recursive (RA) and serving the consortium's own domain: the live checks' canary passes.
    bind = await startBind([{ origin: ZONE_ORIGIN, text: zoneText(members, '_planetmint') }, { origin: CONSORTIUM_DOMAIN, text: CONSORTIUM_ZONE }], { recursive: true });
    const networkText = networkYaml({ addresses: 'loopback', liveYaml: liveYaml(bind, opts.live) });
    const byId = new Map(members.map((m) => [m.id, m]));
    const memberText = (id: string) => {
      const m = byId.get(id);
      if (!m) throw new Error(`no fleet member ${id}`);
      return memberYaml(m, port);
    };
    const writeRoot = (dir: string, ids: readonly string[]) => {
      mkdirSync(join(dir, 'members'), { recursive: true });
      writeFileSync(join(dir, 'network.yaml'), networkText);
      writeFileSync(join(dir, CA_FILE), pki.root.pem);
      for (const id of ids) writeFileSync(join(dir, 'members', `${id}.yaml`), memberText(id));
    };
    writeRoot(root, members.map((m) => m.id));
    const dns = bind;
    const down = new Set<string>();
    const setDown = async (id: string, want: boolean) => {
      const i = members.findIndex((m) => m.id === id);
      if (i < 0) throw new Error(`no fleet member ${id}`);
      if (want === down.has(id)) return;
      if (want) {
        await running[i]!.close();
        down.add(id);
      } else {
        running[i] = await serve(members[i]!);
        down.delete(id);
      }
    };
    return {
      root,
      bind: dns,
      port,
      caFile: join(root, CA_FILE),
      caPem: pki.root.pem,
      members,
      networkText,
      memberText,
      writeRoot,
      setDown,
      async stop() {
        await Promise.all(running.filter((_, i) => !down.has(members[i]!.id)).map((r) => r.close()));
        await dns.stop();
        if (ownRoot) rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await Promise.all(running.map((r) => r.close()));
    await bind?.stop();
    if (ownRoot) rmSync(root, { recursive: true, force: true });
    throw err;
  }
}
