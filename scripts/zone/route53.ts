// Route 53 change batch: weighted CNAMEs at the shared name, one per active member.
// Weighted record sets (same name and type, unique SetIdentifier) are how a provider can serve
// "several CNAMEs at one name": it answers each query with one of them. An RFC 1035 zone file
// cannot hold them, so they exist only in this export.
import type { Member, Network } from '../model/types.js';
import { assertFqdn, assertUint, MAX_TTL, ZoneValueError } from './canonical.js';
import { activeMembers, cmp, fqdn } from './records.js';

/** Route 53 allows at most 100 weighted records with the same name and type. */
export const ROUTE53_MAX_WEIGHTED = 100;
const SET_ID = /^[a-z0-9](?:[a-z0-9-]{0,126}[a-z0-9])?$/;

export interface Route53RecordSet {
  Name: string;
  Type: 'CNAME';
  SetIdentifier: string;
  Weight: number;
  TTL: number;
  ResourceRecords: Array<{ Value: string }>;
}

export interface Route53ChangeBatch {
  Comment: string;
  Changes: Array<{ Action: 'UPSERT' | 'DELETE'; ResourceRecordSet: Route53RecordSet }>;
}

/**
 * The hosted zone's current weighted CNAMEs at the shared name, from the JSON of
 * `aws route53 list-resource-record-sets --hosted-zone-id ID` (every page; the AWS CLI
 * follows them). A DELETE must repeat a record set exactly, so these are kept verbatim.
 */
export function parseRoute53Listing(text: string, network: Network): Route53RecordSet[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new ZoneValueError(`the Route 53 listing is not JSON: ${(err as Error).message}`);
  }
  const sets = (doc as { ResourceRecordSets?: unknown })?.ResourceRecordSets;
  if (!Array.isArray(sets)) throw new ZoneValueError('the Route 53 listing has no ResourceRecordSets array (expected the output of aws route53 list-resource-record-sets)');
  if ((doc as { IsTruncated?: unknown }).IsTruncated === true) {
    throw new ZoneValueError('the Route 53 listing is truncated (IsTruncated: true): list every page (the AWS CLI does unless --max-items is given); deleting from a partial list could miss records');
  }
  const name = fqdn(network.sharedName);
  const out: Route53RecordSet[] = [];
  for (const [i, r] of sets.entries()) {
    const rec = r as Partial<Route53RecordSet> | null;
    if (!rec || typeof rec.Name !== 'string') throw new ZoneValueError(`ResourceRecordSets[${i}] has no Name`);
    if (rec.Name.toLowerCase() !== name || rec.Type !== 'CNAME' || rec.SetIdentifier === undefined) continue;
    const values = rec.ResourceRecords;
    if (typeof rec.SetIdentifier !== 'string' || !Number.isInteger(rec.Weight) || !Number.isInteger(rec.TTL) || !Array.isArray(values) || !values.every((v) => typeof v?.Value === 'string')) {
      throw new ZoneValueError(`ResourceRecordSets[${i}] (${rec.Name} CNAME) is not a weighted record set with SetIdentifier, Weight, TTL and ResourceRecords`);
    }
    out.push({ Name: rec.Name, Type: 'CNAME', SetIdentifier: rec.SetIdentifier, Weight: rec.Weight!, TTL: rec.TTL!, ResourceRecords: values.map((v) => ({ Value: v.Value })) });
  }
  return out;
}

/**
 * UPSERTs for every active member; with `current` (parseRoute53Listing), also a DELETE for
 * every weighted CNAME at the shared name whose SetIdentifier is no active member (a member
 * who left or was suspended). Without it the batch cannot know what to delete.
 */
export function route53ChangeBatch(network: Network, members: readonly Member[], weight = 1, current?: readonly Route53RecordSet[]): Route53ChangeBatch {
  const name = assertFqdn(fqdn(network.sharedName), 'shared name');
  const ttl = assertUint(network.zone.sharedTtl, MAX_TTL, 'shared TTL');
  assertUint(weight, 255, 'weight');
  const active = activeMembers(members).sort((a, b) => cmp(a.id, b.id));
  if (active.length > ROUTE53_MAX_WEIGHTED) {
    throw new ZoneValueError(`Route 53 allows at most ${ROUTE53_MAX_WEIGHTED} weighted records per name; the network has ${active.length} active members`);
  }
  const keep = new Set(active.map((m) => m.id));
  const deletes = (current ?? []).filter((r) => !keep.has(r.SetIdentifier)).map((r) => ({ Action: 'DELETE' as const, ResourceRecordSet: r }));
  return {
    Comment: `pmnet: weighted CNAMEs at ${name} for ${active.length} active member(s)${current ? `; ${deletes.length} record set(s) of members no longer active deleted` : ''}`,
    Changes: [...deletes, ...active.map((m) => {
      if (!SET_ID.test(m.id)) throw new ZoneValueError(`refusing to use member id ${JSON.stringify(m.id)} as a SetIdentifier`);
      return {
        Action: 'UPSERT' as const,
        ResourceRecordSet: {
          Name: name,
          Type: 'CNAME' as const,
          SetIdentifier: m.id,
          Weight: weight,
          TTL: ttl,
          ResourceRecords: [{ Value: assertFqdn(fqdn(m.node.domain), `node domain of ${m.id}`) }],
        },
      };
    })],
  };
}

export function route53ToJson(batch: Route53ChangeBatch): string {
  return JSON.stringify(batch, null, 2) + '\n';
}
