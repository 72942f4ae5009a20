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
  /** False when the existing file already holds exactly these records (bytes kept). */
  changed: boolean;
}

/**
 * `existing` is the current zone file text (undefined when there is none). The serial only
 * changes when the records do; an unchanged model gives back the same bytes.
 */
export function generateZone(network: Network, members: readonly Member[], existing: string | undefined, now = new Date(), opts: RenderOptions = {}): GeneratedZone {
  const origin = fqdn(network.domain);
  const sets = buildRecords(network, members, 0);
  const draw = (serial: number) => render(origin, network.zone.ttl, withSerial(sets, serial), opts);
  if (existing === undefined) {
    const serial = nextSerial(undefined, now);
    return { origin, text: draw(serial), serial, sets, changed: true };
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
  const same = draw(old.serial);
  if (same === existing) return { origin, text: same, serial: old.serial, sets, previous, changed: false };
  const serial = nextSerial(old.serial, now);
  return { origin, text: draw(serial), serial, sets, previous, changed: true };
}
