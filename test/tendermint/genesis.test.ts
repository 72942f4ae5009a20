// genesis.json and persistent_peers for synthetic 4- and 100-member networks, decoded with the
// 0.34 rules of ../shared/tendermint.md: string powers, upper-case hex addresses = SHA-256(key)[:20],
// chain_id ≤ 50 characters, amino-JSON key type, names = member ids. Deterministic bytes.
import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Member, Network } from '../../scripts/model/types.js';
import { buildGenesis, GenesisError, renderGenesis } from '../../scripts/tendermint/genesis.js';
import { tendermintFiles } from '../../scripts/tendermint/files.js';
import { ed25519FromSeed, nodeIdOf } from '../../scripts/tendermint/keys.js';
import { persistentPeerLines, validatorSet } from '../../scripts/tendermint/validators.js';

const CHAIN = 'planetmint-' + 'x'.repeat(39); // exactly 50 characters

export function tmNetwork(over: Partial<NonNullable<Network['tendermint']>> = {}): Network {
  return { tendermint: { chainId: CHAIN, genesisTime: '2030-01-01T00:00:00Z', version: '0.34.24', defaultPower: 10, ...over } } as Network;
}

export function tmMember(i: number, over: Partial<Member> & { power?: number; noKey?: boolean } = {}): Member {
  const seed = (k: string) => Uint8Array.from(createHash('sha256').update(`synthetic ${i} ${k}`).digest());
  const node = ed25519FromSeed(seed('node'));
  const val = ed25519FromSeed(seed('validator'));
  const id = `m${String(i).padStart(3, '0')}`;
  return {
    id,
    file: `members/${id}.yaml`,
    organization: { name: `Org ${i}`, country: 'DE' },
    contacts: [],
    github: [],
    status: 'active',
    node: {
      domain: `${id}.example.org`,
      ipv4: [],
      ipv6: [],
      api: `https://${id}.example.org/`,
      apiPort: 443,
      certificatePins: [],
      tendermint: {
        nodeId: nodeIdOf(node.pub),
        ...(over.noKey ? {} : { pubKey: Buffer.from(val.pub).toString('base64') }),
        p2p: { host: `${id}.example.org`, port: 26656 },
        ...(over.power !== undefined ? { power: over.power } : {}),
      },
    },
    ...(over.status ? { status: over.status } : {}),
  };
}

/** Decodes a genesis.json text with the 0.34 rules; returns the problems found. */
function decode0_34(text: string, expect: Member[]): string[] {
  const problems: string[] = [];
  const g = JSON.parse(text) as Record<string, unknown>;
  const keys = Object.keys(g);
  if (JSON.stringify(keys) !== JSON.stringify(['genesis_time', 'chain_id', 'initial_height', 'validators', 'app_hash'])) problems.push(`keys ${keys}`);
  if (typeof g.chain_id !== 'string' || !g.chain_id || g.chain_id.length > 50) problems.push('chain_id');
  if (typeof g.genesis_time !== 'string' || Number.isNaN(Date.parse(g.genesis_time))) problems.push('genesis_time');
  if (g.initial_height !== '1') problems.push('initial_height is an int64 string');
  const vs = g.validators as Array<Record<string, any>>;
  if (vs.length !== expect.length) problems.push(`${vs.length} validators`);
  vs.forEach((v, i) => {
    if (JSON.stringify(Object.keys(v)) !== JSON.stringify(['address', 'pub_key', 'power', 'name'])) problems.push(`validator ${i} keys`);
    if (v.pub_key.type !== 'tendermint/PubKeyEd25519') problems.push(`validator ${i} key type`);
    const pub = Buffer.from(v.pub_key.value, 'base64');
    if (pub.length !== 32 || pub.toString('base64') !== v.pub_key.value) problems.push(`validator ${i} key value`);
    const address = createHash('sha256').update(pub).digest().subarray(0, 20).toString('hex').toUpperCase();
    if (v.address !== address) problems.push(`validator ${i} address`);
    if (typeof v.power !== 'string' || !/^[1-9][0-9]*$/.test(v.power)) problems.push(`validator ${i} power must be a positive int64 string`);
    if (v.name !== expect[i]!.id) problems.push(`validator ${i} name`);
  });
  return problems;
}

for (const n of [4, 100]) {
  test(`a ${n}-member genesis has the exact Tendermint 0.34 shape`, () => {
    const members = Array.from({ length: n }, (_, i) => tmMember(i, i === 1 ? { power: 7 } : {}));
    const text = renderGenesis(buildGenesis(tmNetwork(), [...members].reverse()));
    assert.equal(decode0_34(text, members), []);
    const g = JSON.parse(text);
    assert.is(g.validators[1].power, '7', 'a declared power wins');
    assert.is(g.validators[0].power, '10', 'default_power otherwise');
    assert.is(text, renderGenesis(buildGenesis(tmNetwork(), members)), 'same bytes whatever the member order');
    assert.ok(text.endsWith('}\n') && !text.includes('\t'));
  });
}

test('genesis leaves out suspended members, members without a validator key, and power 0', () => {
  const members = [tmMember(0), tmMember(1, { status: 'suspended' }), tmMember(2, { noKey: true }), tmMember(3, { power: 0 }), tmMember(4)];
  assert.equal(buildGenesis(tmNetwork(), members).validators.map((v) => v.name), ['m000', 'm004']);
});

test('genesis refuses without chain_id, genesis_time or any validator, and says what to set', () => {
  assert.throws(() => buildGenesis(tmNetwork({ chainId: undefined }), [tmMember(0)]), (e: unknown) => e instanceof GenesisError && /tendermint\.chain_id/.test((e as Error).message));
  assert.throws(() => buildGenesis(tmNetwork({ genesisTime: undefined }), [tmMember(0)]), /tendermint\.genesis_time/);
  assert.throws(() => buildGenesis(tmNetwork(), [tmMember(0, { noKey: true })]), /at least one validator/);
});

test('genesis.json byte for byte for one validator: field order, int64 strings, 2-space indent, final newline', () => {
  const m = tmMember(0, { power: 12 });
  const pub = m.node.tendermint!.pubKey!;
  const address = createHash('sha256').update(Buffer.from(pub, 'base64')).digest().subarray(0, 20).toString('hex').toUpperCase();
  const expected = [
    '{',
    '  "genesis_time": "2030-01-01T00:00:00Z",',
    `  "chain_id": "${CHAIN}",`,
    '  "initial_height": "1",',
    '  "validators": [',
    '    {',
    `      "address": "${address}",`,
    '      "pub_key": {',
    '        "type": "tendermint/PubKeyEd25519",',
    `        "value": "${pub}"`,
    '      },',
    '      "power": "12",',
    '      "name": "m000"',
    '    }',
    '  ],',
    '  "app_hash": ""',
    '}',
    '',
  ].join('\n');
  assert.is(renderGenesis(buildGenesis(tmNetwork(), [m])), expected);
});

test('genesis refusals name exactly what is missing', () => {
  const msg = (net: Network, members: Member[]) => {
    try {
      buildGenesis(net, members);
    } catch (e) {
      assert.instance(e, GenesisError);
      assert.is((e as Error).name, 'GenesisError');
      return (e as Error).message;
    }
    return 'no error';
  };
  assert.is(msg(tmNetwork({ chainId: undefined }), [tmMember(0)]), 'network.yaml has no tendermint.chain_id: set it to generate genesis.json');
  assert.is(msg(tmNetwork({ genesisTime: undefined }), [tmMember(0)]), 'network.yaml has no tendermint.genesis_time: set it to generate genesis.json');
  assert.is(
    msg(tmNetwork({ chainId: undefined, genesisTime: undefined }), [tmMember(0)]),
    'network.yaml has no tendermint.chain_id and no tendermint.genesis_time: set them to generate genesis.json',
  );
  assert.is(msg({} as Network, [tmMember(0)]), 'network.yaml has no tendermint.chain_id and no tendermint.genesis_time: set them to generate genesis.json', 'no tendermint section');
  assert.is(msg(tmNetwork(), []), 'no active member has node.tendermint.pub_key with power > 0: a genesis needs at least one validator');
  assert.is(msg(tmNetwork(), [tmMember(0, { power: 0 })]), 'no active member has node.tendermint.pub_key with power > 0: a genesis needs at least one validator');
});

test('persistent_peers: every other active member with a node ID, node_id@host:26656, sorted', () => {
  const members = [tmMember(2), tmMember(0), tmMember(1, { status: 'suspended' }), tmMember(3)];
  const line = persistentPeerLines(tmNetwork(), members).lines.get('m000');
  assert.is(line, `persistent_peers = "${[members[0]!, members[3]!].map((m) => `${m.node.tendermint!.nodeId}@${m.id}.example.org:26656`).join(',')}"`);
  const v6 = tmMember(5);
  v6.node.tendermint!.p2p = { host: '2001:db8::5', port: 26600 };
  assert.match(persistentPeerLines(tmNetwork(), [tmMember(0), v6]).lines.get('m000')!, /@\[2001:db8::5\]:26600"$/);
});

test('after genesis_time the genesis file is no longer generated; peers still are', () => {
  const members = Array.from({ length: 4 }, (_, i) => tmMember(i));
  const before = tendermintFiles(tmNetwork(), members, new Date('2029-12-31T23:59:59Z'));
  assert.ok(before.files.has('tendermint/genesis.json'));
  assert.is(before.files.size, 5);
  const after = tendermintFiles(tmNetwork(), members, new Date('2030-01-01T00:00:00Z'));
  assert.not.ok(after.files.has('tendermint/genesis.json'));
  assert.match(after.genesisNote!, /on-chain elections/);
  assert.is(after.files.size, 4);
});

test('validatorSet carries address, power and node ID', () => {
  const [v] = validatorSet(tmNetwork({ defaultPower: 3 }), [tmMember(0)]);
  assert.is(v!.power, 3);
  assert.match(v!.address, /^[0-9A-F]{40}$/);
  assert.match(v!.nodeId!, /^[0-9a-f]{40}$/);
});

test.run();
