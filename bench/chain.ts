// Row 8: the cost of pmnet's own chain verdict (scripts/pki/verify.ts) for one served chain,
// against what OpenSSL itself does for the same chain (parse, two signature checks, host check).
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { performance } from 'node:perf_hooks';
import { buildAnchors, verifyChain } from '../scripts/pki/verify.js';
import { makeCert } from '../test/harness/certs.js';

export interface ChainTimes {
  /** Per chain check, ms, one value per run. */
  pmnet: number[];
  openssl: number[];
  checks: number;
}

/**
 * Each check judges a different leaf (as in an audit: one per member) under one shared
 * intermediate, so per-run caches of intermediates help as they would in an audit, and the
 * leaf's own parse and signature check are always paid.
 */
export function benchChain(runs: number, checks = 1000): ChainTimes {
  const now = Date.now();
  const root = makeCert({ cn: 'Bench Root', ca: true, keySpec: 'p256', notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 3650 * 86_400_000) });
  const ica = makeCert({ cn: 'Bench Issuing CA', ca: true, keySpec: 'p256', issuer: root, notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 1800 * 86_400_000) });
  const leaves = (n: number) => Array.from({ length: n }, (_, k) => makeCert({ cn: `n${k}.example.org`, dns: [`n${k}.example.org`, 'api.example.org'], issuer: ica }).der);
  // The system store as well: a real run looks issuers up among ~150 roots.
  const anchors = buildAnchors(rootCertificates, [root.pem]);
  const rootX = new X509Certificate(root.der);
  const at = new Date();
  const ours = (leaf: Buffer, k: number) => {
    const v = verifyChain({ sent: [leaf, ica.der], anchors, name: `n${k}.example.org`, at });
    if (!v.ok) throw new Error(`bench chain not accepted: ${JSON.stringify(v.problems)}`);
  };
  const openssl = (leaf: Buffer, k: number) => {
    const l = new X509Certificate(leaf);
    const i = new X509Certificate(ica.der);
    if (!l.verify(i.publicKey) || !i.verify(rootX.publicKey) || !l.checkHost(`n${k}.example.org`)) throw new Error('bench chain not accepted by OpenSSL');
  };
  const time = (f: (leaf: Buffer, k: number) => void, list: Buffer[]) => {
    const t = performance.now();
    list.forEach(f);
    return (performance.now() - t) / list.length;
  };
  const warm = leaves(100);
  time(ours, warm);
  time(openssl, warm);
  const out: ChainTimes = { pmnet: [], openssl: [], checks };
  for (let r = 0; r < runs; r++) {
    const list = leaves(checks);
    out.pmnet.push(time(ours, list));
    out.openssl.push(time(openssl, list));
  }
  return out;
}
