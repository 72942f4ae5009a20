// The job summary ($GITHUB_STEP_SUMMARY): GitHub refuses a step's summary over 1 MiB, and then
// shows none of it. Every append goes through here and stops short of the limit.
import { appendFileSync, existsSync, statSync } from 'node:fs';

/** 1 MiB, less room for the closing note. */
export const SUMMARY_LIMIT = 1024 * 1024 - 4096;
const CUT = '\n\n…the rest is cut here: GitHub shows at most 1 MiB of a job summary. Run `pmnet validate` locally for every finding.\n';

/** Appends text, cut at a line boundary so the file stays under SUMMARY_LIMIT bytes. */
export function appendSummary(file: string, text: string): void {
  const used = existsSync(file) ? statSync(file).size : 0;
  if (used >= SUMMARY_LIMIT) return;
  const room = SUMMARY_LIMIT - used;
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= room) {
    appendFileSync(file, bytes);
    return;
  }
  let end = bytes.lastIndexOf(0x0a, Math.max(0, room - Buffer.byteLength(CUT)));
  if (end < 0) end = 0;
  appendFileSync(file, Buffer.concat([bytes.subarray(0, end), Buffer.from(CUT, 'utf8')]));
}
