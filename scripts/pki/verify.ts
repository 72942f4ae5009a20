// pmnet's own Web-PKI verdict on a served chain, independent of OpenSSL's pass/fail:
// path building over the sent certificates and the trust anchors (alternate paths through
// cross-signed intermediates, a trusted intermediate), then RFC 5280 §6.1 path checks and
// the CA/B Forum Baseline Requirements' profile, key and name rules. Never throws.
import { createHash, verify, X509Certificate } from 'node:crypto';
import { children, DerError, parseDer, raw } from './der.js';
import { dnsIdMatches, dnsInSubtree, ipInSubtree, ipText, isPublicSuffix, isValidDnsConstraint, isValidPresentedDns } from './names.js';
import type { ChainVerdict, Problem, ProblemRule } from './types.js';
import { EKU, EXT, extName, KU, parseCert, publicKey, type Cert, type Subtree } from './x509.js';

/** Longest path tried (leaf + intermediates + root); real chains have 2-4 certificates. */
const MAX_DEPTH = 8;
/** Issuer candidates one verdict may try while building paths (pathological graphs). */
const MAX_SIGNATURE_CHECKS = 64;
/** Name-constraint comparisons one CA may cost (names × subtrees); beyond it, fail closed. */
const MAX_NC_WORK = 65_536;

export interface TrustAnchors {
  bySubject: Map<string, Cert[]>;
  /** Anchors from the operating system's store: trusted as shipped, without profile checks. */
  system: Set<Cert>;
}

/** Parses trust anchors once: `system` DER/PEM roots as shipped, `extra` held to the CA/B profile. */
export function buildAnchors(system: readonly string[], extra: readonly string[]): TrustAnchors {
  const a: TrustAnchors = { bySubject: new Map(), system: new Set() };
  const add = (pem: string, isSystem: boolean) => {
    for (const block of pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []) {
      let c: Cert;
      try {
        c = parseCert(Buffer.from(block.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64'));
      } catch {
        continue; // checkExtraCa (live/tls/fetch.ts) reports unreadable extra CAs as a usage error
      }
      const key = c.subject.toString('hex');
      const list = a.bySubject.get(key) ?? [];
      list.push(c);
      a.bySubject.set(key, list);
      if (isSystem) a.system.add(c);
    }
  };
  for (const p of system) add(p, true);
  for (const p of extra) add(p, false);
  return a;
}

export interface VerifyInput {
  /** DER certificates as the server sent them, leaf first. */
  sent: readonly Buffer[];
  /** sent[0] already parsed by the caller (parseCert), so the leaf is read once per probe. */
  leaf?: Cert | undefined;
  anchors: TrustAnchors;
  /** The name the client connects to (SNI), ASCII. */
  name: string;
  at: Date;
}

type Role = 'leaf' | 'intermediate' | 'root';

interface Ctx {
  problems: Problem[];
}

export function verifyChain(input: VerifyInput): ChainVerdict {
  const at = input.at.toISOString();
  try {
    return judge(input, at);
  } catch (err) {
    // A bug must not hide the node's other findings: say so, fail closed.
    const detail = `could not be judged by pmnet (${short(err instanceof Error ? err.message : String(err), 60)})`;
    return { ok: false, path: [], at, problems: [problem('tls/untrusted-chain', 'internal', 'the certificate', 'chain', detail, 'RFC 5280 §6.1', 'report this to the pmnet maintainers with the certificate file')] };
  }
}

function judge(input: VerifyInput, at: string): ChainVerdict {
  // RFC 5280 times have whole seconds: compare the checking time floored to the second.
  const now = Math.floor(input.at.getTime() / 1000) * 1000;
  const ctx: Ctx = { problems: [] };
  if (!input.sent.length) {
    return { ok: false, path: [], at, problems: [problem('tls/untrusted-chain', 'no-certificate', 'the server', 'Certificate', 'sent no certificate', 'RFC 8446 §4.4.2', 'configure the server with a certificate for this name')] };
  }
  let leaf: Cert;
  try {
    leaf = input.leaf ?? parseCert(input.sent[0]!);
  } catch (err) {
    const detail = `cannot be read as an X.509 certificate (${short(err instanceof Error ? err.message : String(err), 60)})`;
    return { ok: false, path: [], at, problems: [problem('tls/certificate-profile', 'malformed', 'the certificate', 'Certificate', detail, 'RFC 5280 §4.1', 'serve a well-formed certificate from your CA')] };
  }
  const intermediates: Cert[] = [];
  for (const der of input.sent.slice(1)) {
    const c = parseIntermediate(der);
    // An unreadable extra certificate only matters if it was needed: the path search says so.
    if (c) intermediates.push(c);
  }

  checkLeaf(ctx, leaf, input.name, now);
  const search = buildPaths(leaf, intermediates, input.anchors);
  let best: { path: Cert[]; problems: Problem[] } | undefined;
  for (const path of search.paths) {
    const p: Ctx = { problems: [] };
    checkPath(p, path, input.anchors, now);
    if (!best || p.problems.length < best.problems.length) best = { path, problems: p.problems };
    if (!p.problems.length) break;
  }
  if (best) ctx.problems.push(...best.problems);
  else ctx.problems.push(noPath(search, leaf, intermediates));
  if (!best) checkSignatureAlgorithm(ctx, leaf, 'leaf');
  return { ok: ctx.problems.length === 0, path: best ? best.path.map((c) => c.subjectText) : [], at, problems: ctx.problems };
}

// ---- path building ----

interface Search {
  paths: Cert[][];
  /** The longest chain that found no trusted issuer. */
  deepest: Cert[];
  /** Issuer candidates whose signature did not verify, per child fingerprint. */
  badSignature: Array<{ child: Cert; issuer: Cert }>;
  exhausted: boolean;
}

function buildPaths(leaf: Cert, intermediates: Cert[], anchors: TrustAnchors): Search {
  const s: Search = { paths: [], deepest: [leaf], badSignature: [], exhausted: false };
  const bySubject = new Map<string, Cert[]>();
  for (const c of intermediates) {
    const k = c.subject.toString('hex');
    bySubject.set(k, [...(bySubject.get(k) ?? []), c]);
  }
  let checks = 0;
  const signs = (child: Cert, issuer: Cert): boolean => {
    // Every edge tried counts, cached or not: the budget bounds the search, not only the crypto.
    if (checks++ >= MAX_SIGNATURE_CHECKS) {
      s.exhausted = true;
      return false;
    }
    const key = `${fp(child)}>${fp(issuer)}`;
    let ok = verified.get(key);
    if (ok === undefined) {
      ok = signatureVerifies(child, issuer);
      if (verified.size >= MAX_CACHED) verified.clear();
      verified.set(key, ok);
    }
    if (!ok) s.badSignature.push({ child, issuer });
    return ok;
  };
  const walk = (path: Cert[]): void => {
    if (s.paths.length >= 8 || s.exhausted) return;
    const top = path[path.length - 1]!;
    if (path.length > s.deepest.length) s.deepest = path;
    const key = top.issuer.toString('hex');
    const inPath = (c: Cert) => path.some((p) => fp(p) === fp(c) || (p.subject.equals(c.subject) && p.spki.equals(c.spki)));
    for (const a of orderByKeyId(top, anchors.bySubject.get(key) ?? [])) {
      if (fp(a) === fp(top) || inPath(a)) continue;
      if (signs(top, a)) s.paths.push([...path, a]);
    }
    if (path.length + 1 >= MAX_DEPTH) return;
    for (const c of orderByKeyId(top, bySubject.get(key) ?? [])) {
      if (inPath(c)) continue;
      if (signs(top, c)) walk([...path, c]);
    }
  };
  // A leaf that is itself a trust anchor (a test network's self-signed certificate in
  // live.ca_files) is a complete path: clients that trust it accept it as is.
  if ((anchors.bySubject.get(leaf.subject.toString('hex')) ?? []).some((a) => a.der.equals(leaf.der))) s.paths.push([leaf]);
  else walk([leaf]);
  return s;
}

// A fleet's members share their CAs' intermediates: each is parsed, and its signature by its
// issuer checked, once per run. Certificates are immutable values, so caching is safe.
const MAX_CACHED = 10_000;
const intermediateCache = new Map<string, Cert | null>();
const verified = new Map<string, boolean>();

function parseIntermediate(der: Buffer): Cert | undefined {
  const key = der.toString('latin1');
  let c = intermediateCache.get(key);
  if (c === undefined) {
    try {
      c = parseCert(der);
    } catch {
      c = null;
    }
    if (intermediateCache.size >= MAX_CACHED) intermediateCache.clear();
    intermediateCache.set(key, c);
  }
  return c ?? undefined;
}

/** Candidates whose subjectKeyIdentifier matches the child's authorityKeyIdentifier first. */
function orderByKeyId(child: Cert, list: Cert[]): Cert[] {
  const id = child.aki?.keyId;
  if (!id || list.length < 2) return list;
  return [...list.filter((c) => c.ski?.keyId.equals(id)), ...list.filter((c) => !c.ski?.keyId.equals(id))];
}

/** Digest per signature algorithm for crypto.verify (null: the key type fixes it, as in EdDSA). */
const DIGESTS: Record<string, string | null> = {
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.4': 'md5',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10040.4.3': 'sha1',
  '2.16.840.1.101.3.4.3.2': 'sha256',
  '1.3.101.112': null,
  '1.3.101.113': null,
};

function signatureVerifies(child: Cert, issuer: Cert): boolean {
  const key = publicKey(issuer);
  if (!key) return false;
  try {
    // The outer and inner algorithm must agree (RFC 5280 §4.1.1.2) before either is trusted.
    if (!child.innerSigAlg.equals(child.outerSigAlg)) return false;
    const digest = DIGESTS[child.sigOid];
    if (digest !== undefined) return verify(digest, child.tbs, key, child.signature);
    // RSASSA-PSS and anything rarer: let OpenSSL read the parameters.
    return new X509Certificate(child.der).verify(key);
  } catch {
    return false;
  }
}

function fp(c: Cert): string {
  if (!c.fingerprint) c.fingerprint = createHash('sha256').update(c.der).digest('base64');
  return c.fingerprint;
}

function noPath(s: Search, leaf: Cert, intermediates: Cert[]): Problem {
  const top = s.deepest[s.deepest.length - 1]!;
  const who = describe(top, top === leaf ? 'leaf' : 'intermediate');
  if (s.exhausted) {
    return problem('tls/untrusted-chain', 'too-complex', who, 'chain', `reaches no trusted root within ${MAX_SIGNATURE_CHECKS} signature checks (${intermediates.length} intermediates sent, signing for each other)`, 'RFC 4158 §2.4', 'serve only the leaf and the intermediates of one path to your CA\'s root');
  }
  const bad = s.badSignature.find((b) => b.child === top);
  if (bad) {
    return problem('tls/untrusted-chain', 'bad-signature', who, 'signatureValue', `has a signature that does not verify with the key of "${short(bad.issuer.subjectText)}"`, 'RFC 5280 §6.1.3 (a)(1)', 'serve the intermediate that issued this certificate (the chain file from the same issuance)');
  }
  if (top.selfIssued) {
    return problem('tls/untrusted-chain', 'untrusted-root', who, 'issuer', `ends the chain as a self-signed certificate that is not a trusted root`, 'RFC 5280 §6.1', 'use a publicly trusted CA, or add this root to network.yaml live.ca_files for a test network');
  }
  const cert = top === leaf ? 'the certificate' : who;
  if (intermediates.some((c) => c.subject.equals(top.issuer))) {
    return problem('tls/untrusted-chain', 'no-trusted-root', cert, 'issuer', `names the issuer "${short(top.issuerText)}", sent by the server, but no path from it reaches a trusted root`, 'RFC 5280 §6.1; RFC 4158 §2.4', 'serve the intermediates of one path up to a root your clients trust (your CA\'s chain file)');
  }
  return problem(
    'tls/untrusted-chain',
    'missing-intermediate',
    cert,
    'issuer',
    `names the issuer "${short(top.issuerText)}", which the server does not send and no trusted root is`,
    'RFC 8446 §4.4.2; RFC 5280 §6.1',
    `add the intermediate "${short(top.issuerText)}" to the certificate file (serve fullchain.pem)`,
  );
}

// ---- checks ----

function problem(rule: ProblemRule, code: string, cert: string, field: string, detail: string, citation: string, fix: string): Problem {
  return { rule, code, cert, field, detail, citation, fix };
}

function describe(c: Cert, role: Role): string {
  if (role === 'leaf') return 'the certificate';
  return `the ${role === 'root' ? 'root' : 'intermediate'} "${short(c.subjectText)}"`;
}

const PROCESSED_CRITICAL = new Set<string>([
  EXT.basicConstraints,
  EXT.keyUsage,
  EXT.extKeyUsage,
  EXT.subjectAltName,
  EXT.nameConstraints,
  EXT.certificatePolicies,
  EXT.policyConstraints,
  EXT.policyMappings,
  EXT.inhibitAnyPolicy,
]);

const MUST_NOT_BE_CRITICAL: Array<[string, string]> = [
  [EXT.authorityKeyIdentifier, 'RFC 5280 §4.2.1.1'],
  [EXT.subjectKeyIdentifier, 'RFC 5280 §4.2.1.2'],
  [EXT.authorityInfoAccess, 'RFC 5280 §4.2.2.1'],
];

/** Encoding rules every certificate of the path must follow (RFC 5280 §4, BR §7.1). */
function checkEncoding(ctx: Ctx, c: Cert, role: Role): void {
  const who = describe(c, role);
  const bad = (code: string, field: string, detail: string, citation: string, fix: string) => ctx.problems.push(problem('tls/certificate-profile', code, who, field, detail, citation, fix));
  const reissue = role === 'leaf' ? 'get a new certificate from a CA that follows the Baseline Requirements' : 'use a current, conforming issuer certificate from your CA';
  if (c.version !== 2) bad('not-v3', 'version', `is an X.509 v${c.version + 1} certificate`, 'CA/B Forum BR §7.1.1; RFC 5280 §4.1.2.1', reissue);
  const serial = c.serial;
  // A trust anchor is input to path validation (RFC 5280 §6.1.1 (d)): its serial number and
  // authority key identifier locate nothing, so only certificates below it are held to them.
  if (role !== 'root') {
    if (serial.length === 0 || serial[0]! & 0x80) bad('serial-negative', 'serialNumber', 'has a negative serial number', 'RFC 5280 §4.1.2.2', reissue);
    else if (serial.every((b) => b === 0)) bad('serial-zero', 'serialNumber', 'has the serial number 0', 'RFC 5280 §4.1.2.2', reissue);
    else if (serial.length - (serial[0] === 0 ? 1 : 0) > 20) bad('serial-too-long', 'serialNumber', `has a serial number of ${serial.length} octets (at most 20)`, 'RFC 5280 §4.1.2.2', reissue);
  }
  if (!c.innerSigAlg.equals(c.outerSigAlg)) bad('signature-algorithm-mismatch', 'signatureAlgorithm', 'names different signature algorithms inside and outside tbsCertificate', 'RFC 5280 §4.1.1.2', reissue);
  if (c.issuerEmpty) bad('empty-issuer', 'issuer', 'has an empty issuer name', 'RFC 5280 §4.1.2.4', reissue);
  const seen = new Set<string>();
  for (const e of c.extensions) {
    if (seen.has(e.oid)) bad('duplicate-extension', extName(e.oid), `carries the ${extName(e.oid)} extension twice`, 'RFC 5280 §4.2', reissue);
    seen.add(e.oid);
    if (e.critical && !PROCESSED_CRITICAL.has(e.oid) && !MUST_NOT_BE_CRITICAL.some(([o]) => o === e.oid)) {
      bad('unknown-critical-extension', extName(e.oid), `has the critical extension ${e.oid}, which clients do not know and must therefore reject`, 'RFC 5280 §4.2', reissue);
    }
  }
  for (const [o, cite] of MUST_NOT_BE_CRITICAL) {
    if (c.extensions.some((e) => e.oid === o && e.critical)) bad('critical-extension', extName(o), `marks ${extName(o)} critical, which conforming CAs must not`, cite, reissue);
  }
  if (c.extensions.some((e) => e.oid === EXT.policyConstraints && !e.critical)) bad('noncritical-policy-constraints', 'policyConstraints', 'marks policyConstraints non-critical, which conforming CAs must not', 'RFC 5280 §4.2.1.11', reissue);
  for (const d of c.defects) bad('malformed-extension', 'extensions', d, 'RFC 5280 §4.2', reissue);
  // The AKI key identifier locates the issuer; only a self-signed certificate may omit it.
  if (role !== 'root' && !c.selfIssued && !c.aki?.keyId) bad('missing-aki', 'authorityKeyIdentifier', 'has no authorityKeyIdentifier key identifier', 'RFC 5280 §4.2.1.1', reissue);
}

/** Key and algorithm policy (BR §6.1.5, §7.1.3). */
function checkKey(ctx: Ctx, c: Cert, role: Role): void {
  const who = describe(c, role);
  const fix = role === 'leaf' ? 'make a new key (RSA 2048+ or ECDSA P-256) and get a new certificate' : 'use a CA whose keys are RSA 2048+ or ECDSA P-256/P-384';
  const weak = (code: string, detail: string, citation: string) => ctx.problems.push(problem('tls/weak-key', code, who, 'subjectPublicKeyInfo', detail, citation, fix));
  const o = c.spkiAlgOid;
  if (o === '1.2.840.113549.1.1.1' || o === '1.2.840.113549.1.1.10') {
    const bits = publicKey(c)?.asymmetricKeyDetails?.modulusLength;
    if (bits === undefined) weak('unreadable-key', 'has an RSA key that cannot be read', 'CA/B Forum BR §6.1.5');
    else if (bits < 2048) weak('rsa-too-small', `has an RSA key of ${bits} bits; at least 2048 are required`, 'CA/B Forum BR §6.1.5');
    else if (bits % 8) weak('rsa-not-multiple-of-8', `has an RSA key of ${bits} bits, not a multiple of 8`, 'CA/B Forum BR §6.1.5');
  } else if (o === '1.2.840.10045.2.1') {
    const params = c.spkiParams;
    const curve = params && params[0] === 0x06 ? curveName(params) : undefined;
    if (!params || params[0] !== 0x06) weak('explicit-curve', 'has an EC key with explicit curve parameters instead of a named curve', 'CA/B Forum BR §7.1.3.1.2; RFC 5480 §2.1.1');
    else if (!curve || !['P-256', 'P-384', 'P-521'].includes(curve)) weak('bad-curve', `has an EC key on the curve ${curve ?? 'with OID ' + params.toString('hex')}; only P-256, P-384 and P-521 are allowed`, 'CA/B Forum BR §6.1.5');
  } else if (o === '1.3.101.112' || o === '1.3.101.113') {
    // EdDSA: accepted by pmnet's clients (Node, Python, curl); browsers do not use it.
  } else if (o === '1.2.840.10040.4.1') {
    weak('dsa-key', 'has a DSA key, which TLS server certificates may not use', 'CA/B Forum BR §6.1.5');
  } else {
    weak('bad-key-type', `has a public key of type ${o}, which TLS server certificates may not use`, 'CA/B Forum BR §6.1.5');
  }
}

const CURVES: Record<string, string> = {
  '06082a8648ce3d030107': 'P-256',
  '06052b81040022': 'P-384',
  '06052b81040023': 'P-521',
  '06082a8648ce3d030101': 'P-192',
  '06052b81040021': 'P-224',
  '06052b8104000a': 'secp256k1',
};

function curveName(params: Buffer): string | undefined {
  return CURVES[params.toString('hex')];
}

const SIGNATURES: Record<string, { name: string; ok: boolean }> = {
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', ok: true },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', ok: true },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', ok: true },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS', ok: true },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', ok: true },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', ok: true },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', ok: true },
  '1.3.101.112': { name: 'Ed25519', ok: true },
  '1.3.101.113': { name: 'Ed448', ok: true },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', ok: false },
  '1.3.14.3.2.29': { name: 'sha1WithRSASignature', ok: false },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', ok: false },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', ok: false },
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', ok: false },
  '1.2.840.10040.4.3': { name: 'dsa-with-sha1', ok: false },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa-with-sha256', ok: false },
};

/** Signature algorithm policy of a certificate whose signature the path relies on (BR §7.1.3.2). */
function checkSignatureAlgorithm(ctx: Ctx, c: Cert, role: Role): void {
  const s = SIGNATURES[c.sigOid];
  if (s?.ok) return;
  const name = s?.name ?? c.sigOid;
  const fix = role === 'leaf' ? 'get a certificate signed with SHA-256 or better' : 'serve the current intermediate from your CA, signed with SHA-256 or better';
  ctx.problems.push(problem('tls/sha1-signature', 'weak-signature', describe(c, role), 'signatureAlgorithm', `is signed with ${name}, which clients reject`, 'CA/B Forum BR §7.1.3.2; RFC 9155', fix));
}

function checkValidity(ctx: Ctx, c: Cert, role: Role, now: number): void {
  const who = describe(c, role);
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  if (now > c.notAfter) {
    if (role === 'leaf') ctx.problems.push(problem('tls/expired', 'expired', who, 'validity', `expired at ${iso(c.notAfter)}`, 'RFC 5280 §4.1.2.5 and §6.1.3 (a)(2)', 'renew it and reload the server; check that automatic renewal runs'));
    else ctx.problems.push(problem('tls/untrusted-chain', 'issuer-expired', who, 'validity', `expired at ${iso(c.notAfter)}`, 'RFC 5280 §6.1.3 (a)(2)', role === 'root' ? 'use a chain to a current root of your CA' : 'serve the current intermediate from your CA'));
  } else if (now < c.notBefore) {
    if (role === 'leaf') ctx.problems.push(problem('tls/not-yet-valid', 'not-yet-valid', who, 'validity', `is not valid before ${iso(c.notBefore)}`, 'RFC 5280 §4.1.2.5 and §6.1.3 (a)(2)', 'serve the previous certificate until then, or check the clock of the machine that issued it'));
    else ctx.problems.push(problem('tls/untrusted-chain', 'issuer-not-yet-valid', who, 'validity', `is not valid before ${iso(c.notBefore)}`, 'RFC 5280 §6.1.3 (a)(2)', 'serve the intermediate your CA uses today'));
  }
}

function checkLeaf(ctx: Ctx, leaf: Cert, name: string, now: number): void {
  const who = 'the certificate';
  const push = (rule: ProblemRule, code: string, field: string, detail: string, citation: string, fix: string) => ctx.problems.push(problem(rule, code, who, field, detail, citation, fix));
  const reissue = 'get a new certificate from a CA that follows the Baseline Requirements';
  checkValidity(ctx, leaf, 'leaf', now);
  checkEncoding(ctx, leaf, 'leaf');
  checkKey(ctx, leaf, 'leaf');
  if (leaf.basicConstraints?.ca) push('tls/certificate-profile', 'leaf-is-ca', 'basicConstraints', 'is a CA certificate (basicConstraints cA=TRUE) served as a TLS server certificate', 'CA/B Forum BR §7.1.2.7.8', 'serve a subscriber (end-entity) certificate, not a CA certificate');
  if (!leaf.basicConstraints?.ca && leaf.keyUsage !== null && leaf.keyUsage & (1 << KU.keyCertSign)) push('tls/certificate-profile', 'leaf-keycertsign', 'keyUsage', 'asserts keyCertSign in a certificate that is not a CA', 'RFC 5280 §4.2.1.3 and §4.2.1.9; CA/B Forum BR §7.1.2.7.11', reissue);
  if (leaf.nameConstraints) push('tls/certificate-profile', 'leaf-name-constraints', 'nameConstraints', 'carries nameConstraints, which only CA certificates may', 'RFC 5280 §4.2.1.10', reissue);

  const eku = leaf.extKeyUsage;
  const ekuFix = 'get a TLS server certificate (extended key usage serverAuth only)';
  if (!eku) {
    if (!leaf.defects.some((d) => d.includes('extKeyUsage'))) push('tls/no-server-auth', 'no-eku', 'extKeyUsage', 'has no extended key usage extension; subscriber certificates must list serverAuth', 'CA/B Forum BR §7.1.2.7.6 and §7.1.2.7.10', ekuFix);
  } else {
    if (eku.critical) push('tls/certificate-profile', 'critical-eku', 'extKeyUsage', 'marks extKeyUsage critical, which subscriber certificates must not', 'CA/B Forum BR §7.1.2.7.6', reissue);
    if (!eku.oids.length) push('tls/no-server-auth', 'empty-eku', 'extKeyUsage', 'has an empty extended key usage list', 'RFC 5280 §4.2.1.12', ekuFix);
    else if (eku.oids.includes(EKU.any)) push('tls/no-server-auth', 'any-eku', 'extKeyUsage', 'lists anyExtendedKeyUsage, which subscriber certificates must not', 'CA/B Forum BR §7.1.2.7.10', ekuFix);
    else if (!eku.oids.includes(EKU.serverAuth)) push('tls/no-server-auth', 'no-server-auth', 'extKeyUsage', `lists ${short(eku.oids.map(ekuName).join(', '), 60)} but not serverAuth`, 'RFC 5280 §4.2.1.12; CA/B Forum BR §7.1.2.7.10', ekuFix);
  }

  const san = leaf.san;
  if (!san) {
    if (!leaf.defects.some((d) => d.includes('subjectAltName'))) push('tls/name-mismatch', 'no-san', 'subjectAltName', `has no subjectAltName (subject "${short(leaf.subjectText)}"); clients do not fall back to the Common Name`, 'RFC 9525 §6.3; CA/B Forum BR §7.1.2.7.12', `get a certificate whose subjectAltName lists "${name}"`);
    else push('tls/name-mismatch', 'bad-san', 'subjectAltName', 'has a subjectAltName that cannot be read, so it names no host', 'RFC 5280 §4.2.1.6', `get a certificate whose subjectAltName lists "${name}"`);
    return;
  }
  if (leaf.subjectEmpty && !san.critical) push('tls/certificate-profile', 'san-not-critical', 'subjectAltName', 'has an empty subject and a non-critical subjectAltName', 'RFC 5280 §4.2.1.6', reissue);
  if (!leaf.subjectEmpty && san.critical) push('tls/certificate-profile', 'san-critical', 'subjectAltName', 'marks subjectAltName critical although the subject is not empty', 'CA/B Forum BR §7.1.2.7.12', reissue);
  const invalid = san.dns.filter((d) => !isValidPresentedDns(d));
  if (invalid.length) push('tls/certificate-profile', 'bad-dns-name', 'subjectAltName', `lists "${short(invalid[0]!, 30)}"${invalid.length > 1 ? ` (and ${invalid.length - 1} more)` : ''}, not in the preferred name syntax (LDH labels, * only as a whole label)`, 'RFC 5280 §4.2.1.6; RFC 1034 §3.5', reissue);
  const ipTexts = san.ip.map(ipText);
  // BR §7.1.4.3 wants the CN to be a copy of a SAN entry. Clients ignore the CN (RFC 9525), so
  // pmnet flags only a CN naming another host: one that is neither a SAN entry (exactly, case
  // included) nor a parent domain of one (a CN "example.com" over "*.example.com" is tolerated).
  for (const cn of leaf.commonNames) {
    if (!san.dns.includes(cn) && !ipTexts.includes(cn) && !(looksLikeDomain(cn) && san.dns.some((d) => d.endsWith(`.${cn}`))) && looksLikeDomain(cn) !== undefined) push('tls/certificate-profile', 'cn-not-in-san', 'subject', `has the Common Name "${short(cn)}", not a character-for-character copy of a subjectAltName entry`, 'CA/B Forum BR §7.1.4.3', reissue);
  }
  if (!san.dns.some((d) => isValidPresentedDns(d) && dnsIdMatches(d, name))) {
    const suffix = san.dns.filter((d) => d.startsWith('*.') && isPublicSuffix(d.slice(2)));
    const detail = suffix.length
      ? `does not cover "${short(name)}": its wildcard "${short(suffix[0]!)}" spans a public suffix, never matched`
      : `does not cover "${short(name)}"`;
    push('tls/name-mismatch', san.dns.length && !suffix.length ? 'name-mismatch' : 'name-not-listed', 'subjectAltName', detail, 'RFC 9525 §6.3; CA/B Forum BR §3.2.2.6', `get a certificate for "${short(name)}" (a wildcard covers one left-most label, never a public suffix)`);
  }
}

function checkPath(ctx: Ctx, path: Cert[], anchors: TrustAnchors, now: number): void {
  const last = path.length - 1;
  for (let i = 1; i <= last; i++) {
    const c = path[i]!;
    const role: Role = i === last ? 'root' : 'intermediate';
    const who = describe(c, role);
    const system = i === last && anchors.system.has(c);
    checkSignatureAlgorithm(ctx, path[i - 1]!, i === 1 ? 'leaf' : 'intermediate');
    checkValidity(ctx, c, role, now);
    checkKey(ctx, c, role);
    const bc = c.basicConstraints;
    const caFix = role === 'root' ? 'trust the CA\'s real root certificate' : 'serve the intermediate your CA publishes';
    if (!bc || !bc.ca) {
      ctx.problems.push(problem('tls/untrusted-chain', 'issuer-not-ca', who, 'basicConstraints', bc ? 'signs certificates but is not a CA (basicConstraints cA=FALSE)' : 'signs certificates but has no basicConstraints extension', 'RFC 5280 §4.2.1.9 and §6.1.4 (k)', caFix));
    } else {
      if (bc.pathLen !== undefined) {
        const below = path.slice(1, i).filter((x) => !x.selfIssued).length;
        if (below > bc.pathLen) ctx.problems.push(problem('tls/untrusted-chain', 'path-length', who, 'basicConstraints', `allows ${bc.pathLen} intermediate(s) below it (pathLenConstraint) but ${below} follow`, 'RFC 5280 §4.2.1.9 and §6.1.4 (m)', 'serve the chain your CA publishes; this path is not allowed'));
      }
    }
    if (c.keyUsage !== null && !(c.keyUsage & (1 << KU.keyCertSign))) ctx.problems.push(problem('tls/untrusted-chain', 'no-keycertsign', who, 'keyUsage', 'signs certificates but its keyUsage lacks keyCertSign', 'RFC 5280 §4.2.1.3 and §6.1.4 (n)', caFix));
    const eku = c.extKeyUsage;
    if (eku && !eku.oids.includes(EKU.serverAuth) && !eku.oids.includes(EKU.any) && !system) {
      ctx.problems.push(problem('tls/no-server-auth', 'issuer-no-server-auth', who, 'extKeyUsage', `restricts its certificates to ${short(eku.oids.map(ekuName).join(', '), 50)}, without serverAuth`, 'RFC 5280 §4.2.1.12; CA/B Forum BR §7.1.2.2', 'get a certificate from a CA hierarchy meant for TLS servers'));
    }
    if (!system) checkCaProfile(ctx, c, role);
    if (c.nameConstraints) for (let j = 0; j < i; j++) if (j === 0 || !path[j]!.selfIssued) checkNameConstraints(ctx, c, who, path[j]!, j === 0 ? 'leaf' : 'intermediate');
  }
}

/** CA certificate profile (RFC 5280 §4.2, BR §7.1.2.1-§7.1.2.2); not applied to the system's own roots. */
function checkCaProfile(ctx: Ctx, c: Cert, role: Role): void {
  checkEncoding(ctx, c, role);
  const who = describe(c, role);
  const bad = (code: string, field: string, detail: string, citation: string) => ctx.problems.push(problem('tls/certificate-profile', code, who, field, detail, citation, role === 'root' ? 'trust a root certificate that follows the CA/B Forum profile' : 'use a conforming intermediate from your CA'));
  if (c.subjectEmpty) bad('ca-empty-subject', 'subject', 'is a CA with an empty subject', 'RFC 5280 §4.1.2.6');
  if (c.basicConstraints && !c.basicConstraints.critical) bad('bc-not-critical', 'basicConstraints', 'is a CA whose basicConstraints is not critical', 'RFC 5280 §4.2.1.9');
  if (!c.ski) bad('missing-ski', 'subjectKeyIdentifier', 'is a CA without subjectKeyIdentifier', 'RFC 5280 §4.2.1.2');
  if (c.basicConstraints?.pathLen !== undefined && c.keyUsage !== null && !(c.keyUsage & (1 << KU.keyCertSign))) bad('pathlen-without-keycertsign', 'basicConstraints', 'sets pathLenConstraint but its keyUsage lacks keyCertSign', 'RFC 5280 §4.2.1.9');
  const nc = c.nameConstraints;
  if (nc) {
    if (!nc.permitted?.length && !nc.excluded?.length) bad('empty-name-constraints', 'nameConstraints', 'has nameConstraints with neither permitted nor excluded subtrees', 'CA/B Forum BR §7.1.2.5.2; RFC 5280 §4.2.1.10');
    const dns = [...(nc.permitted ?? []), ...(nc.excluded ?? [])].filter((s) => s.tag === 2).map((s) => s.value as string);
    const invalid = dns.filter((d) => !isValidDnsConstraint(d));
    if (invalid.length) bad('bad-dns-constraint', 'nameConstraints', `has the invalid dNSName constraint "${short(invalid[0]!, 30)}" (no wildcard or leading dot is allowed)`, 'RFC 5280 §4.2.1.10');
  }
  if (role === 'root') {
    if (c.extKeyUsage) bad('root-eku', 'extKeyUsage', 'is a root certificate with an extKeyUsage extension', 'CA/B Forum BR §7.1.2.1.2');
    const aki = c.aki;
    if (aki && c.selfIssued) {
      if (!aki.keyId) bad('root-aki-no-keyid', 'authorityKeyIdentifier', 'has an authorityKeyIdentifier without keyIdentifier', 'CA/B Forum BR §7.1.2.1.3');
      else if (!c.ski || !aki.keyId.equals(c.ski.keyId)) bad('root-aki-ski-mismatch', 'authorityKeyIdentifier', 'has an authorityKeyIdentifier that differs from its subjectKeyIdentifier', 'CA/B Forum BR §7.1.2.1.3');
      if (aki.hasIssuer || aki.hasSerial) bad('root-aki-issuer-serial', 'authorityKeyIdentifier', 'has authorityCertIssuer or authorityCertSerialNumber in its authorityKeyIdentifier', 'CA/B Forum BR §7.1.2.1.3');
    }
  }
}

const FORMS: Record<number, string> = { 0: 'otherName', 1: 'rfc822Name', 2: 'dNSName', 3: 'x400Address', 4: 'directoryName', 5: 'ediPartyName', 6: 'URI', 7: 'iPAddress', 8: 'registeredID' };

/** RFC 5280 §4.2.1.10 and §6.1.3 (b)-(c): the names of `sub` against the constraints of `ca`. */
function checkNameConstraints(ctx: Ctx, ca: Cert, caWho: string, sub: Cert, subRole: Role): void {
  const nc = ca.nameConstraints!;
  const permitted = nc.permitted ?? [];
  const excluded = nc.excluded ?? [];
  const san = sub.san;
  const dns = san?.dns ?? [];
  const ips = san?.ip ?? [];
  const dirs = [...(sub.subjectEmpty ? [] : [sub.subject]), ...(san?.dirNames ?? [])];
  const others = san?.other ?? [];
  const subWho = describe(sub, subRole);
  const fail = (detail: string): void => {
    ctx.problems.push(problem('tls/untrusted-chain', 'name-constraints', subWho, 'subjectAltName', `${detail} (name constraints of ${caWho.startsWith('the root') ? 'the root' : 'an intermediate'})`, 'RFC 5280 §4.2.1.10 and §6.1.3 (b)-(c)', 'get a certificate for names this CA may issue for, or a certificate from another CA'));
  };
  const names = dns.length + ips.length + dirs.length + others.length;
  if (names * (permitted.length + excluded.length) > MAX_NC_WORK) {
    fail(`has ${names} names for ${permitted.length + excluded.length} constraints, over ${MAX_NC_WORK} comparisons`);
    return;
  }
  const ofTag = (list: Subtree[], tag: number) => list.filter((s) => s.tag === tag);
  // dNSName
  const pd = ofTag(permitted, 2);
  const ed = ofTag(excluded, 2);
  for (const d of dns) {
    if (pd.length && !pd.some((s) => dnsInSubtree(d, s.value as string).inside)) return fail(`"${short(d, 30)}" is outside the permitted DNS subtrees`);
    const hit = ed.find((s) => dnsInSubtree(d, s.value as string).touches);
    if (hit) return fail(`"${short(d, 30)}" reaches the excluded subtree "${short(hit.value as string, 30)}"`);
  }
  // iPAddress
  const pi = ofTag(permitted, 7);
  const ei = ofTag(excluded, 7);
  for (const ip of ips) {
    if (pi.length && !pi.some((s) => ipInSubtree(ip, s.value as Buffer))) return fail(`the address ${ipText(ip)} is outside the permitted address ranges`);
    if (ei.some((s) => ipInSubtree(ip, s.value as Buffer))) return fail(`the address ${ipText(ip)} is in an excluded address range`);
  }
  // directoryName: RDN-sequence prefix
  const pn = ofTag(permitted, 4);
  const en = ofTag(excluded, 4);
  for (const dn of dirs) {
    if (pn.length && !pn.some((s) => dnWithin(dn, s.value as Buffer))) return fail('a directory name is outside the permitted subtrees');
    if (en.some((s) => dnWithin(dn, s.value as Buffer))) return fail('a directory name is inside an excluded subtree');
  }
  // Forms pmnet does not match: a constraint on a form that appears cannot be processed.
  for (const tag of new Set(others)) {
    if (permitted.some((s) => s.tag === tag) || excluded.some((s) => s.tag === tag)) return fail(`has a ${FORMS[tag] ?? `[${tag}]`} name under a constraint pmnet cannot check`);
  }
}

function dnWithin(name: Buffer, base: Buffer): boolean {
  try {
    const n = children(parseDer(name)).map(raw);
    const b = children(parseDer(base)).map(raw);
    return b.length <= n.length && b.every((r, i) => r.equals(n[i]!));
  } catch (err) {
    if (err instanceof DerError) return false;
    throw err;
  }
}

const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

function ekuName(o: string): string {
  return EKU_NAMES[o] ?? o;
}

/** true for an ASCII host name, false for other text that contains a dot, undefined for a plain label (a CA's readable name). */
function looksLikeDomain(cn: string): boolean | undefined {
  if (!cn.includes('.')) return undefined;
  return /^[A-Za-z0-9*]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(cn);
}

/** Certificate text in a message stays short: names can be long and are not ours. */
function short(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
