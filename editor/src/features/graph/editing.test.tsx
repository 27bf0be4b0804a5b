import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { canvasNode, clickNode, openTemplate } from '../../testing/render-app.tsx';
import { signedInServerPerTest } from '../../testing/real-server.ts';

const server = signedInServerPerTest();

const nodeCount = () => document.querySelectorAll('.react-flow__node').length;

describe('editing a graph on the canvas', () => {
  it('adds a node from the palette, and undo and redo take it away and bring it back', async () => {
    const { user } = await openTemplate(server, 'short-straddle');
    await waitFor(() => expect(nodeCount()).toBe(7));

    await user.type(screen.getByLabelText('Search nodes'), 'mtm');
    expect(screen.queryByTestId('palette-source.tradingview')).toBeNull();
    await user.click(screen.getByTestId('palette-risk.combined'));
    await waitFor(() => expect(canvasNode('combined')).not.toBeNull());
    expect(within(screen.getByRole('complementary', { name: 'Inspector' })).getByRole('heading', { name: 'Combined MTM stop-loss / target' })).toBeTruthy();
    expect(screen.getByText('Unsaved changes')).toBeTruthy();

    await user.click(document.body);
    await user.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(canvasNode('combined')).toBeNull());
    expect(screen.getByText('Saved')).toBeTruthy();
    await user.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    await waitFor(() => expect(canvasNode('combined')).not.toBeNull());
  });

  it('copies, pastes and deletes the selected nodes with the keyboard', async () => {
    const { store, user } = await openTemplate(server, 'short-straddle');
    await waitFor(() => expect(canvasNode('sl')).not.toBeNull());
    clickNode('sl');
    await user.click(document.body);
    await user.keyboard('{Control>}c{/Control}{Control>}v{/Control}');
    await waitFor(() => expect(canvasNode('sl2')).not.toBeNull());
    expect(nodeCount()).toBe(8);

    await user.keyboard('{Delete}');
    await waitFor(() => expect(canvasNode('sl2')).toBeNull());
    // Deleting the original takes its connections with it.
    clickNode('sl');
    await user.click(document.body);
    await user.keyboard('{Delete}');
    await waitFor(() => expect(canvasNode('sl')).toBeNull());
    expect(store.getState().graph.doc.edges.some((e) => e.source === 'sl' || e.target === 'sl')).toBe(false);
  });

  it('shows a param error inline on blur, marks the node, and clears both when fixed', async () => {
    const { user } = await openTemplate(server, 'short-straddle');
    await waitFor(() => expect(canvasNode('straddle')).not.toBeNull());
    clickNode('straddle');
    const lots = screen.getByLabelText('Lots');
    await user.clear(lots);
    await user.type(lots, '0');
    fireEvent.blur(lots);

    expect((await screen.findByText('at least 1 lot')).getAttribute('role')).toBe('alert');
    expect(within(canvasNode('straddle')!).getByLabelText(/1 problem\(s\)/)).toBeTruthy();

    await user.clear(screen.getByLabelText('Lots'));
    await user.type(screen.getByLabelText('Lots'), 'two');
    fireEvent.blur(screen.getByLabelText('Lots'));
    expect(await screen.findByText('“two” is not a number.')).toBeTruthy();

    await user.clear(screen.getByLabelText('Lots'));
    await user.type(screen.getByLabelText('Lots'), '2');
    fireEvent.blur(screen.getByLabelText('Lots'));
    await waitFor(() => expect(within(canvasNode('straddle')!).getByText('SELL ATM straddle · 2 lots · NIFTY')).toBeTruthy());
    expect(screen.queryByText('at least 1 lot')).toBeNull();
    expect(within(canvasNode('straddle')!).getByLabelText('no problems found')).toBeTruthy();
  });

  it('saves with rev; a conflicting save says so and keeps the edits until the trader overwrites', async () => {
    const { user, graphId } = await openTemplate(server, 'short-straddle');
    await waitFor(() => expect(canvasNode('straddle')).not.toBeNull());
    await user.click(screen.getByTestId('palette-exec.notify'));
    await user.click(screen.getByTestId('save'));
    await waitFor(() => expect(screen.getByText('Saved')).toBeTruthy());
    const stored = await server.call('GET', `/api/graphs/${graphId}`);
    expect(stored.body).toMatchObject({ rev: 2, graph: { nodes: expect.arrayContaining([expect.objectContaining({ id: 'notify', type: 'exec.notify' })]) } });

    // Someone else saves the same graph in between.
    const theirs = stored.body as { graph: { name: string }; rev: number };
    await server.call('PUT', `/api/graphs/${graphId}`, { graph: { ...theirs.graph, name: 'Renamed elsewhere' }, rev: 2 });

    await user.click(screen.getByTestId('palette-exec.notify'));
    await user.click(screen.getByTestId('save'));
    expect((await screen.findByText(/The graph was saved elsewhere/)).textContent).toContain('Your edits are still here');
    expect(canvasNode('notify2')).not.toBeNull();
    expect(screen.getByText('Not saved: conflict')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Overwrite with my edits' }));
    await waitFor(() => expect(screen.getByText('Saved')).toBeTruthy());
    const after = await server.call('GET', `/api/graphs/${graphId}`);
    expect(after.body).toMatchObject({ rev: 4, graph: { nodes: expect.arrayContaining([expect.objectContaining({ id: 'notify2' })]) } });
  });

  it('lists every problem after validate; clicking one selects its node', async () => {
    const { user } = await openTemplate(server, 'short-straddle');
    await waitFor(() => expect(canvasNode('straddle')).not.toBeNull());
    await user.click(screen.getByTestId('palette-exec.notify'));
    await user.click(screen.getByTestId('validate'));
    const panel = screen.getByTestId('validation-panel');
    const problem = await within(panel).findByRole('button', { name: /notify/ });
    expect(problem.textContent).toMatch(/input/i);

    clickNode('tv');
    await user.click(problem);
    expect(within(screen.getByRole('complementary', { name: 'Inspector' })).getByRole('heading', { name: 'Notify' })).toBeTruthy();
  });

  it('test-runs the sample alert and shows each node’s status on the canvas; a failing node is red with its message', async () => {
    const { user } = await openTemplate(server, 'short-straddle');
    await waitFor(() => expect(canvasNode('straddle')).not.toBeNull());
    await user.click(screen.getByRole('tab', { name: 'Test run' }));
    const sample = screen.getByLabelText<HTMLTextAreaElement>(/Sample signal/);
    expect(JSON.parse(sample.value)).toMatchObject({ action: 'ENTRY', symbol: 'NIFTY', price: '25880.50' });

    await user.click(screen.getByTestId('test-run'));
    expect(await screen.findByText(/Run completed/)).toBeTruthy();
    await waitFor(() => expect(within(canvasNode('enter')!).getByRole('status').textContent).toMatch(/✓ ran · [\d.]+ (µs|ms)/));
    expect(within(canvasNode('exit')!).queryByRole('status')).toBeNull();

    // An underlying that is not in the instrument file fails the leg node.
    clickNode('straddle');
    await user.clear(screen.getByLabelText('Underlying'));
    await user.type(screen.getByLabelText('Underlying'), 'NOSUCH');
    fireEvent.blur(screen.getByLabelText('Underlying'));
    await user.click(screen.getByTestId('test-run'));
    await waitFor(() => expect(canvasNode('straddle')!.querySelector('.lf-node.is-failed')).not.toBeNull());
    expect(within(canvasNode('straddle')!).getByRole('status').textContent).toMatch(/✗ failed.*NOSUCH/s);
  });
});
