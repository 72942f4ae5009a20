// BFT arithmetic (Tendermint is safe while faulty voting power is < 1/3: n > 3f). Pure
// functions over plain voters, shared by the offline rules, the PR plan and tests.

export interface Voter {
  id: string;
  organization: string;
  country?: string;
  power: number;
}

export interface Group {
  name: string;
  power: number;
  ids: string[];
}

export function totalPower(voters: readonly { power: number }[]): number {
  return voters.reduce((n, v) => n + v.power, 0);
}

/** Voters grouped by `key` (voters without a key are left out), largest power first, then by name. */
export function groups(voters: readonly Voter[], key: (v: Voter) => string | undefined): Group[] {
  const out = new Map<string, Group>();
  for (const v of voters) {
    const k = key(v);
    if (k === undefined) continue;
    const g = out.get(k) ?? { name: k, power: 0, ids: [] };
    g.power += v.power;
    g.ids.push(v.id);
    out.set(k, g);
  }
  return [...out.values()].sort((a, b) => b.power - a.power || (a.name < b.name ? -1 : 1));
}

/** Holds at least a third: 3g ≥ T (integers, no rounding). */
export function holdsThird(g: number, total: number): boolean {
  return total > 0 && 3 * g >= total;
}

/**
 * How to get a group holding g of T below a third: lower its own power by `reduceBy`
 * (smallest x with 3(g−x) < T−x), or give the others `addOthers` more (smallest y with 3g < T+y).
 */
export function restoreMargin(g: number, total: number): { reduceBy: number; addOthers: number } {
  if (!holdsThird(g, total)) return { reduceBy: 0, addOthers: 0 };
  return { reduceBy: Math.min(g, Math.floor((3 * g - total) / 2) + 1), addOthers: 3 * g - total + 1 };
}

/** Largest change that stays below a third of `total` (3c < T). */
export function maxChange(total: number): number {
  return Math.max(0, Math.floor((total - 1) / 3));
}

/** "1/3" as a readable share: 33.3 %. */
export function percent(g: number, total: number): string {
  return total > 0 ? `${((100 * g) / total).toFixed(1)} %` : '0 %';
}
