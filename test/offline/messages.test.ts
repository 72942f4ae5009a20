// Messages a new user meets first: one indentation finding with the line and a caret instead of
// the parser's cascade, and advice that works when followed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatMessage, listOf } from '../../scripts/rules/message.js';
import { member } from './rule-cases.js';
import { makeConsortium, runCli } from '../helpers/consortium.js';

test('a 3-space indentation gives one finding, at the slip, with the source line, a caret and the fix', async () => {
  const text = member().replace('  domain:', '   domain:');
  const k = makeConsortium({ members: { 'zed.yaml': text } });
  const r = await runCli(['validate', '--root', k.dir, `${k.dir}/members/zed.yaml`], { env: { NO_COLOR: '1' } });
  assert.is(r.code, 1);
  const lines = r.stdout.split('\n');
  const i = lines.findIndex((l) => l.includes('yaml/syntax'));
  assert.match(lines[i]!, /^  10:4  error  Line 10 is indented by 3 spaces, but its sibling at line 11 by 2\..*indent line 10 by 2 spaces\./);
  assert.is(lines[i + 1], '      │    domain: zed-node.net');
  assert.is(lines[i + 2], '      │    ^');
  assert.is(r.stdout.match(/yaml\/syntax/g)!.length, 1, r.stdout);
  assert.not.match(r.stdout, /All mapping items/);
});

test('following the advice works: the fraction hint and the country hint lead to a valid file', async () => {
  const { readFileSync } = await import('node:fs');
  const k = makeConsortium({ network: (n) => n.replace('join: { fraction: 2/3', 'join: { fraction: 0.66'), members: { 'zed.yaml': member({ country: 'Germany' }) } });
  const messages = async () => {
    const r = await runCli(['validate', '--root', k.dir, '--format', 'json']);
    return { code: r.code, text: (JSON.parse(r.stdout) as { findings: { message: string }[] }).findings.map((f) => f.message).join('\n') };
  };
  const first = await messages();
  assert.not.match(first.text, /Quote it/);
  const fraction = /Write (\d+\/\d+)/.exec(first.text)![1]!;
  k.write('network.yaml', readFileSync(`${k.dir}/network.yaml`, 'utf8').replace('fraction: 0.66', `fraction: ${fraction}`));
  const second = await messages();
  const country = /for Germany write ([A-Z]{2})/.exec(second.text)![1]!;
  k.write('members/zed.yaml', member({ country }));
  const third = await messages();
  assert.is(third.code, 0, third.text);
});

test('a listed value shows ten items, then how many more; eleven are shown whole', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `m${i}`);
  assert.is(formatMessage('through {ids}.', { ids: ids(11) }), 'through m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, m10.');
  assert.is(formatMessage('through {ids}.', { ids: ids(12) }), 'through m0, m1, m2, m3, m4, m5, m6, m7, m8, m9, 2 more.');
  assert.is(formatMessage('{ids}', { ids: ids(10_000) }).length, 'm0, m1, m2, m3, m4, m5, m6, m7, m8, m9, 9990 more'.length);
  assert.equal(listOf(['a', 'b'], 40), ['a', 'b', '38 more']);
  assert.equal(listOf(ids(3)), ['m0', 'm1', 'm2']);
});

test.run();
