// The validated model: what generators (zone, plan) and live checks read.
// Every value here is canonical: lower-case ASCII names without trailing dot, re-serialised IPs.

export type AddressClass = 'documentation' | 'private' | 'loopback' | 'shared' | 'link-local' | 'benchmarking';

export interface NameServer {
  /** FQDN, canonical (no trailing dot). */
  name: string;
  /** Glue addresses; only for name servers inside the consortium zone. */
  ipv4: string[];
  ipv6: string[];
}

export interface Soa {
  /** Primary name server (FQDN). */
  mname: string;
  /** Responsible mailbox in DNS form (hostmaster.example.org). */
  rname: string;
  refresh: number;
  retry: number;
  expire: number;
  /** Negative-caching TTL (RFC 2308). */
  minimum: number;
}

export interface Threshold {
  /** Fraction of the other active member organizations, as [numerator, denominator]. */
  fraction: [number, number];
  /** At least this many approvals regardless of the fraction. */
  min: number;
}

export interface Network {
  name: string;
  /** Consortium DNS domain, e.g. example-network.org. */
  domain: string;
  /** The shared "random node" name (FQDN inside domain), e.g. api.example-network.org. */
  sharedName: string;
  /** Label under which per-member CNAMEs live: <id>.<memberLabel>.<domain>; '' means <id>.<domain>. */
  memberLabel: string;
  zone: {
    ttl: number;
    sharedTtl: number;
    /** Most addresses per type at the shared name; 'fit' (default): what fits a 1,232-byte UDP answer. */
    sharedMaxAddresses?: number | 'fit';
    memberTtl: number;
    soa: Soa;
    nameservers: NameServer[];
    guard: { maxChangePercent: number; minRecords: number };
  };
  policy: {
    allowAddressClasses: AddressClass[];
    /** Special-use suffixes allowed for node domains, e.g. ['test']. */
    allowSpecialUseNames: string[];
    diversity: { ipv4Prefix: number; ipv6Prefix: number };
  };
  governance: {
    join: Threshold;
    update: Threshold;
    leave: Threshold;
    /** Governance changes (anything outside members/ and zone/). */
    governance: Threshold;
    /** While fewer than `members` active members exist, one approval by an approver suffices. */
    founding?: { members: number; approvers: string[] };
  };
  /** Always set by buildNetwork; optional only so hand-built test networks may leave it out. */
  tendermint?: TendermintSettings;
  live: {
    /** host or host:port or [v6]:port */
    resolvers: string[];
    timeoutMs: number;
    retries: number;
    concurrency: number;
    proofLabel: string;
    /** When the TXT proof is required: for new members (join), always, or never. */
    requireProof: 'join' | 'always' | 'never';
    certificateWarningDays: number;
    sharedNameCoverage: 'notice' | 'warning';
    /** Extra trust anchors (PEM files, relative to the root) for test networks. */
    caFiles: string[];
  };
  /** Node health thresholds (scripts/health/, docs/health.md). */
  health: HealthSettings;
}

export interface HealthSettings {
  /** In the shared name's rotation at this score or above. */
  rotationMinScore: number;
  /** Never fewer members in the rotation (the best-scoring stay). */
  minInRotation: number;
  /** Most members one health update takes out of the rotation. */
  maxRotationLeaves: number;
  /** An issue opens at or below this score... */
  issueOpenAt: number;
  /** ...and closes at or above this one. */
  issueCloseAt: number;
}

export interface Member {
  id: string;
  /** Path relative to the root: members/<id>.yaml */
  file: string;
  organization: { name: string; country?: string };
  contacts: { email: string; name?: string; role?: string }[];
  /** GitHub logins, lower-cased. */
  github: string[];
  status: 'active' | 'suspended';
  node: {
    domain: string;
    ipv4: string[];
    ipv6: string[];
    /** https URL, default https://<domain>/ */
    api: string;
    apiPort: number;
    tendermint?: MemberTendermint;
    certificatePins: string[];
  };
}

export interface MemberTendermint {
  /** Lower-case hex node ID (from the node key). */
  nodeId?: string;
  /** base64 Ed25519 validator key. */
  pubKey?: string;
  /** Declared validator address, upper-cased; checked against pubKey. */
  address?: string;
  /** P2P host (canonical name or IP) and port; default node domain, 26656. */
  p2p: { host: string; port: number };
  /** Declared voting power; undefined takes network tendermint.defaultPower. */
  power?: number;
}

export interface TendermintSettings {
  /** Unset until the network is set up: genesis generation and the live chain check need it. */
  chainId?: string;
  /** RFC 3339 UTC; once past, the chain exists and validator changes happen on-chain. */
  genesisTime?: string;
  version: string;
  defaultPower: number;
  /** Most nodes one persistent_peers line lists (tendermint/peer-graph.ts). */
  maxPeers: number;
}
