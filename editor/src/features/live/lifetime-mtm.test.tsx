import { screen, waitFor } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderApp } from '../../testing/render-app.tsx';
import { startServer, type RealServer } from '../../testing/real-server.ts';

/** ₹20 an order and nothing else, no spread: a straddle sold and bought back at an unmoved market nets −₹80. */
const FLAT_BROKERAGE = { brokeragePerOrder: 20, sttSellPct: 0, exchangePct: 0, sebiPerCrore: 0, stampBuyPct: 0, gstPct: 0 };
/** One more than the positions answer holds by default. */
const ROUND_TRIPS = 101;

let server: RealServer;
beforeEach(async () => {
  // Room for 202 alerts in a minute on one channel.
  server = await startServer({ LEGFLOW_WEBHOOK_RATE_PER_MINUTE: '1000' }, { charges: FLAT_BROKERAGE, spreadPct: 0 });
  await server.signIn();
});
afterEach(async () => {
  await server.close();
});

const mtmCaption = () => [...document.querySelectorAll('figcaption')].find((f) => f.textContent?.startsWith('MTM'))?.textContent;

describe('the live view of a deployment with more groups than one page', () => {
  it('shows the MTM over every group, not only the newest 100 it lists', async () => {
    const graph = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'templates', 'short-straddle.graph.json'), 'utf8')) as unknown;
    const created = (await server.call('POST', '/api/graphs', { graph })).body as { id: string };
    await server.call('POST', `/api/graphs/${created.id}/publish`);
    const d = (await server.call('POST', '/api/deployments', { graphId: created.id, version: 1, mode: 'sim' })).body as {
      id: string;
      channels: Array<{ url: string; secret: string }>;
    };
    const hook = new URL(d.channels[0]!.url).pathname;
    for (let n = 1; n <= ROUND_TRIPS; n++) {
      for (const action of ['ENTRY', 'EXIT']) {
        expect((await server.call('POST', hook, { secret: d.channels[0]!.secret, action, n })).status).toBe(200);
        await server.test.ctx.engine.drain(10_000);
      }
    }

    renderApp(server, { name: 'live', deploymentId: d.id });
    await waitFor(() => expect(document.querySelectorAll('[data-testid="position-group"]')).toHaveLength(100));
    for (const group of screen.getAllByTestId('position-group'))
      expect(group.querySelector('.lf-group-head')?.textContent).toContain('charges ₹80.00 · net -₹80.00');
    // 101 round trips × 4 orders × ₹20 = ₹8,080; the 100 groups listed alone would say ₹8,000.
    await waitFor(() => expect(mtmCaption()).toBe('MTM -₹8,080.00'));
  });
});
