// Real headless Chromium (Debian's `chromium`) through playwright-core, for page tests.
// Tests register with needs(test, 'chromium') and pass tool('chromium') as the executable.
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';

export async function launch(executablePath: string): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  // --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'], timeout: 60000 });
}

/** axe-core's browser bundle, injected into pages under test. */
export const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
