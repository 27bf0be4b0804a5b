import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** The system Chromium (Debian's `chromium` package); `LEGFLOW_CHROMIUM` points elsewhere. */
export const CHROMIUM_PATH = process.env.LEGFLOW_CHROMIUM ?? '/usr/bin/chromium';

/** Headless Chromium; a missing browser is an error that says how to install it, never a skipped test. */
export async function launchChromium(path = CHROMIUM_PATH): Promise<Browser> {
  if (!existsSync(path)) {
    throw new Error(`Chromium is not installed at ${path}. Install it (Debian: apt-get install -y chromium) or set LEGFLOW_CHROMIUM to its path.`);
  }
  // No sandbox: CI runs as root, where Chromium refuses to start with one.
  return chromium.launch({ executablePath: path, headless: true, args: ['--no-sandbox'] });
}
