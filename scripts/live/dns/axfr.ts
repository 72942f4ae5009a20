// Zone transfer (AXFR, RFC 5936) over TCP, optionally TSIG-signed (RFC 8945). Every outcome
// is a value: a complete zone, or a status naming why not. A transfer that stops before the
// closing SOA is TRUNCATED, never a smaller zone.
//
//   axfr(server, 'example.org', { key, timeoutMs }) -> { ok: true, soa, records } | { ok: false, status, detail }
import { randomInt } from 'node:crypto';
import * as packet from 'dns-packet';
import type { Endpoint } from '../../lib/endpoint.js';
import { DeadlineError, withDeadline } from '../pool.js';
import { tcpSession } from './client.js';
import { signMessage, TsigVerifier, type TsigFailure, type TsigKey } from './tsig.js';

export type AxfrStatus =
  /** The server refuses the transfer (not allowed for this client or key, or not its zone). */
  | 'REFUSED'
  /** NOTAUTH: the server is not authoritative, or (with TSIG) rejects the key. */
  | 'NOTAUTH'
  /** Another response code (`rcode`). */
  | 'RCODE'
  /** A TSIG failure (`tsigError`): wrong key or secret, clock skew, unsigned reply. */
  | 'TSIG'
  /** The connection closed before the closing SOA. */
  | 'TRUNCATED'
  | 'MALFORMED'
  | 'TIMEOUT'
  | 'NETWORK';

export interface AxfrOptions {
  key?: TsigKey;
  /** Budget for the whole transfer. */
  timeoutMs: number;
}

export type AxfrResult =
  | {
      ok: true;
      /** Canonical zone name, no trailing dot. */
      zone: string;
      soa: packet.SoaAnswer;
      /** Every record, the opening SOA first, without the closing SOA. */
      records: packet.Answer[];
      messages: number;
      /** Every signed message verified (false when no key was given). */
      signed: boolean;
    }
  | { ok: false; status: AxfrStatus; detail: string; rcode?: string; tsigError?: TsigFailure };

type Failure = Extract<AxfrResult, { ok: false }>;

export async function axfr(server: Endpoint, zoneName: string, opts: AxfrOptions): Promise<AxfrResult> {
  const zone = zoneName.toLowerCase().replace(/\.$/, '');
  const id = randomInt(0, 0x10000);
  let wire = packet.encode({ type: 'query', id, flags: 0, questions: [{ name: zone, type: 'AXFR', class: 'IN' }] });
  let verifier: TsigVerifier | undefined;
  if (opts.key) {
    const signed = signMessage(wire, opts.key);
    wire = signed.wire;
    verifier = new TsigVerifier(opts.key, signed.mac);
  }
  const fail = (status: AxfrStatus, detail: string, more: Partial<Failure> = {}): Failure => ({ ok: false, status, detail: `AXFR ${zone} from ${server.label}: ${detail}`, ...more });
  const records: packet.Answer[] = [];
  let soa: packet.SoaAnswer | undefined;
  let messages = 0;

  const onMessage = (raw: Buffer): AxfrResult | undefined => {
    messages++;
    let msg: packet.DecodedPacket;
    try {
      msg = packet.decode(raw);
    } catch (err) {
      return fail('MALFORMED', `message ${messages} does not decode: ${(err as Error).message}`);
    }
    if (msg.id !== id || !msg.flag_qr) return fail('MALFORMED', `message ${messages} is not a reply to our request (id ${msg.id}, expected ${id})`);
    if (verifier) {
      const check = verifier.verify(raw);
      if (!check.ok) return fail('TSIG', check.detail, { tsigError: check.error });
    }
    const rcode = String((msg as { rcode?: unknown }).rcode ?? 'NOERROR');
    if (rcode === 'REFUSED') return fail('REFUSED', `the server REFUSED the transfer${opts.key ? ` signed with key "${opts.key.name}"` : ' (no TSIG key given; the server may require one)'}`, { rcode });
    if (rcode === 'NOTAUTH') return fail('NOTAUTH', 'the server answered NOTAUTH: it is not authoritative for the zone or does not accept the key', { rcode });
    if (rcode !== 'NOERROR') return fail('RCODE', `the server answered ${rcode}`, { rcode });
    if (messages === 1) {
      const q = msg.questions?.[0];
      if (q && (q.name.toLowerCase().replace(/\.$/, '') !== zone || q.type !== 'AXFR')) return fail('MALFORMED', `the reply is for ${q.name} ${q.type}`);
    }
    for (const a of msg.answers ?? []) {
      if (!soa) {
        if (a.type !== 'SOA' || a.name.toLowerCase().replace(/\.$/, '') !== zone) return fail('MALFORMED', `the transfer does not start with the SOA of ${zone} (got ${a.type} ${a.name})`);
        soa = a;
        records.push(a);
        continue;
      }
      if (a.type === 'SOA' && a.name.toLowerCase().replace(/\.$/, '') === zone) {
        if (a.data.serial !== soa.data.serial) return fail('MALFORMED', `the closing SOA has serial ${a.data.serial}, the opening one ${soa.data.serial}: the zone changed during the transfer; try again`);
        if (a !== (msg.answers ?? [])[(msg.answers ?? []).length - 1]) return fail('MALFORMED', 'records after the closing SOA');
        if (verifier && !verifier.lastWasSigned) return fail('TSIG', 'the last message of the transfer is not signed', { tsigError: 'UNSIGNED' });
        return { ok: true, zone, soa, records, messages, signed: !!verifier };
      }
      records.push(a);
    }
    if (!soa) return fail('MALFORMED', 'an empty first message (no SOA)');
    return undefined;
  };

  try {
    return await withDeadline(opts.timeoutMs, `AXFR ${zone} @${server.label}`, (signal) =>
      tcpSession<AxfrResult>(server, wire, signal, {
        message: onMessage,
        aborted: () => fail('TIMEOUT', `no complete transfer within ${opts.timeoutMs} ms (${records.length} records so far)`),
        failed: (code) => fail('NETWORK', code === 'ECONNREFUSED' ? 'connection refused: nothing listens on that address and port' : `TCP ${code}`),
        closed: (pending) =>
          soa || messages
            ? fail('TRUNCATED', `the connection closed after ${records.length} records${pending ? ` and ${pending} bytes of an incomplete message` : ''}, before the closing SOA: the transfer is incomplete`)
            : fail(pending ? 'TRUNCATED' : 'NETWORK', pending ? `the connection closed after ${pending} bytes of an incomplete first message` : 'the connection closed without a reply (transfers not allowed?)'),
      }),
    );
  } catch (err) {
    if (err instanceof DeadlineError) return fail('TIMEOUT', `no complete transfer within ${opts.timeoutMs} ms (${records.length} records so far)`);
    return fail('NETWORK', err instanceof Error ? err.message : String(err));
  }
}
