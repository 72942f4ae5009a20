import type { ChainVerdict } from '../../pki/types.js';

// What the TLS probe saw at each declared address of one member. Plain data: rules read it,
// tests build it by hand, reporters may print it as JSON.

/** How the connection attempt ended. `ok` means the TLS handshake completed. */
export type ConnectOutcome =
  | { kind: 'ok' }
  /** TCP RST in answer to SYN: nothing listens on the port. */
  | { kind: 'refused'; message: string }
  /** The peer reset or closed the connection before the handshake finished. */
  | { kind: 'reset'; message: string }
  /** No answer within the deadline; `stage` says whether TCP connected first. */
  | { kind: 'timeout'; stage: 'tcp' | 'tls'; message: string }
  /** The peer answered, but not with a usable TLS handshake (alert, plain HTTP, ...). */
  | { kind: 'tls-error'; code?: string; message: string }
  /** Routing / local errors (EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL, ...). */
  | { kind: 'unreachable'; code?: string; message: string };

export type KeyType = 'rsa' | 'rsa-pss' | 'ec' | 'ed25519' | 'ed448' | 'dsa' | 'unknown';

export interface CertSummary {
  subject: string;
  issuer: string;
  serialNumber: string;
  /** ISO 8601. */
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the DER, colon-separated upper-case hex (as Node prints it). */
  fingerprint256: string;
  /** base64 SHA-256 of the SubjectPublicKeyInfo DER (RFC 7469 pin format). */
  spkiSha256: string;
  keyType: KeyType;
  /** RSA/DSA modulus bits. */
  keyBits?: number;
  /** EC curve, OpenSSL short name (prime256v1, secp384r1, secp521r1, ...). */
  curve?: string;
  /** SAN dNSName entries, as written in the certificate (lower-cased). */
  dnsNames: string[];
  /** SAN iPAddress entries. */
  ipAddresses: string[];
  signatureAlgorithmOid: string;
  /** Readable name of the signature algorithm, e.g. sha256WithRSAEncryption, ecdsa-with-SHA256. */
  signatureAlgorithm: string;
  /** Extended key usage OIDs; null when the extension is absent (any purpose). */
  extKeyUsage: string[] | null;
  /** null when the extension is absent. */
  basicConstraints: { ca: boolean; pathLen?: number } | null;
  /** Embedded signed certificate timestamps (1.3.6.1.4.1.11129.2.4.2) present. */
  hasSct: boolean;
  /** Subject equals issuer. */
  selfIssued: boolean;
  /** The certificate DER, base64. */
  der: string;
}

export type ApiOutcome =
  /** Not attempted: the TLS connection did not come up. */
  | { kind: 'skipped' }
  /** No complete HTTP answer (timeout, reset, HTTP parse error). */
  | { kind: 'failed'; message: string }
  | {
      kind: 'answered';
      status: number;
      contentType?: string;
      /** Bytes read (at most the cap). */
      bytes: number;
      /** The body exceeded the cap and was cut off. */
      truncated: boolean;
      /** Parsed body, when it was JSON. */
      json?: unknown;
      /** Why the body is not JSON. */
      jsonError?: string;
    };

export interface AddressTlsFacts {
  /** Canonical IP as declared. */
  address: string;
  /** Which list of the member file it came from, and its index there (finding positions). */
  list: 'ipv4' | 'ipv6';
  index: number;
  port: number;
  /** SNI sent (the node domain). */
  servername: string;
  /** Path requested for the node API (from node.api, default "/"). */
  apiPath: string;
  connect: ConnectOutcome;
  protocol?: string;
  cipher?: string;
  leaf?: CertSummary;
  /**
   * The certificates the server sent after the leaf, in its order (at most 10, summarised).
   * Stops at a repeated certificate.
   */
  chain: CertSummary[];
  /** How many certificates the server sent (its Certificate message, as OpenSSL received it). */
  sentCertificates?: number;
  /** pmnet's own verdict on the sent chain for the node domain at `TlsFacts.checkedAt`. */
  verdict?: ChainVerdict;
  /** A certificate in the chain could not be parsed. */
  parseError?: string;
  api: ApiOutcome;
  elapsedMs: number;
}

export interface TlsFacts {
  /** ISO time the checks are judged at (validity, expiry window). */
  checkedAt: string;
  addresses: AddressTlsFacts[];
}
