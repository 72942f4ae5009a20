// Sends one RFC 2136 UPDATE over TCP, TSIG-signed, and classifies the reply. The server
// applies an UPDATE all or nothing (RFC 2136 §3.4, §3.7), so every failure here means nothing
// changed, except TIMEOUT/NETWORK after sending: then the outcome is unknown, and a new
// AXFR tells (the SOA prerequisite makes a retry safe).
import type { Endpoint } from '../../lib/endpoint.js';
import { DeadlineError, withDeadline } from '../pool.js';
import { tcpSession } from './client.js';
import { signMessage, TsigVerifier, type TsigFailure, type TsigKey } from './tsig.js';

export type UpdateStatus =
  | 'APPLIED'
  /** A prerequisite failed (NXRRSET, YXRRSET, NXDOMAIN, YXDOMAIN): the zone is not as we read it. */
  | 'PREREQ'
  /** The server does not allow this key to update the zone. */
  | 'REFUSED'
  /** NOTAUTH: not the primary for the zone, or the key is not accepted. */
  | 'NOTAUTH'
  /** The server is not authoritative for the zone named in the zone section. */
  | 'NOTZONE'
  | 'TSIG'
  | 'RCODE'
  | 'MALFORMED'
  | 'TIMEOUT'
  | 'NETWORK';

export interface UpdateResult {
  status: UpdateStatus;
  rcode?: string;
  tsigError?: TsigFailure;
  detail: string;
}

const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];
const PREREQ = new Set(['YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NXDOMAIN']);
/** RFC 1035 §4.2.2: a TCP message carries at most 65535 bytes. */
export const MAX_MESSAGE = 0xffff;

/** `wire` is the unsigned UPDATE; it is signed here when a key is given. */
export async function sendUpdate(server: Endpoint, wire: Buffer, key: TsigKey | undefined, timeoutMs: number): Promise<UpdateResult> {
  const id = wire.readUInt16BE(0);
  let out = wire;
  let verifier: TsigVerifier | undefined;
  if (key) {
    const s = signMessage(wire, key);
    out = s.wire;
    verifier = new TsigVerifier(key, s.mac);
  }
  const at = `UPDATE to ${server.label}`;
  if (out.length > MAX_MESSAGE) {
    return { status: 'MALFORMED', detail: `${at}: the update is ${out.length} bytes, more than one DNS message can carry (${MAX_MESSAGE}); nothing was sent. For a first deploy of a large zone, load the committed file on the primary instead (docs/zone.md, "Setting up BIND"); otherwise deploy the change in smaller steps.` };
  }
  const onMessage = (raw: Buffer): UpdateResult | undefined => {
    if (raw.length < 12) return { status: 'MALFORMED', detail: `${at}: a ${raw.length}-byte reply` };
    if (raw.readUInt16BE(0) !== id) return undefined; // not ours; keep reading
    const flags = raw.readUInt16BE(2);
    if (!(flags & 0x8000) || ((flags >> 11) & 0xf) !== 5) return { status: 'MALFORMED', detail: `${at}: the reply is not an UPDATE response` };
    const rcode = RCODES[flags & 0xf] ?? `RCODE_${flags & 0xf}`;
    if (verifier) {
      const check = verifier.verify(raw);
      if (!check.ok) return { status: 'TSIG', rcode, tsigError: check.error, detail: `${at}: ${check.detail}; nothing was applied` };
    }
    if (rcode === 'NOERROR') return { status: 'APPLIED', rcode, detail: `${at}: applied` };
    if (PREREQ.has(rcode)) return { status: 'PREREQ', rcode, detail: `${at}: prerequisite failed (${rcode}): the zone changed since it was read (another deploy?); nothing was applied` };
    if (rcode === 'REFUSED') return { status: 'REFUSED', rcode, detail: `${at}: REFUSED: the server does not allow ${key ? `key "${key.name}"` : 'unsigned updates'} to update this zone (allow-update / update-policy); nothing was applied` };
    if (rcode === 'NOTAUTH') return { status: 'NOTAUTH', rcode, detail: `${at}: NOTAUTH: the server is not the primary for this zone or does not accept the key; nothing was applied` };
    if (rcode === 'NOTZONE') return { status: 'NOTZONE', rcode, detail: `${at}: NOTZONE: a name in the update is outside the zone; nothing was applied` };
    return { status: 'RCODE', rcode, detail: `${at}: the server answered ${rcode}; nothing was applied` };
  };
  const unknown = (why: string): UpdateResult => ({ status: 'TIMEOUT', detail: `${at}: ${why}; whether it was applied is unknown: run deploy again (it re-reads the zone, and the SOA prerequisite keeps a retry safe)` });
  try {
    return await withDeadline(timeoutMs, at, (signal) =>
      tcpSession<UpdateResult>(server, out, signal, {
        message: onMessage,
        aborted: () => unknown(`no reply within ${timeoutMs} ms`),
        failed: (code) => (code === 'ECONNREFUSED' ? { status: 'NETWORK', detail: `${at}: connection refused: nothing listens on that address and port; nothing was sent` } : { status: 'NETWORK', detail: `${at}: TCP ${code}` }),
        closed: (pending) => (pending ? { status: 'MALFORMED', detail: `${at}: the connection closed inside the reply` } : unknown('the connection closed without a reply')),
      }),
    );
  } catch (err) {
    if (err instanceof DeadlineError) return unknown(`no reply within ${timeoutMs} ms`);
    return { status: 'NETWORK', detail: `${at}: ${err instanceof Error ? err.message : String(err)}` };
  }
}
