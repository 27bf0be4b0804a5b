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
  return chromium.launch({ executablePath: path, headless: true, args: ['--no-sandbox'], env: withoutFakeTime(process.env) });
}

/**
 * CI runs the suites again under libfaketime (a Saturday night, a holiday) to prove that Legflow's code does
 * not read the wall clock where it should not. Chromium itself stalls under that preload (its pages never
 * load), so the browser gets the real clock; the Legflow server it drives stays under the faked one.
 */
function withoutFakeTime(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || key.startsWith('FAKETIME')) continue;
    if (key === 'LD_PRELOAD') {
      const kept = value.split(/[:\s]+/).filter((lib) => lib && !lib.includes('faketime'));
      if (kept.length > 0) out[key] = kept.join(':');
      continue;
    }
    out[key] = value;
  }
  return out;
}
