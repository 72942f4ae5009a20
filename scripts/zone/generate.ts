// Model (+ the zone file already on disk) -> the zone file text with the right serial.
import type { Member, Network } from '../model/types.js';
import { buildRecords, fqdn, type RRset } from './records.js';
import { parseRendered, render, withSerial, type RenderOptions } from './render.js';
import { nextSerial } from './serial.js';

export class ZoneFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZoneFileError';
  }
}

export interface GeneratedZone {
  origin: string;
  text: string;
  serial: number;
  /** RRsets with serial 0 in the SOA (for diffs). */
  sets: RRset[];
  /** RRsets of the existing file (serial 0), when there was one. */
  previous?: RRset[];
  /**
   * This model's RRsets with the shared name chosen as in the existing file (its serial's
   * rotation): what the mass-change guard compares, so a rotation is never a mass change.
   */
  sameRotation?: RRset[];
  /** False when the existing file already holds exactly these records (bytes kept). */
  changed: boolean;
}

/**
 * `existing` is the current zone file text (undefined when there is none). The serial only
 * changes when the records do; an unchanged model gives back the same bytes.
 */
export function generateZone(network: Network, members: readonly Member[], existing: string | undefined, now = new Date(), opts: RenderOptions = {}, outOfRotation?: ReadonlySet<string>): GeneratedZone {
  const origin = fqdn(network.domain);
  // The shared name's choice rotates with the serial (zone/shared.ts).
  const build = (serial: number) => buildRecords(network, members, 0, serial, outOfRotation);
  const draw = (sets: RRset[], serial: number) => render(origin, network.zone.ttl, withSerial(sets, serial), opts);
  if (existing === undefined) {
    const serial = nextSerial(undefined, now);
    const sets = build(serial);
    return { origin, text: draw(sets, serial), serial, sets, changed: true };
  }
  const old = parseRendered(existing);
  if (!old || old.origin !== origin) {
    throw new ZoneFileError(
      old
        ? `the existing zone file is for ${old.origin}, not ${origin}; move it away or pass --out`
        : 'the existing zone file was not written by pmnet or was edited by hand, so its SOA serial cannot be read; restore it from git (or delete it to start a new serial)',
    );
  }
  const previous = withSerial(old.sets, 0);
  const sameRotation = build(old.serial);
  const same = draw(sameRotation, old.serial);
  if (same === existing) return { origin, text: same, serial: old.serial, sets: sameRotation, previous, sameRotation, changed: false };
  const serial = nextSerial(old.serial, now);
  const sets = build(serial);
  return { origin, text: draw(sets, serial), serial, sets, previous, sameRotation, changed: true };
}
