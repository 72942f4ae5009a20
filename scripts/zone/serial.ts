// SOA serial numbers: RFC 1982 serial arithmetic (SERIAL_BITS = 32) and the YYYYMMDDnn rule.

const MOD = 2 ** 32;
const HALF = 2 ** 31;

/**
 * RFC 1982 §3.2: -1 when a < b, 1 when a > b, 0 when equal, undefined when the comparison is
 * undefined (the two differ by exactly 2^31).
 */
export function compareSerial(a: number, b: number): -1 | 0 | 1 | undefined {
  if (a === b) return 0;
  const d = (b - a + MOD) % MOD;
  if (d === HALF) return undefined;
  return d < HALF ? -1 : 1;
}

export function serialGreater(a: number, b: number): boolean {
  return compareSerial(a, b) === 1;
}

/** YYYYMMDD00 for the UTC date of `now`. */
export function dateSerial(now: Date): number {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() + 1;
  const d = now.getUTCDate();
  return (y * 10000 + m * 100 + d) * 100 % MOD;
}

/**
 * The serial after a change: max(old + 1, YYYYMMDD00) in RFC 1982 order, mod 2^32. The date
 * serial is only taken when it is greater than both old + 1 and old, so the result is always
 * greater than `old` (secondaries only transfer a zone whose serial went up).
 */
export function nextSerial(old: number | undefined, now: Date): number {
  const date = dateSerial(now);
  if (old === undefined) return date;
  const bumped = (old + 1) % MOD;
  return serialGreater(date, bumped) && serialGreater(date, old) ? date : bumped;
}
