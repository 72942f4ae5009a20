// Progress of a live run on a terminal: members done / total and members with problems so far,
// redrawn in place on stderr. Silent when stderr is not a terminal or in CI, so logs and
// scripts see only the report.
import type { DnsFacts } from './dns/facts.js';
import type { TlsFacts } from './tls/facts.js';

export interface Progress {
  dns(id: string, facts: DnsFacts): void;
  tls(id: string, facts: TlsFacts): void;
  done(): void;
}

export const SILENT: Progress = { dns() {}, tls() {}, done() {} };

export function progressWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.CI && env.TERM !== 'dumb';
}

/** A member "has problems" when no resolver gave it an address, or an address did not complete TLS. */
export function dnsTrouble(f: DnsFacts): boolean {
  // No usable resolver says nothing about the member (reported once, as the resolver's fault).
  return f.resolvers.length > 0 && !f.resolvers.some((r) => r.a.status === 'NOERROR' || r.aaaa.status === 'NOERROR');
}
export function tlsTrouble(f: TlsFacts): boolean {
  return f.addresses.some((a) => a.connect.kind !== 'ok');
}

export function terminalProgress(total: number, areas: number, write: (s: string) => void, minIntervalMs = 100): Progress {
  const seen = new Map<string, number>();
  const trouble = new Set<string>();
  let done = 0;
  let last = 0;
  let shown = false;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - last < minIntervalMs) return;
    last = now;
    shown = true;
    write(`\r\x1b[2Klive checks: ${done}/${total} members done${trouble.size ? `, ${trouble.size} with problems so far` : ''}`);
  };
  const step = (id: string, bad: boolean) => {
    if (bad) trouble.add(id);
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    if (n === areas) done++;
    draw(done === total);
  };
  return {
    dns: (id, f) => step(id, dnsTrouble(f)),
    tls: (id, f) => step(id, tlsTrouble(f)),
    done() {
      if (shown) write('\r\x1b[2K');
    },
  };
}

/** The progress factory for runLive: on stderr when it is a terminal outside CI, else none. */
export function liveProgress(stream: NodeJS.WriteStream = process.stderr): ((total: number, areas: number) => Progress) | undefined {
  return progressWanted(stream) ? (total, areas) => terminalProgress(total, areas, (s) => stream.write(s)) : undefined;
}
