// Shared by the TSIG/AXFR and deploy tests: a key and an endpoint from text, or a thrown error.
import { parseEndpoint, type Endpoint } from '../../scripts/lib/endpoint.js';
import { parseTsigKey, type TsigKey } from '../../scripts/live/dns/tsig.js';

export function key(text: string): TsigKey {
  const r = parseTsigKey(text);
  if (!r.ok) throw new Error(r.reason);
  return r.key;
}

export function ep(address: string): Endpoint {
  const r = parseEndpoint(address);
  if (!r.ok) throw new Error(r.reason);
  return r.endpoint;
}
