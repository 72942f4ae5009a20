// Hand-built validated models (what validateOffline hands to the zone code).
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Member, Network } from '../../scripts/model/types.js';
import { checkZone, checkZoneStrict } from '../harness/bind.js';
import { DEFAULT_HEALTH } from '../../scripts/health/score.js';

export function exampleNetwork(over: Partial<Network['zone']> = {}): Network {
  return {
    name: 'BDB example network',
    domain: 'bdbnetwork.io',
    sharedName: 'api.bdbnetwork.io',
    memberLabel: 'nodes',
    zone: {
      ttl: 3600,
      sharedTtl: 60,
      memberTtl: 300,
      soa: { mname: 'ns1.bdbnetwork.io', rname: 'hostmaster.bdbnetwork.io', refresh: 7200, retry: 3600, expire: 1209600, minimum: 300 },
      nameservers: [
        { name: 'ns1.bdbnetwork.io', ipv4: ['192.0.2.53'], ipv6: ['2001:db8::53'] },
        { name: 'ns.dns-host.example', ipv4: [], ipv6: [] },
      ],
      guard: { maxChangePercent: 30, minRecords: 10 },
      ...over,
    },
    policy: { allowAddressClasses: ['documentation'], allowSpecialUseNames: ['example'], diversity: { ipv4Prefix: 24, ipv6Prefix: 48 } },
    governance: {
      join: { fraction: [2, 3], min: 1 },
      update: { fraction: [1, 2], min: 1 },
      leave: { fraction: [2, 3], min: 1 },
      governance: { fraction: [2, 3], min: 1 },
    },
    live: {
      resolvers: [],
      timeoutMs: 2000,
      retries: 1,
      concurrency: 8,
      proofLabel: '_pmnet',
      requireProof: 'join',
      certificateWarningDays: 21,
      sharedNameCoverage: 'notice',
      caFiles: [],
    },

    health: { ...DEFAULT_HEALTH },
  };
}

export function member(id: string, domain: string, ipv4: string[], ipv6: string[] = [], status: Member['status'] = 'active'): Member {
  return {
    id,
    file: `members/${id}.yaml`,
    organization: { name: id.toUpperCase() },
    contacts: [{ email: `ops@${domain}` }],
    github: [id],
    status,
    node: { domain, ipv4, ipv6, api: `https://${domain}/`, apiPort: 443, certificatePins: [] },
  };
}

export function exampleMembers(): Member[] {
  return [
    member('abc-org73', 'abc-org73.net', ['192.0.2.10'], ['2001:db8:10::1']),
    member('dynabob8', 'api.dynabob8.io', ['198.51.100.20'], ['2001:db8:20::1']),
    member('figmentdb3', 'figmentdb3.ninja', ['203.0.113.30', '203.0.113.31'], []),
  ];
}

/** Synthetic members with distinct documentation addresses. */
export function manyMembers(n: number): Member[] {
  const out: Member[] = [];
  for (let i = 0; i < n; i++) {
    const id = `member-${String(i).padStart(5, '0')}`;
    out.push(member(id, `${id}.example`, [`198.51.100.${i % 256}`, `203.0.113.${(i >> 8) % 256}`], [`2001:db8:${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}::1`]));
  }
  return out;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'pmnet-zone-test-'));
}

/** Writes the text and runs named-checkzone in strict mode (or, with strict false, its defaults). */
export function strictCheck(origin: string, text: string, strict = true): { ok: boolean; output: string } {
  const f = join(tempDir(), 'zone');
  writeFileSync(f, text);
  return strict ? checkZoneStrict(origin, f) : checkZone(origin, f);
}

/** The zone shapes the issue lists; each must pass named-checkzone and be served by named. */
export function zoneCases(): Array<[string, Network, Member[]]> {
  const net = exampleNetwork();
  const outOnly = exampleNetwork({ nameservers: [{ name: 'ns1.dns-host.example', ipv4: [], ipv6: [] }, { name: 'ns2.dns-host.example', ipv4: [], ipv6: [] }] });
  outOnly.zone.soa.mname = 'ns1.dns-host.example';
  const inOnly = exampleNetwork({
    nameservers: [
      { name: 'ns1.bdbnetwork.io', ipv4: ['192.0.2.53'], ipv6: [] },
      { name: 'ns2.bdbnetwork.io', ipv4: [], ipv6: ['2001:db8::54'] },
    ],
  });
  return [
    ['example network', net, exampleMembers()],
    ['IPv6-only members', net, [member('six-a', 'six-a.example', [], ['2001:db8:a::1']), member('six-b', 'six-b.example', [], ['2001:db8:b::1', '2001:db8:b::2'])]],
    ['one member', net, [member('solo', 'solo.example', ['192.0.2.1'])]],
    ['all members suspended', net, exampleMembers().map((m) => ({ ...m, status: 'suspended' as const }))],
    ['name servers only outside the zone', outOnly, exampleMembers()],
    ['name servers only inside the zone', inOnly, exampleMembers()],
    ['IDN member domain', net, [member('muenchen', 'xn--mnchen-3ya.example', ['192.0.2.1']), member('buecher', 'api.xn--bcher-kva.example', [], ['2001:db8::b'])]],
    ["memberLabel ''", { ...net, memberLabel: '' }, exampleMembers()],
  ];
}

