import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canvasNode, renderApp } from '../../testing/render-app.tsx';
import { startServer, type RealServer } from '../../testing/real-server.ts';

let server: RealServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

describe('signing in and starting a graph', () => {
  it('asks to sign in, says when the password is wrong, then shows the graphs and the templates', async () => {
    const { user } = renderApp(server);
    await user.type(await screen.findByLabelText('Username'), 'admin');
    await user.type(screen.getByLabelText('Password'), 'wrong-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The username or password is wrong.');

    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'admin-password-1');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Your graphs' })).toBeTruthy();
    expect(await screen.findByText('No graphs yet: start from a template below.')).toBeTruthy();
    const gallery = await screen.findByRole('heading', { name: 'Start from a template' });
    expect(gallery).toBeTruthy();
    expect(await screen.findByText('NIFTY short straddle on TradingView')).toBeTruthy();
    // One card per template the server ships.
    const shipped = (await server.call('GET', '/api/templates')).body as unknown[];
    expect(shipped.length).toBeGreaterThanOrEqual(9);
    expect(screen.getAllByRole('button', { name: /^Start from / })).toHaveLength(shipped.length);
  });

  it('starts a graph from a template and opens it on the canvas with its nodes and their summaries', async () => {
    await server.signIn();
    const { user } = renderApp(server);
    await user.click(await screen.findByRole('button', { name: 'Start from NIFTY short straddle on TradingView' }));

    await screen.findByTestId('validation-panel');
    await waitFor(() => expect(canvasNode('straddle')).not.toBeNull());
    const straddle = within(canvasNode('straddle')!);
    expect(straddle.getByText('Sell ATM straddle')).toBeTruthy();
    // The summary is the node definition's own, run in the browser.
    expect(straddle.getByText('SELL ATM straddle · 1 lot · NIFTY')).toBeTruthy();
    expect(canvasNode('tv')).not.toBeNull();
    // The switch shows the value each case routes.
    expect(within(canvasNode('route')!).getByText('ENTRY')).toBeTruthy();
    expect(within(canvasNode('route')!).getByText('Case 3 (unused)')).toBeTruthy();
    expect(window.document.querySelectorAll('.react-flow__node')).toHaveLength(7);

    const listed = await server.call('GET', '/api/graphs');
    expect(listed.body).toMatchObject([{ name: 'NIFTY short straddle on TradingView', rev: 1 }]);
  });

  it('lists saved graphs and opens one', async () => {
    await server.signIn();
    const template = await server.call('GET', '/api/templates/iron-condor');
    await server.call('POST', '/api/graphs', { graph: template.body });
    const { user } = renderApp(server);
    await user.click(await screen.findByRole('button', { name: 'NIFTY iron condor with defined risk' }));
    expect(await screen.findByRole('heading', { level: 1, name: /iron condor/i })).toBeTruthy();
  });
});
