// Real TLS / HTTPS servers on loopback (127.0.0.0/8 only) for the live TLS tests, plus
// hand-made Network / Member models pointing at them.
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Member, Network } from '../../scripts/model/types.js';
import { testPki } from './certs.js';
import { DEFAULT_HEALTH } from '../../scripts/health/score.js';

export interface ApiSpec {
  status?: number;
  /** Object -> JSON; string -> sent as is. Default: a Planetmint info document for `domain`. */
  body?: unknown;
  contentType?: string;
}

export interface ServerSpec {
  /** 127.x.y.z addresses; all listen on the same port. */
  addresses: string[];
  /** Default: a free port chosen on the first address. */
  port?: number;
  /** https (default); silent = accepts TCP, never speaks; reset = RST right after accept. */
  behaviour?: 'https' | 'silent' | 'reset';
  /** PEM chain (leaf first) and key, for https. */
  cert?: string;
  key?: string;
  /** For RSA-1024 / SHA-1 servers: 'DEFAULT@SECLEVEL=0'. */
  ciphers?: string;
  /** Highest TLS version the server speaks (TLS 1.2 sends its certificates in the clear). */
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
  domain?: string;
  api?: ApiSpec;
}

export interface RunningServer {
  port: number;
  addresses: string[];
  close(): Promise<void>;
}

let nextHost = 0;
/** A fresh loopback address per call (127.77.0.1, 127.77.0.2, ...): tests never collide. */
export function loopback(): string {
  nextHost++;
  return `127.77.${Math.floor(nextHost / 250)}.${(nextHost % 250) + 1}`;
}

export function planetmintInfo(domain: string, port = 443): Record<string, unknown> {
  const base = `https://${domain}${port === 443 ? '' : `:${port}`}/api/v1/`;
  return {
    api: {
      v1: {
        assets: `${base}assets/`,
        blocks: `${base}blocks/`,
        docs: 'https://docs.planetmint.io/projects/server/en/v2.5.1/http-client-server-api.html',
        metadata: `${base}metadata/`,
        outputs: `${base}outputs/`,
        streamedblocks: `wss://${domain}:443/api/v1/streams/valid_blocks`,
        streams: `wss://${domain}:443/api/v1/streams/valid_transactions`,
        transactions: `${base}transactions/`,
        validators: `${base}validators`,
      },
    },
    docs: 'https://docs.planetmint.io/projects/server/en/v2.5.1/',
    software: 'Planetmint',
    version: '2.5.1',
  };
}

export async function startServer(spec: ServerSpec): Promise<RunningServer> {
  const servers: Array<HttpsServer | NetServer> = [];
  const sockets = new Set<Socket>();
  let port = spec.port ?? 0;
  for (const address of spec.addresses) {
    const s = makeServer(spec, sockets);
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, address, () => resolve());
    });
    servers.push(s);
    if (port === 0) port = (s.address() as { port: number }).port;
  }
  return {
    port,
    addresses: spec.addresses,
    async close() {
      for (const sock of sockets) sock.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}

function makeServer(spec: ServerSpec, sockets: Set<Socket>): HttpsServer | NetServer {
  const track = (sock: Socket) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
  };
  if (spec.behaviour === 'silent') return createNetServer((sock) => track(sock));
  if (spec.behaviour === 'reset') return createNetServer((sock) => (track(sock), sock.resetAndDestroy()));
  const s = createHttpsServer(
    { cert: spec.cert, key: spec.key, ...(spec.ciphers ? { ciphers: spec.ciphers } : {}), ...(spec.maxVersion ? { maxVersion: spec.maxVersion } : {}) },
    (req: IncomingMessage, res: ServerResponse) => answer(spec, req, res),
  );
  s.on('connection', track);
  s.on('tlsClientError', () => {});
  return s;
}

function answer(spec: ServerSpec, req: IncomingMessage, res: ServerResponse): void {
  const api = spec.api ?? {};
  const port = (req.socket.localPort ?? 443) as number;
  const body = api.body === undefined ? planetmintInfo(spec.domain ?? 'localhost', port) : api.body;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(api.status ?? 200, { 'content-type': api.contentType ?? (typeof body === 'string' ? 'text/html' : 'application/json') });
  res.end(text);
}

// ---- models ----

export function testNetwork(over: Partial<Network['live']> = {}): Network {
  return {
    name: 'Test network',
    domain: 'consortium.test',
    sharedName: 'api.consortium.test',
    memberLabel: 'nodes',
    zone: {
      ttl: 3600,
      sharedTtl: 300,
      memberTtl: 300,
      soa: { mname: 'ns1.consortium.test', rname: 'hostmaster.consortium.test', refresh: 3600, retry: 600, expire: 604800, minimum: 300 },
      nameservers: [{ name: 'ns1.consortium.test', ipv4: [], ipv6: [] }],
      guard: { maxChangePercent: 30, minRecords: 10 },
    },
    policy: { allowAddressClasses: ['loopback'], allowSpecialUseNames: ['test'], diversity: { ipv4Prefix: 24, ipv6Prefix: 48 } },
    governance: {
      join: { fraction: [2, 3], min: 1 },
      update: { fraction: [1, 2], min: 1 },
      leave: { fraction: [2, 3], min: 1 },
      governance: { fraction: [2, 3], min: 1 },
    },
    live: {
      resolvers: [],
      timeoutMs: 2000,
      retries: 0,
      concurrency: 16,
      proofLabel: '_pmnet-proof',
      requireProof: 'never',
      certificateWarningDays: 21,
      sharedNameCoverage: 'notice',
      caFiles: [],
      ...over,
    },

    health: { ...DEFAULT_HEALTH },
  };
}

export function testMember(id: string, domain: string, port: number, ipv4: string[], over: Partial<Member['node']> = {}): Member {
  return {
    id,
    file: `members/${id}.yaml`,
    organization: { name: `${id} org` },
    contacts: [{ email: `ops@${domain}` }],
    github: [id],
    status: 'active',
    node: { domain, ipv4, ipv6: [], api: `https://${domain}:${port}/`, apiPort: port, certificatePins: [], ...over },
  };
}

// ---- fleet ----

export interface Fleet {
  members: Member[];
  extraCa: string[];
  stop(): Promise<void>;
}

/** n members, each with its own ECDSA P-256 certificate on its own loopback address. */
export async function startFleet(n: number): Promise<Fleet> {
  const pki = testPki();
  const members: Member[] = [];
  const running: RunningServer[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const id = `m${i}`;
      const domain = `${id}.fleet.test`;
      const address = `127.78.${Math.floor(i / 250)}.${(i % 250) + 1}`;
      const { cert, chain } = pki.leaf({ cn: domain, dns: [domain, 'api.consortium.test', `${id}.nodes.consortium.test`], keySpec: 'p256' });
      const srv = await startServer({ addresses: [address], cert: chain, key: cert.keyPem, domain });
      running.push(srv);
      members.push(testMember(id, domain, srv.port, [address]));
    }
  } catch (err) {
    await Promise.all(running.map((r) => r.close()));
    throw err;
  }
  return {
    members,
    extraCa: [pki.root.pem],
    async stop() {
      await Promise.all(running.map((r) => r.close()));
    },
  };
}
