// GET <api root>api/v1/validators: the validator set a Planetmint node reports
// ({"public_key":{"type":"ed25519-base64","value":…},"voting_power":n}, planetmint/abci/utils.py).
import { request } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { Member } from '../../model/types.js';
import type { ValidatorsOutcome } from './facts.js';

const MAX_BYTES = 1024 * 1024;

export function parseValidators(json: unknown): ValidatorsOutcome {
  if (!Array.isArray(json)) return { kind: 'failed', message: 'the answer is not a JSON array' };
  const out: Array<{ pubKey: string; power: number }> = [];
  for (const v of json as Array<Record<string, any>>) {
    const key = v?.public_key?.value ?? v?.pub_key?.value;
    const power = Number(v?.voting_power ?? v?.power);
    if (typeof key !== 'string' || !Number.isSafeInteger(power)) return { kind: 'failed', message: 'an entry lacks public_key.value or voting_power' };
    out.push({ pubKey: key, power });
  }
  return { kind: 'ok', validators: out };
}

export function fetchValidators(m: Member, opts: { timeoutMs: number; extraCa: string[]; address?: string }): Promise<ValidatorsOutcome> {
  const url = new URL('api/v1/validators', m.node.api);
  const host = opts.address ?? m.node.ipv4[0] ?? m.node.ipv6[0] ?? m.node.domain;
  return new Promise((resolve) => {
    const req = request({
      host,
      port: url.port || 443,
      path: url.pathname,
      servername: m.node.domain,
      headers: { host: url.host, accept: 'application/json', 'user-agent': 'pmnet-live-check' },
      ca: opts.extraCa.length ? [...rootCertificates, ...opts.extraCa] : undefined,
      agent: false,
      timeout: opts.timeoutMs,
    });
    const fail = (message: string) => {
      req.destroy();
      resolve({ kind: 'failed', message });
    };
    req.on('timeout', () => fail(`no answer within ${opts.timeoutMs} ms`));
    req.on('error', (err) => resolve({ kind: 'failed', message: err.message }));
    req.on('response', (res) => {
      if (res.statusCode !== 200) return fail(`HTTP ${res.statusCode}`);
      const chunks: Buffer[] = [];
      let n = 0;
      res.on('data', (c: Buffer) => {
        n += c.length;
        if (n > MAX_BYTES) return fail(`answer larger than ${MAX_BYTES} bytes`);
        chunks.push(c);
      });
      res.on('end', () => {
        try {
          resolve(parseValidators(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        } catch {
          resolve({ kind: 'failed', message: 'the answer is not JSON' });
        }
      });
    });
    req.end();
  });
}
