// The text of every file a run judged, for reporters that show the offending line. A file whose
// cached results were used without reading it (git vouched for it) is read only if asked for.
export class Texts extends Map<string, string> {
  private readonly later = new Map<string, () => string>();

  /** Registers FILE's text, to be read on first use. */
  setLater(file: string, read: () => string): void {
    super.delete(file);
    this.later.set(file, read);
  }

  override get(file: string): string | undefined {
    const read = this.later.get(file);
    if (read) {
      this.later.delete(file);
      super.set(file, read());
    }
    return super.get(file);
  }

  override set(file: string, text: string): this {
    this.later?.delete(file);
    return super.set(file, text);
  }

  override has(file: string): boolean {
    return this.later.has(file) || super.has(file);
  }

  override delete(file: string): boolean {
    return this.later.delete(file) || super.delete(file);
  }

  override get size(): number {
    return this.later.size + super.size;
  }

  /** Whole-map reads (iteration) read every pending file first. */
  private all(): void {
    for (const file of [...this.later.keys()]) this.get(file);
  }

  override entries(): MapIterator<[string, string]> {
    this.all();
    return super.entries();
  }

  override keys(): MapIterator<string> {
    this.all();
    return super.keys();
  }

  override values(): MapIterator<string> {
    this.all();
    return super.values();
  }

  override forEach(fn: (value: string, key: string, map: Map<string, string>) => void, thisArg?: unknown): void {
    this.all();
    super.forEach(fn, thisArg);
  }

  override [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }
}
