import { screen, waitFor, within } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../testing/render-app.tsx';
import { formatPrice } from './format.ts';
import { signedInServerPerTest } from '../../testing/real-server.ts';

const server = signedInServerPerTest();

const template = (id: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'templates', `${id}.graph.json`), 'utf8')) as {
    nodes: Array<{ id: string; type: string; label?: string; params: Record<string, unknown> }>;
  };

/** Creates, publishes and deploys a graph to SIM, as the deploy dialog does. */
async function deploy(graph: unknown) {
  const created = (await server.call('POST', '/api/graphs', { graph })).body as { id: string };
  await server.call('POST', `/api/graphs/${created.id}/publish`);
  return (await server.call('POST', '/api/deployments', { graphId: created.id, version: 1, mode: 'sim' })).body as {
    id: string;
    channels: Array<{ url: string; secret: string }>;
  };
}

const rows = (testId: string) =>
  [...document.querySelectorAll(`[data-testid="${testId}"] tbody tr`)].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
const legs = () => [...document.querySelectorAll('[data-testid="position-leg"]')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));

describe('the live view', () => {
  it('shows a TradingView alert, its orders and positions as they happen, over the WebSocket', async () => {
    const d = await deploy(template('short-straddle'));
    renderApp(server, { name: 'live', deploymentId: d.id });
    const main = await screen.findByRole('main', { name: 'Live view, SIM' });
    expect(within(main).getByText('SIM · paper')).toBeTruthy();
    expect(main.className).toContain('is-sim');
    expect(await screen.findByRole('heading', { name: /NIFTY short straddle on TradingView v1/ })).toBeTruthy();
    await waitFor(() => expect(screen.getByText('● Live')).toBeTruthy());
    expect(screen.getByText('No signal yet: send the alert, or press a manual trigger.')).toBeTruthy();
    // The test server's SIM runs on a virtual clock at Wednesday 25 Nov 2026, 10:00 IST, whatever the wall clock says.
    await waitFor(() => expect(screen.getByLabelText('SIM clock').textContent).toBe('SIM clock 10:00:00 IST · virtual: moves only when told'));

    const hook = new URL(d.channels[0]!.url);
    const sent = await server.call('POST', hook.pathname, { secret: d.channels[0]!.secret, action: 'ENTRY' });
    expect(sent.status).toBe(200);

    await waitFor(() => expect(rows('signal-history')).toEqual([[expect.any(String), 'TradingView', 'nifty-straddle', 'ENTRY', 'completed']]));
    await waitFor(() => expect(rows('orders').map((r) => `${r[2]} ${r[3]} ${r[5]}`)).toEqual(['SELL 65/65 FILLED', 'SELL 65/65 FILLED']));
    await waitFor(() => expect(legs()).toHaveLength(2));
    expect(legs().map((l) => `${l[1]} ${l[2]} ${l[7]}`)).toEqual(['SELL 65 open', 'SELL 65 open']);
    // The stop is 25 % above the entry, as the graph says.
    const [, , , entry, , stop] = legs()[0]!;
    expect(Number(stop!.replace(/,/g, ''))).toBeCloseTo(Number(entry!.replace(/,/g, '')) * 1.25, 0);
    // Without a canvas (the test DOM) the charts still read out their latest values.
    await waitFor(() =>
      expect([...document.querySelectorAll('figcaption')].map((f) => f.textContent)).toEqual([
        'NIFTY –',
        expect.stringMatching(/^Combined premium \d/),
        expect.stringMatching(/^MTM -?₹\d/),
      ]),
    );
  });

  it('draws the charts from before it was opened (the server’s history), with the signals on them', async () => {
    const d = await deploy(template('short-straddle'));
    const hook = new URL(d.channels[0]!.url);
    const { engine } = server.test.ctx;
    // Three market seconds, each sampled at its tick event, all before the view opens; the alert arrives
    // after the first, so the line is there to carry its marker.
    const stopTicks = engine.startTickEvents(2);
    const marketSecond = async () => {
      await engine.sim.tick(1_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    };
    await marketSecond();
    await server.call('POST', hook.pathname, { secret: d.channels[0]!.secret, action: 'ENTRY' });
    await engine.drain(5_000);
    await marketSecond();
    await marketSecond();
    stopTicks();
    const spot = engine.sim.market.spot('NIFTY');

    renderApp(server, { name: 'live', deploymentId: d.id });
    // No tick reaches the view, yet the underlying reads its last sampled price and the lines are drawn, with
    // the ENTRY marked where it arrived on the market's (virtual) clock, whatever the wall clock says.
    await waitFor(() => expect(document.querySelector('figcaption')?.textContent).toBe(`NIFTY ${formatPrice(spot)}`));
    expect(screen.getByRole('img', { name: 'NIFTY chart, 1 signal marked' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Combined premium chart' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'MTM chart' })).toBeTruthy();
  });

  it('reconnects after a drop and catches up on what happened meanwhile', async () => {
    const d = await deploy(template('short-straddle'));
    renderApp(server, { name: 'live', deploymentId: d.id });
    await waitFor(() => expect(screen.getByText('● Live')).toBeTruthy());
    server.dropSockets();
    await waitFor(() => expect(screen.getByText('Reconnecting…')).toBeTruthy());
    const hook = new URL(d.channels[0]!.url);
    await server.call('POST', hook.pathname, { secret: d.channels[0]!.secret, action: 'ENTRY' });
    await waitFor(() => expect(screen.getByText('● Live')).toBeTruthy(), { timeout: 5_000 });
    await waitFor(() => expect(rows('orders')).toHaveLength(2));
    await waitFor(() => expect(rows('signal-history').map((r) => r[4])).toEqual(['completed']));
  });

  it('fires the graph’s manual trigger, and stop and start the deployment', async () => {
    const graph = template('short-straddle');
    const source = graph.nodes.find((n) => n.id === 'tv')!;
    Object.assign(source, { type: 'source.manual', label: 'Enter now', params: { action: 'ENTRY', channel: 'desk' } });
    const d = await deploy(graph);
    const { user } = renderApp(server, { name: 'live', deploymentId: d.id });
    const fire = await screen.findByRole('button', { name: 'Fire “Enter now” (ENTRY)' });
    await waitFor(() => expect(screen.getByText('● Live')).toBeTruthy());
    await user.click(fire);
    expect(await screen.findByText('Enter now: signal accepted.')).toBeTruthy();
    await waitFor(() => expect(rows('signal-history')).toEqual([[expect.any(String), 'Manual', 'desk', 'ENTRY', 'completed']]));
    await waitFor(() => expect(rows('orders')).toHaveLength(2));

    await user.click(screen.getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Fire “Enter now” (ENTRY)' }).disabled).toBe(true));
    expect(screen.getByText('Stopped: open legs keep their stops.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Square off all legs' }));
    await waitFor(() => expect(rows('orders')).toHaveLength(4));
    await waitFor(() => expect(legs().map((l) => l[7])).toEqual(['closed', 'closed']));
    await user.click(screen.getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Fire “Enter now” (ENTRY)' }).disabled).toBe(false));
  });

  it('says so when the server stops the deployment (the daily loss kill switch)', async () => {
    const d = await deploy(template('short-straddle'));
    renderApp(server, { name: 'live', deploymentId: d.id });
    await waitFor(() => expect(screen.getByText('● Live')).toBeTruthy());
    await server.call('POST', `/api/deployments/${d.id}/stop`);
    server.test.ctx.engine.events.emit({
      type: 'deployment.stopped',
      userId: server.test.users.admin.id,
      data: { deploymentId: d.id, reason: 'daily loss limit' },
    });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Legflow stopped this deployment (daily loss limit); it takes no signal until you start it again.',
    );
    await waitFor(() => expect(screen.getByText('stopped')).toBeTruthy());
  });

  it('lists the deployments, each opening its live view', async () => {
    const d = await deploy(template('short-straddle'));
    const { user } = renderApp(server, { name: 'graphs' });
    await user.click(await screen.findByRole('button', { name: 'Deployments' }));
    await user.click(await screen.findByRole('button', { name: 'NIFTY short straddle on TradingView · version 1' }));
    expect(await screen.findByRole('main', { name: 'Live view, SIM' })).toBeTruthy();
    const { accountId } = (await server.call('GET', `/api/deployments/${d.id}`)).body as { accountId: string };
    expect(await screen.findByText(new RegExp(`^Account ${accountId}`))).toBeTruthy();
  });
});
