// Valid and invalid cases of the tendermint/* offline rules (same table format as rule-cases.ts).
// Member layout: member() lines 1–12, then `extra`: 13 tendermint:, 14 node_id, 15 pub_key, 16 …
import { createHash } from 'node:crypto';
import type { Severity } from '../../scripts/findings.js';
import { ed25519FromSeed, nodeIdOf, validatorAddress } from '../../scripts/tendermint/keys.js';
import type { Content } from '../helpers/consortium.js';
import { member, type Expect, type MemberFields, type RuleCases } from './rule-cases.js';

/** Deterministic example keys: node key and validator key of member n. */
export function keys(n: number): { nodeId: string; pubKey: string; address: string; validatorNodeId: string } {
  const seed = (k: string) => Uint8Array.from(createHash('sha256').update(`rule-cases ${n} ${k}`).digest());
  const node = ed25519FromSeed(seed('node'));
  const val = ed25519FromSeed(seed('validator'));
  return { nodeId: nodeIdOf(node.pub), pubKey: Buffer.from(val.pub).toString('base64'), address: validatorAddress(val.pub), validatorNodeId: nodeIdOf(val.pub) };
}

/** A 32-byte value that is not an Ed25519 point (the old example key). */
const NOT_A_POINT = '3Ku0SnBsZlHGbcTT9yd5vFhRHs0OyD3kkx5GElU/LLo=';

function tm(lines: Record<string, string | number>): string {
  return `  tendermint:\n${Object.entries(lines)
    .map(([k, v]) => `    ${k}: ${v}\n`)
    .join('')}`;
}

/** members v0..v(n-1), each a validator with its own keys; fields per member. */
function validators(n: number, f: (i: number) => MemberFields & { power?: number } = () => ({})): Record<string, Content> {
  const out: Record<string, Content> = {};
  for (let i = 0; i < n; i++) {
    const k = keys(i);
    const { power, ...fields } = f(i);
    out[`v${i}.yaml`] = member({
      id: `v${i}`,
      name: `Org ${i}`,
      country: ['DE', 'US', 'SG', 'CH', 'BR', 'JP'][i % 6]!,
      domain: `v${i}-node.net`,
      email: `ops@v${i}-node.net`,
      github: `[v${i}-ops]`,
      ipv4: `[11.${i}.0.1]`,
      ipv6: '[]',
      extra: tm({ node_id: k.nodeId, pub_key: k.pubKey, ...(power !== undefined ? { power } : {}) }),
      ...fields,
    });
  }
  return out;
}

const Z = 'members/zed.yaml';
const E = (rule: string, severity: Severity, file: string, line: number, column: number, ...has: string[]): Expect => ({ rule, severity, file, line, column, has });

const zedWith = (lines: Record<string, string | number>) => ({ 'zed.yaml': member({ extra: tm(lines) }) });
/** What tendermint/few-validators says next to a case with n < 4 validators. */
const FEW = (n: number) => E('tendermint/few-validators', 'warning', 'network.yaml', 1, 1, `${n} validator(s)`);
const K0 = keys(0);
const K1 = keys(1);

export const tendermintCases: Record<string, RuleCases> = {
  'tendermint/pub-key': {
    valid: [{ name: 'an Ed25519 key from priv_validator_key.json', members: zedWith({ node_id: K0.nodeId, pub_key: K0.pubKey }) }],
    invalid: [
      { name: '32 bytes that are not a curve point', members: zedWith({ node_id: K0.nodeId, pub_key: NOT_A_POINT }), expect: [E('tendermint/pub-key', 'error', Z, 15, 14, 'not a point'), FEW(1)] }, // a declared key of the right shape counts; the curve check is pub-key's
      // The identity (y = 1) and the all-zero encoding (y = 0, a point of order 4).
      { name: 'the identity point', members: zedWith({ node_id: K0.nodeId, pub_key: Buffer.from([1, ...new Array(31).fill(0)]).toString('base64') }), expect: [E('tendermint/pub-key', 'error', Z, 15, 14, 'small order'), FEW(1)] }, // a declared key of the right shape counts; the curve check is pub-key's
      { name: 'the all-zero key', members: zedWith({ node_id: K0.nodeId, pub_key: Buffer.alloc(32).toString('base64') }), expect: [E('tendermint/pub-key', 'error', Z, 15, 14, 'small order'), FEW(1)] }, // a declared key of the right shape counts; the curve check is pub-key's
    ],
  },
  'tendermint/address-mismatch': {
    valid: [
      { name: 'the address of pub_key (lower-case accepted)', members: zedWith({ node_id: K0.nodeId, pub_key: K0.pubKey, address: K0.address.toLowerCase() }) },
      { name: 'no address: pmnet derives it', members: zedWith({ pub_key: K0.pubKey }) },
    ],
    invalid: [
      { name: 'the address of another key', members: zedWith({ node_id: K0.nodeId, pub_key: K0.pubKey, address: K1.address }), expect: [E('tendermint/address-mismatch', 'error', Z, 16, 14, K1.address, K0.address), FEW(1)] },
    ],
  },
  'tendermint/p2p-address': {
    valid: [
      { name: 'host:port', members: zedWith({ node_id: K0.nodeId, p2p_address: 'p2p.zed-node.net:26656' }) },
      { name: 'bracketed IPv6 with port', members: zedWith({ node_id: K0.nodeId, p2p_address: '"[2001:db8:99::1]:26656"' }) },
      { name: 'host only (port 26656)', members: zedWith({ node_id: K0.nodeId, p2p_address: 'zed-node.net' }) },
    ],
    invalid: [
      { name: 'port out of range', members: zedWith({ node_id: K0.nodeId, p2p_address: 'zed-node.net:99999' }), expect: [E('tendermint/p2p-address', 'error', Z, 15, 18, 'out of range')] },
      { name: 'IPv6 without brackets', members: zedWith({ node_id: K0.nodeId, p2p_address: '"2001:db8::1"' }), expect: [E('tendermint/p2p-address', 'error', Z, 15, 18, 'brackets')] },
      { name: 'a URL, not host:port', members: zedWith({ node_id: K0.nodeId, p2p_address: 'tcp://zed-node.net' }), expect: [E('tendermint/p2p-address', 'error', Z, 15, 18, 'contains "/"')] },
      {
        name: 'a second peer smuggled in with a comma',
        members: zedWith({ node_id: K0.nodeId, p2p_address: `"zed-node.net:26656,${K1.nodeId}@attacker.example:26656"` }),
        expect: [E('tendermint/p2p-address', 'error', Z, 15, 18, 'contains ","')],
      },
    ],
  },
  'tendermint/same-key': {
    valid: [{ name: 'separate node and validator keys', members: zedWith({ node_id: K0.nodeId, pub_key: K0.pubKey }) }],
    invalid: [
      { name: 'node_id derived from the validator key', members: zedWith({ node_id: K0.validatorNodeId, pub_key: K0.pubKey }), expect: [E('tendermint/same-key', 'warning', Z, 14, 14, 'validator key as its node key'), FEW(1)] },
    ],
  },
  'tendermint/unique-node-id': {
    valid: [{ name: 'distinct node IDs', members: validators(2) }],
    invalid: [
      {
        name: 'one node key on two members',
        members: { ...validators(2, (i) => (i === 1 ? { extra: tm({ node_id: K0.nodeId, pub_key: K1.pubKey }) } : {})) },
        expect: [E('tendermint/unique-node-id', 'error', 'members/v1.yaml', 14, 14, 'members/v0.yaml'), FEW(2)],
      },
    ],
  },
  'tendermint/unique-pub-key': {
    valid: [{ name: 'distinct validator keys', members: validators(2) }],
    invalid: [
      {
        name: 'one validator key on two members',
        members: { ...validators(2, (i) => (i === 1 ? { extra: tm({ node_id: K1.nodeId, pub_key: K0.pubKey }) } : {})) },
        expect: [E('tendermint/unique-pub-key', 'error', 'members/v1.yaml', 15, 14, 'members/v0.yaml'), FEW(2)],
      },
      {
        // K0.pubKey ends in "uZI="; "uZJ=" differs only in the 2 unused bits: the same 32 bytes.
        name: 'one validator key on two members, spelled with other unused bits',
        members: { ...validators(2, (i) => (i === 1 ? { extra: tm({ node_id: K1.nodeId, pub_key: 'L8BY1fbR7qAc8Ny3fbexk38DrYH3JKEGEUxo/nchuZJ=' }) } : {})) },
        expect: [E('tendermint/unique-pub-key', 'error', 'members/v1.yaml', 15, 14, 'pub_key L8BY1fbR7qAc8Ny3fbexk38DrYH3JKEGEUxo/nchuZJ= ', 'members/v0.yaml'), FEW(2)],
      },
    ],
  },
  'tendermint/organization-power': {
    valid: [
      { name: '4 organizations with 10 each', members: validators(4) },
      { name: 'below 4 validators the rule waits (few-validators warns)', members: validators(2, () => ({ name: 'One Org' })) },
      { name: 'a suspended member does not count', members: validators(5, (i) => (i < 2 ? { name: 'Big Org', ...(i === 1 ? { status: 'suspended' } : {}) } : {})) },
    ],
    invalid: [
      {
        name: 'two of four validators in one organization (20 of 40)',
        members: validators(4, (i) => (i < 2 ? { name: 'Big Org' } : {})),
        expect: [
          E('tendermint/organization-power', 'error', 'members/v0.yaml', 3, 9, '20 of 40', 'Lower its power by 11', 'add 21 power'),
          E('tendermint/organization-power', 'error', 'members/v1.yaml', 3, 9, 'Big Org'),
        ],
      },
      {
        name: 'one organization exactly 1/3 through its power (20 of 60)',
        members: validators(5, (i) => (i === 0 ? { power: 20 } : {})),
        expect: [
          E('tendermint/organization-power', 'error', 'members/v0.yaml', 3, 9, '20 of 60', '33.3 %', 'Lower its power by 1,', 'add 1 power'),
          E('tendermint/country-power', 'warning', 'members/v0.yaml', 4, 12, 'country DE holds 20 of 60'),
        ],
      },
    ],
  },
  'tendermint/country-power': {
    valid: [{ name: '4 countries', members: validators(4) }],
    invalid: [
      {
        name: 'two of four in one country',
        members: validators(4, (i) => (i < 2 ? { country: 'FR' } : {})),
        expect: [
          E('tendermint/country-power', 'warning', 'members/v0.yaml', 4, 12, 'country FR holds 20 of 40', 'through v0, v1'),
          E('tendermint/country-power', 'warning', 'members/v1.yaml', 4, 12, 'country FR holds 20 of 40'),
        ],
      },
      {
        // A message lists ten members, then counts the rest: one line per finding, not one member list per finding.
        name: 'twenty of thirty in one country',
        members: validators(30, (i) => (i < 20 ? { country: 'FR' } : {})),
        expect: Array.from({ length: 20 }, (_, i) =>
          E('tendermint/country-power', 'warning', `members/v${i}.yaml`, 4, 12, 'country FR holds 200 of 300 voting power (66.7 %) through v0, v1, v10, v11, v12, v13, v14, v15, v16, v17, 10 more: at least 1/3'),
        ),
      },
    ],
  },
  'tendermint/few-validators': {
    valid: [
      { name: '4 validators', members: validators(4) },
      { name: 'no validators at all (Tendermint not used yet)', members: {} },
    ],
    invalid: [{ name: '3 validators', members: validators(3), expect: [E('tendermint/few-validators', 'warning', 'network.yaml', 1, 1, '3 validator(s)', 'Add 1 more')] }],
  },
};
