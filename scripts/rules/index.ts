// Every rule, in one explicit sorted list. Adding a rule = one file + one line here.
import { LOAD_META, LOAD_MESSAGES } from '../load/source.js';
import apiUrl from './member/api-url.js';
import contactEmail from './member/contact-email.js';
import countryCode from './member/country-code.js';
import domainCanonical from './member/domain-canonical.js';
import domainInConsortiumZone from './member/domain-in-consortium-zone.js';
import domainMixedScript from './member/domain-mixed-script.js';
import domainSpecialUse from './member/domain-special-use.js';
import domainSyntax from './member/domain-syntax.js';
import fileNameMatchesId from './member/file-name-matches-id.js';
import githubLogin from './member/github-login.js';
import idSyntax from './member/id-syntax.js';
import ipNotPublic from './member/ip-not-public.js';
import ipSyntax from './member/ip-syntax.js';
import ipWrongFamily from './member/ip-wrong-family.js';
import nameCollision from './member/name-collision.js';
import networkDiversity from './member/network-diversity.js';
import noAddress from './member/no-address.js';
import plainText from './member/plain-text.js';
import uniqueDomain from './member/unique-domain.js';
import uniqueGithub from './member/unique-github.js';
import uniqueId from './member/unique-id.js';
import uniqueIp from './member/unique-ip.js';
import websiteUrl from './member/website-url.js';
import zoneNameLength from './member/zone-name-length.js';
import networkDomain from './network/domain.js';
import networkGovernance from './network/governance.js';
import networkHealthSettings from './network/health-settings.js';
import networkLiveSettings from './network/live-settings.js';
import networkMemberNames from './network/member-names.js';
import networkNameservers from './network/nameservers.js';
import networkRelaxedPolicy from './network/relaxed-policy.js';
import networkSharedName from './network/shared-name.js';
import networkSharedNameSize from './network/shared-name-size.js';
import networkSoa from './network/soa.js';
import networkTtlRange from './network/ttl-range.js';
import { schemaRules } from './schema/index.js';
import tendermintAddressMismatch from './tendermint/address-mismatch.js';
import tendermintCountryPower from './tendermint/country-power.js';
import tendermintFewValidators from './tendermint/few-validators.js';
import tendermintOrganizationPower from './tendermint/organization-power.js';
import tendermintP2pAddress from './tendermint/p2p-address.js';
import { powerChangeMeta } from './tendermint/power-change.js';
import tendermintPubKey from './tendermint/pub-key.js';
import tendermintSameKey from './tendermint/same-key.js';
import tendermintUniqueNodeId from './tendermint/unique-node-id.js';
import tendermintUniquePubKey from './tendermint/unique-pub-key.js';
import type { OfflineRule, RuleMeta } from './types.js';

export const offlineRules: OfflineRule[] = [
  apiUrl,
  contactEmail,
  countryCode,
  domainCanonical,
  domainInConsortiumZone,
  domainMixedScript,
  domainSpecialUse,
  domainSyntax,
  fileNameMatchesId,
  githubLogin,
  idSyntax,
  ipNotPublic,
  ipSyntax,
  ipWrongFamily,
  nameCollision,
  networkDiversity,
  noAddress,
  plainText,
  uniqueDomain,
  uniqueGithub,
  uniqueId,
  uniqueIp,
  websiteUrl,
  zoneNameLength,
  networkDomain,
  networkGovernance,
  networkHealthSettings,
  networkLiveSettings,
  networkMemberNames,
  networkNameservers,
  networkRelaxedPolicy,
  networkSharedName,
  networkSharedNameSize,
  networkSoa,
  networkTtlRange,
  tendermintAddressMismatch,
  tendermintCountryPower,
  tendermintFewValidators,
  tendermintOrganizationPower,
  tendermintP2pAddress,
  tendermintPubKey,
  tendermintSameKey,
  tendermintUniqueNodeId,
  tendermintUniquePubKey,
];

/** Rules that judge a change against its base, not one tree (run by pr-check and pmnet tendermint plan). */
export const changeRules: RuleMeta[] = [powerChangeMeta];

/** Findings the framework itself emits. */
export const internalRules: RuleMeta[] = [
  {
    id: 'internal/rule-crashed',
    severity: 'error',
    description: 'A rule threw instead of reporting: a bug in pmnet, never in your file.',
    messages: { crashed: 'pmnet rule {rule} failed on this file ({detail}). This is a bug in pmnet; please report it with the file.' },
  },
];

const loadRules: RuleMeta[] = Object.keys(LOAD_MESSAGES).map((id) => ({
  id,
  severity: 'error' as const,
  description: LOAD_META[id]!.description,
  ...(LOAD_META[id]!.citation ? { citation: LOAD_META[id]!.citation } : {}),
  messages: LOAD_MESSAGES[id]!,
}));

/** Metadata of every rule, live ones included once registered by registerLiveRules. */
export const ruleMeta = new Map<string, RuleMeta>();

export function registerMeta(list: RuleMeta[]): void {
  for (const m of list) {
    if (!/^[a-z][a-z0-9]*\/[a-z0-9]+(?:-[a-z0-9]+)*$/.test(m.id)) throw new Error(`rule id ${m.id} is not area/kebab-case`);
    if (ruleMeta.has(m.id)) throw new Error(`duplicate rule id ${m.id}`);
    if (!m.description || !Object.keys(m.messages).length) throw new Error(`rule ${m.id} lacks a description or messages`);
    ruleMeta.set(m.id, m);
  }
}

registerMeta([...loadRules, ...schemaRules, ...offlineRules.map((r) => r.meta), ...changeRules, ...internalRules]);
