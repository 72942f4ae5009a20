// The chain verdict: plain data that the tls/* rules read. A leaf module (no imports).

/** The rule that reports a problem (each rule reads only its own). */
export type ProblemRule =
  | 'tls/certificate-profile'
  | 'tls/expired'
  | 'tls/name-mismatch'
  | 'tls/no-server-auth'
  | 'tls/not-yet-valid'
  | 'tls/sha1-signature'
  | 'tls/untrusted-chain'
  | 'tls/weak-key';

export interface Problem {
  rule: ProblemRule;
  /** Stable short code, e.g. `missing-intermediate`, `rsa-too-small`. */
  code: string;
  /** Which certificate: `the certificate` (leaf), `the intermediate "CN=R11"`, `the root "CN=…"`. */
  cert: string;
  /** The field or extension at fault, e.g. `basicConstraints`, `subjectAltName`. */
  field: string;
  /** What is wrong, one sentence without a final period. */
  detail: string;
  /** Where the rule is written. */
  citation: string;
  /** What the operator should do, one sentence without a final period. */
  fix: string;
}

export interface ChainVerdict {
  /** No problem at all: a path to a trusted root exists and every check passed. */
  ok: boolean;
  /** The path that was judged, leaf first, as subjects (empty when none reaches a trusted root). */
  path: string[];
  problems: Problem[];
  /** ISO time the verdict was judged at. */
  at: string;
}
