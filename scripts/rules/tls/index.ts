// Live TLS and node API rules, sorted by id. The runner gathers facts with gatherTls first.
import type { LiveRule } from '../types.js';
import apiBadStreamsUrl from '../api/bad-streams-url.js';
import apiHttpError from '../api/http-error.js';
import apiNotPlanetmint from '../api/not-planetmint.js';
import certificateProfile from './certificate-profile.js';
import connectFailed from './connect-failed.js';
import expired from './expired.js';
import expiringSoon from './expiring-soon.js';
import inconsistentCertificates from './inconsistent-certificates.js';
import nameMismatch from './name-mismatch.js';
import noServerAuth from './no-server-auth.js';
import notYetValid from './not-yet-valid.js';
import pinMismatch from './pin-mismatch.js';
import sha1Signature from './sha1-signature.js';
import sharedCertificate from './shared-certificate.js';
import sharedNameNotCovered from './shared-name-not-covered.js';
import untrustedChain from './untrusted-chain.js';
import validityTooLong from './validity-too-long.js';
import weakKey from './weak-key.js';

export const tlsRules: LiveRule[] = [
  apiBadStreamsUrl,
  apiHttpError,
  apiNotPlanetmint,
  certificateProfile,
  connectFailed,
  expired,
  expiringSoon,
  inconsistentCertificates,
  nameMismatch,
  noServerAuth,
  notYetValid,
  pinMismatch,
  sha1Signature,
  sharedCertificate,
  sharedNameNotCovered,
  untrustedChain,
  validityTooLong,
  weakKey,
];
