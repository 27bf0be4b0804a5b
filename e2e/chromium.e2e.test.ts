import { describe, expect, it } from 'vitest';
import { launchChromium } from '../testing/chromium.ts';

describe('the browser the end-to-end tests drive', () => {
  it('is missing: an error that says how to install it, never a skipped test', async () => {
    await expect(launchChromium('/nonexistent/chromium')).rejects.toThrow(
      'Chromium is not installed at /nonexistent/chromium. Install it (Debian: apt-get install -y chromium)',
    );
  });

  it('is there and starts headless', async () => {
    const browser = await launchChromium();
    try {
      expect(browser.version()).toMatch(/^\d+\./);
    } finally {
      await browser.close();
    }
  });
});
