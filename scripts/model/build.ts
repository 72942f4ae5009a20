// Schema-shaped data -> canonical model. Runs after the schema passed; values that rules
// reject still get a best-effort canonical form so every rule can compare them.
import { canonicalName } from '../lib/domain.js';
import { parseIp, unwrapMapped } from '../lib/ip.js';
import { P2P_PORT, parseP2pAddress } from '../tendermint/address.js';
import type { MemberData, NetworkData } from '../rules/types.js';
import type { AddressClass, Member, Network, Threshold } from './types.js';

const name = (s: string) => canonicalName(s) ?? s.toLowerCase();

function canonicalIps(list: string[] | undefined): string[] {
  return (list ?? []).map((t) => {
    const r = parseIp(t);
    return r.ok ? (unwrapMapped(r.ip) ?? r.ip).text : t;
  });
}

const DEFAULT_THRESHOLDS: Record<'join' | 'update' | 'leave' | 'governance', Threshold> = {
  join: { fraction: [2, 3], min: 1 },
  governance: { fraction: [2, 3], min: 1 },
  update: { fraction: [0, 1], min: 1 },
  leave: { fraction: [0, 1], min: 0 },
};

function threshold(kind: 'join' | 'update' | 'leave' | 'governance', t: { fraction?: string; min?: number } | undefined): Threshold {
  const d = DEFAULT_THRESHOLDS[kind];
  const m = t?.fraction ? /^(\d+)\/(\d+)$/.exec(t.fraction) : null;
  return { fraction: m ? [Number(m[1]), Number(m[2])] : d.fraction, min: t?.min ?? d.min };
}

export function buildNetwork(d: NetworkData): Network {
  const domain = name(d.domain);
  return {
    name: d.name,
    domain,
    sharedName: name(d.shared_name),
    memberLabel: d.member_names,
    zone: {
      ttl: d.zone.ttl,
      sharedTtl: d.zone.shared_ttl,
      sharedMaxAddresses: d.zone.shared_max_addresses,
      memberTtl: d.zone.member_ttl,
      soa: { ...d.zone.soa, mname: name(d.zone.soa.mname), rname: name(d.zone.soa.rname) },
      nameservers: d.zone.nameservers.map((ns) => ({ name: name(ns.name), ipv4: canonicalIps(ns.ipv4), ipv6: canonicalIps(ns.ipv6) })),
      guard: { maxChangePercent: d.zone.guard.max_change_percent, minRecords: d.zone.guard.min_records },
    },
    policy: {
      allowAddressClasses: d.policy.allow_address_classes as AddressClass[],
      allowSpecialUseNames: d.policy.allow_special_use_names,
      diversity: { ipv4Prefix: d.policy.diversity.ipv4_prefix, ipv6Prefix: d.policy.diversity.ipv6_prefix },
    },
    governance: {
      join: threshold('join', d.governance.join),
      update: threshold('update', d.governance.update),
      leave: threshold('leave', d.governance.leave),
      governance: threshold('governance', d.governance.governance),
      founding: { members: d.governance.founding?.members ?? 0, approvers: d.governance.founding?.approvers ?? [] },
    },
    tendermint: {
      ...(d.tendermint.chain_id !== undefined ? { chainId: d.tendermint.chain_id } : {}),
      ...(d.tendermint.genesis_time !== undefined ? { genesisTime: d.tendermint.genesis_time } : {}),
      version: d.tendermint.version,
      defaultPower: d.tendermint.default_power,
      maxPeers: d.tendermint.max_peers,
    },
    live: {
      resolvers: d.live.resolvers,
      timeoutMs: d.live.timeout_ms,
      retries: d.live.retries,
      concurrency: d.live.concurrency,
      proofLabel: d.live.proof_label,
      requireProof: d.live.require_proof,
      certificateWarningDays: d.live.certificate_warning_days,
      sharedNameCoverage: d.live.shared_name_coverage,
      caFiles: d.live.ca_files,
    },
    health: {
      rotationMinScore: d.health.rotation_min_score,
      minInRotation: d.health.min_in_rotation,
      maxRotationLeaves: d.health.max_rotation_leaves,
      issueOpenAt: d.health.issue_open_at,
      issueCloseAt: d.health.issue_close_at,
    },
  };
}

export function buildMember(d: MemberData, file: string): Member {
  const domain = name(d.node.domain);
  let api = `https://${domain}/`;
  let apiPort = 443;
  if (d.node.api) {
    const u = new URL(d.node.api);
    api = u.href;
    apiPort = u.port ? Number(u.port) : 443;
  }
  const member: Member = {
    id: d.id,
    file,
    organization: { name: d.organization.name, ...(d.organization.country ? { country: d.organization.country } : {}) },
    contacts: d.contacts.map((c) => ({ ...c })),
    github: d.github.map((g) => g.toLowerCase()),
    status: d.status,
    node: {
      domain,
      ipv4: canonicalIps(d.node.ipv4),
      ipv6: canonicalIps(d.node.ipv6),
      api,
      apiPort,
      certificatePins: d.node.certificate_pins ?? [],
    },
  };
  const t = d.node.tendermint;
  if (t) {
    const p2p = parseP2pAddress(t.p2p_address ?? domain);
    member.node.tendermint = {
      ...(t.node_id !== undefined ? { nodeId: t.node_id.toLowerCase() } : {}),
      ...(t.pub_key !== undefined ? { pubKey: t.pub_key } : {}),
      ...(t.address !== undefined ? { address: t.address.toUpperCase() } : {}),
      p2p: p2p.ok ? { host: p2p.host, port: p2p.port } : { host: domain, port: P2P_PORT },
      ...(t.power !== undefined ? { power: t.power } : {}),
    };
  }
  return member;
}
