import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type Session } from '../testing/browser-session.ts';
import {
  canvasNode,
  deployToSim,
  openLiveView,
  positionLegs,
  publish,
  save,
  sendAlert,
  setLegStop,
  signIn,
  startFromTemplate,
  tableRows,
  testRun,
} from './support/journey.ts';

let s: Session;
beforeAll(async () => {
  s = await openSession();
});
afterAll(async () => {
  await s?.close();
});

const STRADDLE = 'NIFTY short straddle on TradingView';
const poll = { timeout: 15_000 };

describe('a trader, from a template to a SIM trade, in Chromium', () => {
  it('builds, tests, publishes and deploys a straddle, then watches a TradingView alert trade without reloading', async () => {
    const { page } = s;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await signIn(page, s.password);
    await startFromTemplate(page, STRADDLE);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(7);

    // The per-leg stop from 25 % to 30 %.
    await setLegStop(page, 'sl', 30);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Unsaved changes' }).count()).toBe(1);
    await save(page);

    // The sample signal is the TradingView alert message; its trace lands on the canvas.
    await testRun(page);
    for (const id of ['tv', 'route', 'straddle', 'sl', 'squareoff', 'enter']) {
      await expect.poll(() => canvasNode(page, id).locator('.lf-node-trace.is-ok').count(), { message: `trace on ${id}` }).toBe(1);
    }
    expect(await canvasNode(page, 'exit').locator('.lf-node-trace').count()).toBe(0);

    await publish(page);
    const { url, secret } = await deployToSim(page);
    expect(url).toMatch(new RegExp(`^${s.base}/hooks/tv/[A-Za-z0-9_-]{32}$`));
    expect(secret.length).toBeGreaterThan(16);
    await openLiveView(page);
    expect(await page.getByRole('main', { name: 'Live view, SIM' }).getByText('SIM · paper').count()).toBe(1);

    // From here on the page must not reload: everything arrives over the WebSocket.
    await page.evaluate('window.__sameDocument = true');
    const sent = await sendAlert(url, secret);
    expect(sent).toMatchObject({ status: 200, body: { status: 'accepted' } });

    await expect.poll(() => tableRows(page, 'signal-history'), poll).toEqual([[expect.any(String), 'TradingView', 'nifty-straddle', 'ENTRY', 'completed']]);
    // Two SELL entries filled (after 15:15 IST the square-off closes them at once: two BUYs follow).
    await expect.poll(async () => (await tableRows(page, 'orders')).filter((r) => r[2] === 'SELL' && r[5] === 'FILLED').length, poll).toBe(2);
    await expect.poll(async () => (await positionLegs(page)).length, poll).toBe(2);
    for (const [symbol, side, qty, entry, , stop] of await positionLegs(page)) {
      expect([symbol, side, qty]).toEqual([expect.stringMatching(/^NIFTY\d{2}[A-Z]{3}\d{2}\d+(CE|PE)$/), 'SELL', '65']);
      // The stop set in the inspector: 30 % above the entry.
      expect(Number(stop!.replace(/,/g, ''))).toBeCloseTo(Number(entry!.replace(/,/g, '')) * 1.3, 0);
    }
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('zoomed far out, draws every node as a plain box in its colour; zoomed back in, with its text', async () => {
    const { page } = s;
    await page.goto('/');
    await page.getByRole('heading', { name: 'Your graphs' }).waitFor();
    await startFromTemplate(page, STRADDLE);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(7);
    const visibility = () => page.evaluate(`getComputedStyle(document.querySelector('.react-flow__node[data-id="tv"] .lf-node-title')).visibility`);
    expect(await visibility()).toBe('visible');
    for (let i = 0; i < 12 && (await page.locator('.lf-canvas.is-far').count()) === 0; i++) await page.getByRole('button', { name: 'Zoom Out' }).click();
    expect(await page.locator('.lf-canvas.is-far').count()).toBe(1);
    expect(await visibility()).toBe('hidden');
    expect(await page.locator('.react-flow__node').count()).toBe(7);
    await page.getByRole('button', { name: 'Fit View' }).click();
    await expect.poll(visibility).toBe('visible');
  });
});
