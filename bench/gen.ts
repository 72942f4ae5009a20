// Synthetic consortium networks of N members: valid files with realistic variety
// (IPv4 and IPv6, IDN domains, suspended members), for benchmarks and scale tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { domainToASCII } from 'node:url';

export interface GenOptions {
  /** 'public': distinct public-looking addresses (offline benchmarks). 'loopback': 127/8 + .test names (live fleet). */
  addresses?: 'public' | 'loopback';
  /** Share of suspended members (0..1). */
  suspended?: number;
  /** Extra network.yaml text appended under live: (e.g. resolvers), each line indented. */
  liveYaml?: string;
  /** Port of the node API (member files get `api: https://<domain>:<port>/`); default 443, no api key. */
  apiPort?: number;
}

export interface GenMember {
  id: string;
  domain: string;
  ipv4: string[];
  ipv6: string[];
  status: 'active' | 'suspended';
}

export function memberSpec(i: number, opts: GenOptions = {}): GenMember {
  const id = `m${String(i).padStart(5, '0')}`;
  const loop = opts.addresses === 'loopback';
  // Every 7th member has an international domain name, stored in A-label form.
  const base = i % 7 === 3 ? domainToASCII(`bücher-${i}`) : `node-${i}`;
  const domain = loop ? `${base}.members.test` : `${base}.operator${i % 97}.net`;
  const hi = (i >> 8) & 0xff;
  const lo = i & 0xff;
  const ipv4 = loop ? [loopbackAddress(i)] : [`11.${hi}.${lo}.10`];
  // Two in five also have IPv6; one in twenty is IPv6-only (public variant only).
  const v6 = loop ? [] : i % 5 < 2 ? [`2a02:ffff:${i.toString(16)}::10`] : [];
  const ipv4Final = !loop && i % 20 === 7 ? [] : ipv4;
  const ipv6Final = !loop && i % 20 === 7 ? [`2a02:ffff:${i.toString(16)}::10`] : v6;
  const status = opts.suspended && i % Math.round(1 / opts.suspended) === 0 ? 'suspended' : 'active';
  return { id, domain, ipv4: ipv4Final, ipv6: ipv6Final, status };
}

/** A distinct 127.x.y.z per index (1..8 million), never .0 or .255 in the last octet. */
export function loopbackAddress(i: number): string {
  const k = i - 1;
  return `127.${1 + Math.floor(k / (254 * 256))}.${Math.floor(k / 254) % 256}.${(k % 254) + 1}`;
}

export function memberYaml(m: GenMember, apiPort?: number): string {
  const list = (xs: string[]) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;
  return `id: ${m.id}
organization:
  name: Operator ${m.id}
  country: DE
contacts:
  - email: ops@${m.domain}
github: [gh-${m.id}]
status: ${m.status}
node:
  domain: ${m.domain}
  ipv4: ${list(m.ipv4)}
  ipv6: ${list(m.ipv6)}
${apiPort === undefined ? '' : `  api: https://${m.domain}:${apiPort}/\n`}`;
}

export function networkYaml(opts: GenOptions = {}): string {
  const loop = opts.addresses === 'loopback';
  return `name: Synthetic network
domain: synthetic-consortium.net
shared_name: api.synthetic-consortium.net
member_names: nodes
zone:
  soa: { mname: ns1.synthetic-consortium.net, rname: hostmaster.synthetic-consortium.net }
  nameservers:
    - name: ns1.synthetic-consortium.net
      ipv4: [${loop ? '127.0.0.1' : '11.255.255.53'}]
policy:
  allow_address_classes: [${loop ? 'loopback' : ''}]
  allow_special_use_names: [${loop ? 'test' : ''}]
  diversity: { ipv4_prefix: 32, ipv6_prefix: 64 }
${opts.liveYaml ? `live:\n${opts.liveYaml}` : ''}`;
}

/** Writes network.yaml and members/*.yaml for N members into dir; returns the member specs. */
export function generateNetwork(dir: string, n: number, opts: GenOptions = {}): GenMember[] {
  mkdirSync(join(dir, 'members'), { recursive: true });
  writeFileSync(join(dir, 'network.yaml'), networkYaml(opts));
  const out: GenMember[] = [];
  for (let i = 1; i <= n; i++) {
    const m = memberSpec(i, opts);
    writeFileSync(join(dir, 'members', `${m.id}.yaml`), memberYaml(m, opts.apiPort));
    out.push(m);
  }
  return out;
}

if (process.argv[1]?.endsWith('bench/gen.js')) {
  const [dir, n, mode] = process.argv.slice(2);
  if (!dir || !n) {
    console.error('usage: node dist/bench/gen.js DIR N [public|loopback]');
    process.exit(2);
  }
  generateNetwork(dir, Number(n), { addresses: mode === 'loopback' ? 'loopback' : 'public', suspended: 0.05 });
}
