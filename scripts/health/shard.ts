// --shard i/n: which members one job of an Actions matrix checks. Members sorted by id are dealt
// round-robin, so shards stay even as members come and go, and the parts' union is the whole.
export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard | string {
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(text);
  if (!m) return `--shard must be i/n (for example 2/4), not "${text}"`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) return `--shard ${text}: i must be between 1 and n`;
  return { index, count };
}

export function inShard<T extends { id: string }>(items: readonly T[], s: Shard): T[] {
  const ids = items.map((x) => x.id).sort();
  const keep = new Set(ids.filter((_, i) => i % s.count === s.index - 1));
  return items.filter((x) => keep.has(x.id));
}
