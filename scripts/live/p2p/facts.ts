// What the P2P probe saw for one member. Plain data: rules read it, tests build it by hand.
import type { NodeInfo } from '../../tendermint/proto.js';

export type P2pPhase = 'connect' | 'ephemeral' | 'auth' | 'nodeinfo';

export type P2pOutcome =
  | { kind: 'ok' }
  /** Nothing listens: TCP RST. */
  | { kind: 'refused'; message: string; code?: string }
  /** No route, address not available, DNS failure of a non-node host. */
  | { kind: 'unreachable'; message: string; code?: string }
  /** The node stopped answering in this phase (a hang). */
  | { kind: 'timeout'; phase: P2pPhase; message: string }
  /** The node closed or reset the connection in this phase. */
  | { kind: 'closed'; phase: P2pPhase; message: string }
  /** Bytes that are not this protocol (another service, a broken frame). */
  | { kind: 'garbage'; phase: P2pPhase; message: string }
  /** The node's key did not sign the challenge (or it sent a low-order ephemeral key). */
  | { kind: 'bad-signature'; message: string };

export interface P2pAddressFacts {
  /** What was dialled: an IP (declared address or resolved host). */
  host: string;
  port: number;
  /** Where in the member file the address comes from (finding position). */
  path: Array<string | number>;
  outcome: P2pOutcome;
  remoteId?: string;
  remotePubKey?: string;
  nodeInfo?: NodeInfo;
  elapsedMs: number;
}

export interface ExposedPort {
  host: string;
  port: number;
  /** What the port is for (RPC, ABCI, Tarantool, MongoDB). */
  service: string;
  /** The service identified itself (RPC answered /status, Tarantool sent its greeting); else only TCP accepted. */
  identified: boolean;
}

export interface P2pFacts {
  /** The P2P address as configured (host:port), for messages. */
  address: string;
  addresses: P2pAddressFacts[];
  /** Ports that must not be public but accepted a TCP connection. */
  exposed: ExposedPort[];
  /** Only fetched once the chain exists (genesis_time has passed). */
  validators?: ValidatorsOutcome;
  /** The registry's validator set when the check ran (whole registry, not only the members checked). */
  registryValidators?: Array<{ memberId: string; pubKey: string; power: number }>;
}

/** What GET <api>/api/v1/validators returned (Planetmint's current validator set). */
export type ValidatorsOutcome =
  | { kind: 'ok'; validators: Array<{ pubKey: string; power: number }> }
  | { kind: 'failed'; message: string };
