// Everything the status site shows, gathered from the consortium directory and the optional
// inputs. Plain data: render.ts turns it into HTML.
import type { Finding } from '../findings.js';
import { sortFindings } from '../findings.js';
import { canonicalName } from '../lib/domain.js';
import { parseIp, formatIPv6 } from '../lib/ip.js';
import { validateOffline } from '../validate.js';
import { defaultZonePath, readIfExists } from '../zone/command-support.js';
import { generateZone } from '../zone/generate.js';
import { fqdn } from '../zone/records.js';
import { parseRendered } from '../zone/render.js';
import { governanceHistory, type HistoryEntry } from './history.js';
import type { Audit, CertificateRow, Health, HealthPoint } from './inputs.js';

export interface SiteMember {
  id: string;
  organization: string;
  country?: string;
  website?: string;
  status: string;
  domain: string;
  addresses: string[];
  inRotation: boolean;
  health: HealthPoint[];
  certificates: CertificateRow[];
  errors: number;
}

export interface SiteData {
  name: string;
  domain: string;
  sharedName: string;
  generatedAt: string;
  members: SiteMember[];
  findings: Finding[];
  /** When the live findings and certificates were checked (audit input), if known. */
  checkedAt?: string;
  hasHealth: boolean;
  hasCertificates: boolean;
  zone?: string;
  history?: HistoryEntry[];
  repoUrl?: string;
}

export interface CollectOptions {
  root: string;
  health?: Health | undefined;
  audit?: Audit | undefined;
  now?: Date;
  repoUrl?: string | undefined;
  /** false: do not read git history (tests of a directory that is not a checkout). */
  history?: boolean;
}

function canonicalIp(text: string): string {
  const p = parseIp(text);
  if (!p.ok) return text;
  return p.ip.family === 4 ? text : formatIPv6(p.ip.bytes);
}

export async function collectSite(o: CollectOptions): Promise<SiteData> {
  const now = o.now ?? new Date();
  const v = await validateOffline({ root: o.root });
  const net = v.network?.data;
  if (!v.network || !net) throw new (await import('../commands/args.js')).UsageError('network.yaml has errors: run pmnet validate and fix them first');
  const network = v.network.model;

  let zone = readIfExists(defaultZonePath(o.root, network));
  if (zone === undefined && v.model) zone = generateZone(v.model.network, v.model.members, undefined, now).text;
  const shared = new Set<string>();
  const parsed = zone ? parseRendered(zone) : undefined;
  for (const s of parsed?.sets ?? []) if (s.name === fqdn(network.sharedName) && (s.type === 'A' || s.type === 'AAAA')) for (const x of s.values) shared.add(x);

  const findings = [...v.findings, ...(o.audit?.findings ?? [])];
  sortFindings(findings);
  // Indexed once: a scan per member was quadratic at thousands of members, findings and certificates.
  const errorsIn = new Map<string, number>();
  const badWebsite = new Set<string>();
  for (const f of findings) {
    if (f.severity === 'error') errorsIn.set(f.file, (errorsIn.get(f.file) ?? 0) + 1);
    if (f.rule === 'member/website-url') badWebsite.add(f.file);
  }
  const certificatesOf = new Map<string, NonNullable<CollectOptions['audit']>['certificates']>();
  for (const c of o.audit?.certificates ?? []) {
    const list = certificatesOf.get(c.member) ?? [];
    certificatesOf.set(c.member, list);
    list.push(c);
  }

  const members: SiteMember[] = v.members
    .map((m) => {
      const d = m.data;
      const addresses = [...(d.node.ipv4 ?? []), ...(d.node.ipv6 ?? [])].map(canonicalIp);
      const sm: SiteMember = {
        id: d.id,
        organization: d.organization.name,
        status: d.status,
        domain: canonicalName(d.node.domain) ?? d.node.domain,
        addresses,
        inRotation: d.status === 'active' && addresses.some((a) => shared.has(a)),
        health: o.health?.get(d.id) ?? [],
        certificates: (certificatesOf.get(d.id) ?? []).sort((a, b) => Date.parse(a.notAfter) - Date.parse(b.notAfter)),
        errors: errorsIn.get(m.source.file) ?? 0,
      };
      if (d.organization.country) sm.country = d.organization.country;
      if (d.organization.website && !badWebsite.has(m.source.file)) sm.website = d.organization.website;
      return sm;
    })
    .sort((a, b) => (a.id < b.id ? -1 : 1));

  const data: SiteData = {
    name: net.name,
    domain: network.domain,
    sharedName: network.sharedName,
    generatedAt: now.toISOString(),
    members,
    findings,
    hasHealth: o.health !== undefined,
    hasCertificates: o.audit !== undefined && o.audit.certificates.length > 0,
  };
  if (o.audit) data.checkedAt = o.audit.checkedAt;
  if (zone !== undefined) data.zone = zone;
  if (o.history !== false) {
    const h = governanceHistory(o.root);
    if (h) data.history = h;
  }
  if (o.repoUrl) data.repoUrl = o.repoUrl;
  return data;
}
