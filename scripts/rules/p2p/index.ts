// Live P2P identity rules, sorted by id. The runner gathers facts with gatherP2p first.
import type { LiveRule } from '../types.js';
import badSignature from './bad-signature.js';
import connectFailed from './connect-failed.js';
import handshakeFailed from './handshake-failed.js';
import monikerMismatch from './moniker-mismatch.js';
import nodeIdMismatch from './node-id-mismatch.js';
import privatePortOpen from './private-port-open.js';
import validatorsDisagree from './validators-disagree.js';
import validatorsMismatch from './validators-mismatch.js';
import versionMismatch from './version-mismatch.js';
import wrongChain from './wrong-chain.js';

export const p2pRules: LiveRule[] = [badSignature, connectFailed, handshakeFailed, monikerMismatch, nodeIdMismatch, privatePortOpen, validatorsDisagree, validatorsMismatch, versionMismatch, wrongChain];
