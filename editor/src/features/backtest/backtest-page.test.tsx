import { screen, waitFor, within } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signedInServerPerTest } from '../../testing/real-server.ts';
import { renderApp } from '../../testing/render-app.tsx';
import { storyJob, storyResult } from './story-data.ts';

const server = signedInServerPerTest();
const templates = join(import.meta.dirname, '..', '..', '..', '..', 'templates');

/** Creates the short straddle from its template and publishes version 1; its id. */
async function publishStraddle(): Promise<string> {
  const graph = JSON.parse(readFileSync(join(templates, 'short-straddle.graph.json'), 'utf8')) as unknown;
  const { id } = (await server.call('POST', '/api/graphs', { graph })).body as { id: string };
  await server.call('POST', `/api/graphs/${id}/publish`);
  return id;
}

describe('the Backtest page', () => {
  // A job's thread cannot start from this test project (its web transform rewrites the worker's file URL), so
  // the jobs are stored as the runner stores them and its events sent as it sends them.
  it('lists your runs, shows one’s results, moves a running one’s bar from the socket, compares two and deletes one', async () => {
    const graphId = await publishStraddle();
    const userId = server.test.users.admin.id;
    const row = (id: string, status: 'completed' | 'running', createdAt: number) => ({
      id,
      userId,
      status,
      request: JSON.stringify({ ...storyJob.request, graphId }),
      progressDay: status === 'completed' ? 3 : 1,
      progressDays: 3,
      result: status === 'completed' ? JSON.stringify(storyResult) : null,
      error: null,
      createdAt,
      startedAt: createdAt,
      finishedAt: status === 'completed' ? createdAt : null,
    });
    await server.test.ctx.storage.db
      .insertInto('backtests')
      .values([row('bt_a', 'completed', 1), row('bt_b', 'completed', 2), row('bt_c', 'running', 3)])
      .execute();

    const { user } = renderApp(server, { name: 'backtests' });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('● Live progress'));
    const list = await screen.findByTestId('backtest-list');
    const statuses = () => [...list.querySelectorAll('tbody tr')].map((tr) => tr.children[4]!.textContent);
    // Newest first; the running one a third of the way (1 of 3 days).
    expect(statuses()).toEqual(['running 33 %', 'completed', 'completed']);

    server.test.ctx.engine.events.emit({ type: 'backtest.progress', userId, data: { backtestId: 'bt_c', date: '2026-11-25', day: 2, days: 3 } });
    await waitFor(() => expect(statuses()[0]).toBe('running 66 %'));

    await user.click(within(list).getAllByRole('button', { name: 'NIFTY short straddle on TradingView v1' })[1]!);
    const summary = await screen.findByLabelText('Summary');
    // The story's run: 1525.00 − 912.50 = 612.50 net, 2 of 3 days traded.
    expect(within(summary).getByText('Net P&L').nextSibling?.textContent).toBe('₹612.50');
    expect(within(summary).getByText('Days traded').nextSibling?.textContent).toBe('2 of 3');
    expect(screen.getByTestId('trade-log').querySelectorAll('tbody tr')).toHaveLength(4);
    expect([...document.querySelectorAll('.lf-bt-day')].map((d) => d.getAttribute('data-level'))).toEqual(['4', '0', '-3', '0', '0']);

    const boxes = within(list).getAllByRole('checkbox');
    expect(boxes.map((b) => (b as HTMLInputElement).disabled)).toEqual([true, false, false]);
    await user.click(boxes[1]!);
    await user.click(boxes[2]!);
    const compare = await screen.findByTestId('compare');
    expect([...compare.querySelectorAll('tbody tr')][0]!.textContent).toBe('Net P&L₹612.50₹612.50');

    await user.click(within(list).getAllByRole('button', { name: /^Delete / })[0]!);
    await waitFor(() => expect(statuses()).toEqual(['completed', 'completed']));
    expect(((await server.call('GET', '/api/backtests')).body as unknown[]).length).toBe(2);
  });

  it('says why the server refused a run', async () => {
    const graphId = await publishStraddle();
    const { user } = renderApp(server, { name: 'backtests' });
    const form = await screen.findByRole('form', { name: 'New backtest' });
    await within(form).findByRole('option', { name: 'NIFTY short straddle on TradingView' });
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Graph' }), graphId);
    await waitFor(() => expect(within(form).getByRole<HTMLSelectElement>('combobox', { name: 'Version' }).value).toBe('1'));
    // A range that ends before it starts.
    await user.type(within(form).getByLabelText('From'), '2026-11-25');
    await user.type(within(form).getByLabelText('To'), '2026-11-23');
    await user.click(within(form).getByRole('button', { name: 'Run backtest' }));
    expect((await within(form).findByRole('alert')).textContent).toMatch(/\S/);
    expect((await server.call('GET', '/api/backtests')).body).toEqual([]);
  });
});
