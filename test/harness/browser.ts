// Real headless Chromium (Debian's `chromium`) through playwright-core, for page tests.
// In CI (CI=true) a missing browser is a failure, never a skip.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);

export function chromiumPath(): string | undefined {
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found && process.env.CI === 'true') throw new Error('chromium not found, and CI=true: install Debian\'s chromium (.ci/run does)');
  if (!found) console.warn('  ! SKIPPING browser tests: chromium not installed (apt-get install chromium)');
  return found;
}

export async function launch(executablePath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  // --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'], timeout: 60000 });
}

/** axe-core's browser bundle, injected into pages under test. */
export const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
