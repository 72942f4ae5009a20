// Hand-made models and a tiny rule runner for the DNS tests (until the lead's runner exists).
import { loadYaml } from '../../scripts/load/source.js';
import type { Member, Network } from '../../scripts/model/types.js';
import type { LiveMember, LiveRule, MemberData, MemberSource, NetworkData, NetworkSource, Report } from '../../scripts/rules/types.js';
import type { DnsFacts } from '../../scripts/live/dns/facts.js';
import { formatMessage } from '../../scripts/rules/message.js';
import type { Path } from '../../scripts/load/source.js';
import { DEFAULT_HEALTH } from '../../scripts/health/score.js';

export function network(live: Partial<Network['live']> = {}): Network {
  return {
    name: 'Test network',
    domain: 'consortium.test',
    sharedName: 'api.consortium.test',
    memberLabel: 'nodes',
    zone: {
      ttl: 300,
      sharedTtl: 60,
      memberTtl: 300,
      soa: { mname: 'ns1.consortium.test', rname: 'hostmaster.consortium.test', refresh: 7200, retry: 3600, expire: 1209600, minimum: 300 },
      nameservers: [{ name: 'ns1.consortium.test', ipv4: ['127.0.0.1'], ipv6: [] }],
      guard: { maxChangePercent: 30, minRecords: 10 },
    },
    policy: { allowAddressClasses: ['documentation'], allowSpecialUseNames: ['test'], diversity: { ipv4Prefix: 24, ipv6Prefix: 48 } },
    governance: {
      join: { fraction: [2, 3], min: 1 },
      update: { fraction: [1, 2], min: 1 },
      leave: { fraction: [2, 3], min: 1 },
      governance: { fraction: [2, 3], min: 1 },
    },
    live: {
      resolvers: [],
      timeoutMs: 1000,
      retries: 1,
      concurrency: 64,
      proofLabel: '_planetmint',
      requireProof: 'join',
      certificateWarningDays: 21,
      sharedNameCoverage: 'notice',
      caFiles: [],
      ...live,
    },

    health: { ...DEFAULT_HEALTH },
  };
}

export function member(id: string, domain: string, ipv4: string[] = [], ipv6: string[] = [], status: Member['status'] = 'active'): Member {
  return {
    id,
    file: `members/${id}.yaml`,
    organization: { name: id },
    contacts: [{ email: `ops@${domain}` }],
    github: [id],
    status,
    node: { domain, ipv4, ipv6, api: `https://${domain}/`, apiPort: 443, certificatePins: [] },
  };
}

function memberSource(m: Member): MemberSource {
  const data: MemberData = {
    id: m.id,
    organization: { name: m.organization.name },
    contacts: m.contacts,
    github: m.github,
    status: m.status,
    node: { domain: m.node.domain, ...(m.node.ipv4.length ? { ipv4: m.node.ipv4 } : {}), ...(m.node.ipv6.length ? { ipv6: m.node.ipv6 } : {}) },
  };
  const loaded = loadYaml(m.file, Buffer.from(JSON.stringify(data, null, 2)));
  if (!loaded.ok) throw new Error(`fixture did not load: ${JSON.stringify(loaded.problems)}`);
  return { id: m.id, source: loaded.source, data, model: m };
}

function networkSource(n: Network): NetworkSource {
  const loaded = loadYaml('network.yaml', Buffer.from(JSON.stringify({ name: n.name, domain: n.domain })));
  if (!loaded.ok) throw new Error('network fixture did not load');
  return { source: loaded.source, data: {} as NetworkData, model: n };
}

export interface Got {
  rule: string;
  severity: string;
  messageId: string;
  message: string;
  data: Record<string, unknown>;
  path?: Path;
  member: string;
}

/** Runs the live rules like the lead's runner will: fill templates, apply severity overrides. */
export function runRules(rules: readonly LiveRule[], n: Network, members: Member[], facts: Map<string, DnsFacts>, isNew: (id: string) => boolean = () => false): Got[] {
  const ns = networkSource(n);
  const live: LiveMember[] = members.map((m) => ({ source: memberSource(m), model: m, isNew: isNew(m.id), facts: { dns: facts.get(m.id)! } }));
  const out: Got[] = [];
  for (const rule of rules) {
    const make = (owner: LiveMember) => (r: Report) => {
      const template = rule.meta.messages[r.messageId];
      if (template === undefined) throw new Error(`${rule.meta.id}: unknown messageId ${r.messageId}`);
      for (const [, k] of template.matchAll(/\{(\w+)\}/g)) if (!r.data || !(k! in r.data)) throw new Error(`${rule.meta.id}/${r.messageId}: no data for {${k}}`);
      const message = formatMessage(template, r.data);
      out.push({ rule: rule.meta.id, severity: r.severity ?? rule.meta.severity, messageId: r.messageId, message, data: r.data ?? {}, ...(r.path ? { path: r.path } : {}), member: r.member?.id ?? owner.source.id });
    };
    if (rule.scope === 'live-member') {
      for (const lm of live) rule.check({ network: ns, report: make(lm), member: lm });
    } else {
      rule.check({ network: ns, report: make(live[0]!), members: live });
    }
  }
  return out;
}

const big = Array.from({ length: 100 }, (_, i) => `big IN A 198.18.0.${i + 1}`).join('\n');

/** The nodes.test zone the BIND tests serve: one name per case. */
export const NODES = `$ORIGIN nodes.test.
$TTL 300
@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300
@ IN NS ns1
ns1 IN A 127.0.0.1
ok IN A 192.0.2.10
ok IN AAAA 2001:db8::10
_planetmint.ok IN TXT "pmnet-member=ok"
partial IN A 192.0.2.20
partial IN A 192.0.2.99
_planetmint.partial IN TXT "pmnet-member=partial"
v6only IN AAAA 2001:db8::30
_planetmint.v6only IN TXT "pmnet-member=v6only"
chain IN CNAME hop1
hop1 IN CNAME hop2.nodes.test.
hop2 IN A 192.0.2.40
_planetmint.chain IN TXT "pmnet-member=chain"
loop1 IN CNAME loop2
loop2 IN CNAME loop1
_planetmint.loop1 IN TXT "pmnet-member=loop"
${big}
_planetmint.big IN TXT "pmnet-member=big"
noproof IN A 192.0.2.50
other IN A 192.0.2.60
_planetmint.other IN TXT "pmnet-member=someone-else"
multi IN A 192.0.2.70
_planetmint.multi IN TXT "pmnet-" "member=multi"
_planetmint.multi IN TXT "v=unrelated"
ext IN CNAME www.elsewhere.test.
gone IN CNAME nothing.elsewhere.test.
`;
