// Reads uvu's output into the closing line "N passed, M failed, K skipped" (used by test/run.mjs).
// Skipped tests are listed by name: a test that could not run (a tool missing, see
// test/harness/needs.ts) is never counted as passed.

/** @param {string} stdout uvu's output @param {number | null} status its exit status */
export function summarize(stdout, status) {
  // uvu colours its summary; strip ANSI escapes before reading the numbers.
  const out = stdout.replace(/\x1b\[[0-9;]*m/g, '');
  const num = (label) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(out)?.[1] ?? 0);
  const total = num('Total');
  const passed = num('Passed');
  const names = out.split('\n').filter((l) => l.startsWith('SKIP-NEEDS ')).map((l) => l.slice('SKIP-NEEDS '.length));
  const skipped = Math.max(num('Skipped'), names.length);
  let failed = total - passed;
  if (status !== 0 && failed === 0) failed = 1; // crashed before counting
  const lines = [];
  // Per suite "(passed / total)": name the suites that fell short, since uvu prints nothing when
  // a before hook throws (its tests are neither passed nor reported).
  const short = [];
  let file = '';
  for (const l of out.split('\n')) {
    if (/^\S+\.m?js$/.test(l.trim())) file = l.trim();
    const m = /^(?: (.+?) {2})?[•✘ ]*\((\d+) \/ (\d+)\)$/.exec(l.trim() ? l.replace(/\s+$/, '') : '');
    if (m && Number(m[2]) < Number(m[3])) short.push(`  - ${file}${m[1] ? ` › ${m[1].trim()}` : ''}: ${Number(m[3]) - Number(m[2])} of ${m[3]} did not pass`);
  }
  if (short.length) lines.push('', 'Failed (by suite):', ...short);
  if (skipped) {
    lines.push('', `Skipped (${skipped}):`, ...names.map((n) => `  - ${n}`));
    if (skipped > names.length) lines.push(`  - ${skipped - names.length} more through test.skip or test.only, without a reason`);
  }
  lines.push(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return { passed, failed, skipped, names, ok: status === 0 && total > 0 && failed === 0, text: lines.join('\n') };
}
