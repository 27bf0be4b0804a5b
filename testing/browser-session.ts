import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startLegflow } from './legflow-process.ts';
import { launchChromium } from './chromium.ts';

export interface Session {
  base: string;
  password: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * A real Legflow (`legflow start` in its own process, on a free port with a fresh data folder) and a
 * Chromium page at 1440×900 pointed at it.
 */
export async function openSession(): Promise<Session> {
  const server = await startLegflow();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const context = await browser.newContext({ baseURL: server.base, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    return {
      base: server.base,
      password: server.password,
      browser,
      context,
      page,
      close: async () => {
        await browser!.close();
        await stop(server.child);
        rmSync(server.dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await browser?.close();
    await stop(server.child);
    throw err;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
