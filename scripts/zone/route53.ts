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

export interface Route53ChangeBatch {
  Comment: string;
  Changes: Array<{
    Action: 'UPSERT';
    ResourceRecordSet: {
      Name: string;
      Type: 'CNAME';
      SetIdentifier: string;
      Weight: number;
      TTL: number;
      ResourceRecords: Array<{ Value: string }>;
    };
  }>;
}

export function route53ChangeBatch(network: Network, members: readonly Member[], weight = 1): Route53ChangeBatch {
  const name = assertFqdn(fqdn(network.sharedName), 'shared name');
  const ttl = assertUint(network.zone.sharedTtl, MAX_TTL, 'shared TTL');
  assertUint(weight, 255, 'weight');
  const active = activeMembers(members).sort((a, b) => cmp(a.id, b.id));
  if (active.length > ROUTE53_MAX_WEIGHTED) {
    throw new ZoneValueError(`Route 53 allows at most ${ROUTE53_MAX_WEIGHTED} weighted records per name; the network has ${active.length} active members`);
  }
  return {
    Comment: `pmnet: weighted CNAMEs at ${name} for ${active.length} active member(s)`,
    Changes: active.map((m) => {
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
    }),
  };
}

export function route53ToJson(batch: Route53ChangeBatch): string {
  return JSON.stringify(batch, null, 2) + '\n';
}
