// Upstream vectors copied into test/fixtures/tendermint (see its README): tests never read ../shared.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/consortium.js';

export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'tendermint');

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T;
}

export const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));
export const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

export interface Peer {
  ed25519_priv_key: string;
  ed25519_pub_key: string;
  node_id: string;
  eph_x25519_priv: string;
  eph_x25519_pub: string;
  is_least: boolean;
  send_key: string;
  recv_key: string;
  challenge_signature: string;
  node_info: Record<string, unknown> & { id: string; network: string; version: string; moniker: string; channels: string; listen_addr: string };
  node_info_proto: string;
  wire: {
    handshake_raw: string;
    eph_msg: string;
    auth_sig_msg: string;
    auth_sig_sealed_frames: string[];
    auth_sig_frames_plain: string[];
    nodeinfo_raw: string;
    nodeinfo_sealed_frames: string[];
    nodeinfo_frames_plain: string[];
    nodeinfo_msg: string;
    auth_sig_first_nonce: number;
    nodeinfo_first_nonce: number;
  };
  remote_id_observed: string;
}

export interface HandshakeVector {
  lo_eph_pub: string;
  hi_eph_pub: string;
  dh_secret: string;
  merlin_challenge: string;
  hkdf_output_96: string;
  peer_a: Peer;
  peer_b: Peer;
}

export const VECTORS = [0, 1, 2].map((n) => fixture<HandshakeVector>(`handshake_vector_${n}.json`));
