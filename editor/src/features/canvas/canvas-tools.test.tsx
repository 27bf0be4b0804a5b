import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { canvasNode, openTemplate, renderApp } from '../../testing/render-app.tsx';
import { signedInServerPerTest } from '../../testing/real-server.ts';

const server = signedInServerPerTest();

describe('canvas tools', () => {
  it('lists the keyboard shortcuts on "?" and closes the list on Escape', async () => {
    const { user } = await openTemplate(server, 'short-straddle');
    await user.click(document.body);
    await user.keyboard('?');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByText('Ctrl+Shift+Z or Ctrl+Y')).toBeTruthy();
    expect(within(dialog).getByText('Undo the last edit')).toBeTruthy();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('inserts a palette node on the selected connection, rewiring both ends', async () => {
    const { store, user } = await openTemplate(server, 'short-straddle');
    await waitFor(() => expect(canvasNode('sl')).not.toBeNull());
    const edge = store.getState().graph.doc.edges.find((e) => e.source === 'sl')!;
    await waitFor(() => expect(document.querySelector(`.react-flow__edge[data-id="${edge.id}"]`)).not.toBeNull());
    fireEvent.click(document.querySelector(`.react-flow__edge[data-id="${edge.id}"]`)!);
    await user.click(screen.getByTestId('palette-risk.combined'));

    await waitFor(() => expect(canvasNode('combined')).not.toBeNull());
    const edges = store.getState().graph.doc.edges;
    expect(edges.some((e) => e.id === edge.id)).toBe(false);
    expect(edges).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ source: 'sl', target: 'combined' }),
        expect.objectContaining({ source: 'combined', target: edge.target }),
      ]),
    );

    // A node whose ports do not fit is refused, with the reason.
    const next = store.getState().graph.doc.edges.find((e) => e.source === 'tv')!;
    fireEvent.click(document.querySelector(`.react-flow__edge[data-id="${next.id}"]`)!);
    await user.click(screen.getByTestId('palette-exec.enter'));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Enter legs cannot go on that connection: .* takes option legs/);
  });

  it('lays the graph out left to right, as one undoable edit', async () => {
    const { store, user } = await openTemplate(server, 'short-straddle');
    await waitFor(() => expect(canvasNode('enter')).not.toBeNull());
    const before = store.getState().graph.doc;
    await user.click(screen.getByRole('button', { name: 'Auto-layout' }));
    await waitFor(() => expect(store.getState().graph.doc).not.toBe(before));
    const x = (id: string) => store.getState().graph.doc.nodes.find((n) => n.id === id)!.position.x;
    expect(x('tv')).toBeLessThan(x('route'));
    expect(x('route')).toBeLessThan(x('straddle'));
    expect(x('squareoff')).toBeLessThan(x('enter'));
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(store.getState().graph.doc).toBe(before);
  });

  it('imports a graph file as one undoable edit, and refuses a file that is not a graph', async () => {
    const { store, user } = await openTemplate(server, 'short-straddle');
    const condor = (await server.call('GET', '/api/templates/iron-condor')).body;
    const input = screen.getByLabelText<HTMLInputElement>('Import');
    await user.upload(input, new File([JSON.stringify(condor)], 'condor.graph.json', { type: 'application/json' }));
    await waitFor(() => expect(store.getState().graph.doc.name).toMatch(/iron condor/i));
    expect(screen.getByText(/Imported “.*”: \d+ nodes/)).toBeTruthy();

    await user.upload(input, new File(['{"nodes": 3}'], 'bad.json', { type: 'application/json' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/not a Legflow graph/);
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(store.getState().graph.doc.name).toBe('NIFTY short straddle on TradingView');
  });

  it('shows the mini map for a small graph; a very large one starts without it, and a button brings it back', async () => {
    await openTemplate(server, 'short-straddle');
    expect(await screen.findByRole('button', { name: 'Hide mini map' })).toBeTruthy();
    expect(document.querySelector('.react-flow__minimap')).not.toBeNull();
    cleanup();

    const nodes = Array.from({ length: 160 }, (_, i) => ({
      id: `n${i}`,
      type: 'exec.notify',
      typeVersion: 1,
      position: { x: (i % 20) * 240, y: Math.floor(i / 20) * 120 },
      params: {},
    }));
    const created = await server.call('POST', '/api/graphs', { graph: { schemaVersion: 1, name: 'Many nodes', nodes, edges: [] } });
    const { user } = renderApp(server, { name: 'editor', graphId: (created.body as { id: string }).id });
    const show = await screen.findByRole('button', { name: 'Show mini map' });
    expect(document.querySelector('.react-flow__minimap')).toBeNull();
    await user.click(show);
    expect(await screen.findByRole('button', { name: 'Hide mini map' })).toBeTruthy();
    expect(document.querySelector('.react-flow__minimap')).not.toBeNull();
  });
});
