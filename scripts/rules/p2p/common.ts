// Shared by the p2p/* rules (not a rule).
import type { P2pAddressFacts, P2pFacts } from '../../live/p2p/facts.js';
import { formatHostPort } from '../../tendermint/address.js';
import type { LiveMember } from '../types.js';

export const CITE_P2P = 'Tendermint 0.34 p2p/conn/secret_connection.go and p2p/transport.go; ../shared/tendermint.md';

export const p2pOf = (m: LiveMember): P2pFacts | undefined => m.facts.p2p;

export const target = (a: P2pAddressFacts): string => formatHostPort(a.host, a.port);

/** Addresses where the handshake proved a node key. */
export const authenticated = (f: P2pFacts | undefined): P2pAddressFacts[] => (f?.addresses ?? []).filter((a) => a.remoteId !== undefined && a.outcome.kind !== 'bad-signature');
