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

export function benchChain(runs: number, checks = 2000): ChainTimes {
  const now = Date.now();
  const root = makeCert({ cn: 'Bench Root', ca: true, keySpec: 'p256', notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 3650 * 86_400_000) });
  const ica = makeCert({ cn: 'Bench Issuing CA', ca: true, keySpec: 'p256', issuer: root, notBefore: new Date(now - 86_400_000), notAfter: new Date(now + 1800 * 86_400_000) });
  const leaf = makeCert({ cn: 'node.example.org', dns: ['node.example.org', 'api.example.org'], issuer: ica });
  // The system store as well: a real run looks issuers up among ~150 roots.
  const anchors = buildAnchors(rootCertificates, [root.pem]);
  const rootX = new X509Certificate(root.der);
  const at = new Date();
  const ours = () => {
    const v = verifyChain({ sent: [leaf.der, ica.der], anchors, name: 'node.example.org', at });
    if (!v.ok) throw new Error(`bench chain not accepted: ${JSON.stringify(v.problems)}`);
  };
  const openssl = () => {
    const l = new X509Certificate(leaf.der);
    const i = new X509Certificate(ica.der);
    if (!l.verify(i.publicKey) || !i.verify(rootX.publicKey) || !l.checkHost('node.example.org')) throw new Error('bench chain not accepted by OpenSSL');
  };
  const time = (f: () => void) => {
    const t = performance.now();
    for (let k = 0; k < checks; k++) f();
    return (performance.now() - t) / checks;
  };
  time(ours);
  time(openssl);
  const out: ChainTimes = { pmnet: [], openssl: [], checks };
  for (let r = 0; r < runs; r++) {
    out.pmnet.push(time(ours));
    out.openssl.push(time(openssl));
  }
  return out;
}
