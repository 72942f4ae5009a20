// One probe of one declared address: TLS handshake (SNI = node domain) with OpenSSL's chain
// verdict from the same handshake, the chain the server sent, then `GET <api path>` over
// that very connection. Never throws and never hangs: every failure becomes data.
import { X509Certificate } from 'node:crypto';
import { request } from 'node:http';
import { connect, createSecureContext, rootCertificates, type SecureContext, type TLSSocket } from 'node:tls';
import { performance } from 'node:perf_hooks';
import { DeadlineError, withDeadline } from '../pool.js';
import { buildAnchors, verifyChain, type TrustAnchors } from '../../pki/verify.js';
import type { Cert } from '../../pki/x509.js';
import { strictParse, summarizeCertificate } from './cert.js';
import type { AddressTlsFacts, ApiOutcome, CertSummary, ConnectOutcome } from './facts.js';

export const MAX_BODY_BYTES = 256 * 1024;
/** A chain longer than this is cut (a real one has 2-4 certificates). */
const MAX_CHAIN = 10;
/** Certificates read for the chain verdict (pathological servers send 100 and more). */
const MAX_SENT = 200;

export interface ProbeTarget {
  address: string;
  list: 'ipv4' | 'ipv6';
  index: number;
  port: number;
  servername: string;
  apiPath: string;
}

export interface ProbeOptions {
  timeoutMs: number;
  /** From probeContext() (OpenSSL's verdict is not used). */
  secureContext: SecureContext;
  /** From trustAnchors(): the same roots, parsed for pmnet's own chain verdict. */
  anchors: TrustAnchors;
  /** The time the chain verdict is judged at (validate --live --at). */
  at: Date;
  maxBodyBytes?: number;
}

/** The extra CA PEMs could not be loaded (a usage problem, raised before any connection). */
export class TrustStoreError extends Error {
  override name = 'TrustStoreError';
}

const contexts = new Map<string, SecureContext>();

/** OpenSSL silently skips PEM it cannot read: check every block, so a broken --ca file is a clear error instead of a run full of tls/untrusted-chain findings. */
export function checkExtraCa(extraCa: readonly string[]): void {
  extraCa.forEach((pem, i) => {
    const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
    if (!blocks.length) throw new TrustStoreError(`extra CA #${i + 1} (--ca / live.ca_files) holds no PEM certificate`);
    for (const b of blocks) {
      try {
        new X509Certificate(b);
      } catch (err) {
        throw new TrustStoreError(`extra CA #${i + 1} (--ca / live.ca_files) holds a certificate that cannot be read: ${message(err)}`);
      }
    }
  });
}

/**
 * A client context whose CA store is the system roots plus `extraCa` (PEM texts), for clients
 * that want OpenSSL's verdict (tests, benchmark baselines). Built once per distinct set: parsing
 * ~150 roots per connection would dominate the run time.
 */
export function trustContext(extraCa: readonly string[]): SecureContext {
  const key = extraCa.join('\n');
  let ctx = contexts.get(key);
  if (!ctx) {
    checkExtraCa(extraCa);
    try {
      ctx = createSecureContext({ ca: [...rootCertificates, ...extraCa] });
    } catch (err) {
      throw new TrustStoreError(`cannot load the extra CA certificates (--ca / live.ca_files): ${message(err)}`);
    }
    contexts.set(key, ctx);
  }
  return ctx;
}

let probe: SecureContext | undefined;

/**
 * The context probes use: an empty CA store. pmnet judges the sent chain itself (verifyChain);
 * an OpenSSL verdict no rule reads would cost a second chain verification per handshake, and,
 * when it passes, node:tls builds getPeerCertificate(true) for checkServerIdentity: together
 * a sixth of a 1,000-member audit's CPU time (bench row 4a).
 */
export function probeContext(): SecureContext {
  return (probe ??= createSecureContext({ ca: [] }));
}

const anchorSets = new Map<string, TrustAnchors>();

/** The trust store of trustContext() parsed for verifyChain, once per distinct set. */
export function trustAnchors(extraCa: readonly string[]): TrustAnchors {
  const key = extraCa.join('\n');
  let a = anchorSets.get(key);
  if (!a) {
    a = buildAnchors(rootCertificates, extraCa);
    anchorSets.set(key, a);
  }
  return a;
}

export async function probeAddress(t: ProbeTarget, opts: ProbeOptions): Promise<AddressTlsFacts> {
  const started = performance.now();
  const facts: AddressTlsFacts = {
    address: t.address,
    list: t.list,
    index: t.index,
    port: t.port,
    servername: t.servername,
    apiPath: t.apiPath,
    connect: { kind: 'ok' },
    chain: [],
    api: { kind: 'skipped' },
    elapsedMs: 0,
  };
  let socket: TLSSocket | undefined;
  let tcpUp = false;
  try {
    socket = await withDeadline(opts.timeoutMs, `TLS handshake with ${hostPort(t)}`, (signal) =>
      new Promise<TLSSocket>((resolve, reject) => {
        const s = connect({
          host: t.address,
          port: t.port,
          servername: t.servername,
          secureContext: opts.secureContext,
          // Inspect, don't refuse: pmnet judges the chain itself (scripts/pki/verify.ts).
          rejectUnauthorized: false,
          // Name matching is part of that verdict (RFC 9525).
          checkServerIdentity: () => undefined,
          ALPNProtocols: ['http/1.1'],
        });
        socket = s;
        s.on('error', () => {}); // late errors after we settled must not crash the process
        s.once('connect', () => (tcpUp = true));
        s.once('secureConnect', () => resolve(s));
        s.once('error', reject);
        s.once('close', () => reject(Object.assign(new Error('connection closed before the TLS handshake finished'), { code: 'ECONNRESET' })));
        signal.addEventListener('abort', () => s.destroy(), { once: true });
      }),
    );
  } catch (err) {
    socket?.destroy();
    facts.connect = classify(err, tcpUp, opts.timeoutMs);
    facts.elapsedMs = Math.round(performance.now() - started);
    return facts;
  }

  facts.protocol = socket.getProtocol() ?? undefined;
  facts.cipher = socket.getCipher()?.name;
  const peer = socket.getPeerX509Certificate();
  const sent = peer ? sentChain(peer) : [];
  // One parse of the leaf for the summary and the verdict; undefined when the strict reader
  // refuses it (the verdict says why, the summary falls back to the lenient reader).
  const leafCert = peer ? strictParse(sent[0]!) : undefined;
  try {
    const [leaf, ...chain] = peerChain(peer, leafCert);
    if (leaf) facts.leaf = leaf;
    facts.chain = chain;
  } catch (err) {
    facts.parseError = message(err);
  }
  if (peer) {
    facts.sentCertificates = sent.length;
    facts.verdict = verifyChain({ sent, leaf: leafCert, anchors: opts.anchors, name: t.servername, at: opts.at });
  }

  facts.api = await getApi(socket, t, opts);
  socket.destroy();
  facts.elapsedMs = Math.round(performance.now() - started);
  return facts;
}

// Issuers repeat across a fleet (every member of one CA sends the same intermediate): parse once.
const parsed = new Map<string, CertSummary>();
const MAX_PARSED = 10_000;

function summarize(fingerprint: string, c: X509Certificate): CertSummary {
  let s = parsed.get(fingerprint);
  if (!s) {
    s = summarizeCertificate(c);
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(fingerprint, s);
  }
  return s;
}

/**
 * The chain as the server sent it, walked through X509Certificate#issuerCertificate.
 * getPeerCertificate(true) would build a detailed JS object per certificate first: a quarter
 * of an audit's CPU time at 1,000 members (bench/RESULTS.md, row 4).
 */
function peerChain(leaf: X509Certificate | undefined, leafCert: Cert | undefined): CertSummary[] {
  if (!leaf) return [];
  // Leaves are new every probe: not cached (the cache is for the issuers members share).
  const out: CertSummary[] = [summarizeCertificate(leaf, leafCert)];
  const seen = new Set<string>([leaf.fingerprint256]);
  let c = leaf.issuerCertificate;
  while (c && out.length < MAX_CHAIN) {
    const fp = c.fingerprint256;
    if (seen.has(fp)) break; // self-issued top, or a loop
    seen.add(fp);
    // An unreadable issuer ends the summary; the leaf stays (the chain verdict judges the rest).
    try {
      out.push(summarize(fp, c));
    } catch {
      break;
    }
    c = c.issuerCertificate;
  }
  return out;
}

/**
 * The certificates exactly as the server sent them, leaf first. Node builds
 * X509Certificate#issuerCertificate from OpenSSL's SSL_get_peer_cert_chain, the peer's own
 * list in its order (extra, duplicate and alternate certificates included), not from the chain
 * OpenSSL verified.
 */
export function sentChain(leaf: X509Certificate): Buffer[] {
  const out: Buffer[] = [];
  for (let c: X509Certificate | undefined = leaf; c && out.length < MAX_SENT; c = c.issuerCertificate) out.push(c.raw);
  return out;
}

function getApi(socket: TLSSocket, t: ProbeTarget, opts: ProbeOptions): Promise<ApiOutcome> {
  const cap = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const host = t.port === 443 ? t.servername : `${t.servername}:${t.port}`;
  return withDeadline(opts.timeoutMs, `GET ${t.apiPath} on ${hostPort(t)}`, (signal) =>
    new Promise<ApiOutcome>((resolve) => {
      const req = request({
        // No agent: with createConnection set, node:http uses our already-verified socket.
        createConnection: () => socket,
        method: 'GET',
        path: t.apiPath,
        headers: { host, accept: 'application/json', 'user-agent': 'pmnet-live-check' },
      });
      signal.addEventListener('abort', () => req.destroy(signal.reason as Error), { once: true });
      req.on('error', (err) => resolve({ kind: 'failed', message: message(err) }));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        let truncated = false;
        const done = () => {
          const body = Buffer.concat(chunks);
          const ct = res.headers['content-type'];
          const out: ApiOutcome = { kind: 'answered', status: res.statusCode ?? 0, bytes, truncated };
          if (ct !== undefined) out.contentType = ct;
          if (truncated) out.jsonError = `body larger than ${cap} bytes`;
          else {
            try {
              out.json = JSON.parse(body.toString('utf8'));
            } catch (err) {
              out.jsonError = bytes === 0 ? 'empty body' : message(err);
            }
          }
          resolve(out);
        };
        res.on('data', (chunk: Buffer) => {
          if (truncated) return;
          const room = cap - bytes;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            bytes = cap;
            truncated = true;
            done();
            req.destroy();
            return;
          }
          chunks.push(chunk);
          bytes += chunk.length;
        });
        res.on('end', () => truncated || done());
        res.on('error', (err) => resolve({ kind: 'failed', message: message(err) }));
        res.on('aborted', () => resolve({ kind: 'failed', message: 'the server closed the connection in the middle of the answer' }));
      });
      req.end();
    }),
  ).catch((err: unknown) => ({ kind: 'failed', message: message(err) }) as ApiOutcome);
}

function classify(err: unknown, tcpUp: boolean, ms: number): ConnectOutcome {
  const code = (err as { code?: string } | undefined)?.code;
  const msg = message(err);
  if (err instanceof DeadlineError) {
    return tcpUp
      ? { kind: 'timeout', stage: 'tls', message: `TCP connection accepted, but no TLS handshake within ${ms} ms` }
      : { kind: 'timeout', stage: 'tcp', message: `no TCP connection within ${ms} ms` };
  }
  if (code === 'ECONNREFUSED') return { kind: 'refused', message: msg };
  if (code === 'ECONNRESET' || code === 'EPIPE') return { kind: 'reset', message: msg };
  if (!tcpUp && code && /^E(HOSTUNREACH|NETUNREACH|ADDRNOTAVAIL|ACCES|PERM|INVAL|AFNOSUPPORT)$/.test(code)) {
    return { kind: 'unreachable', code, message: msg };
  }
  return code ? { kind: 'tls-error', code, message: msg } : { kind: 'tls-error', message: msg };
}

function hostPort(t: ProbeTarget): string {
  return t.address.includes(':') ? `[${t.address}]:${t.port}` : `${t.address}:${t.port}`;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
