import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../../runtime/market/clock.ts';
import { istToMs } from '../../../../runtime/time.ts';
import { openTemplate } from '../../testing/render-app.tsx';
import { signedInServerPerTest } from '../../testing/real-server.ts';

const server = signedInServerPerTest();

describe('the deploy dialog', () => {
  it('deploys the published version to SIM and shows the webhook URL, secret and alert message; live is refused plainly', async () => {
    const { user, graphId } = await openTemplate(server, 'short-straddle');
    const deploy = screen.getByTestId<HTMLButtonElement>('deploy');
    expect(deploy.disabled).toBe(true);
    await user.click(screen.getByTestId('publish'));
    await waitFor(() => expect(deploy.disabled).toBe(false));
    await user.click(deploy);

    const dialog = await screen.findByRole('dialog', { name: 'Deploy' });
    const form = within(dialog);
    expect(form.getByLabelText<HTMLSelectElement>('Version').value).toBe('1');
    expect(form.getByRole<HTMLInputElement>('radio', { name: /^SIM/ }).checked).toBe(true);
    // Nothing held yet: the whole capital is free for margin.
    await waitFor(() => expect(form.getByLabelText('Account').textContent).toMatch(/capital ₹10,00,000 · margin free ₹10,00,000 \(used ₹0\)/));

    await user.click(form.getByRole('radio', { name: /^Live/ }));
    expect(form.getByLabelText('Account').textContent).toBe('No live account');
    await user.click(form.getByRole('button', { name: 'Deploy live' }));
    expect((await form.findByRole('alert')).textContent).toBe('Live trading needs a broker adapter, and none is configured yet; deploy to SIM.');

    await user.click(form.getByRole('radio', { name: /^SIM/ }));
    await user.clear(form.getByLabelText('Multiplier (lots × this)'));
    await user.type(form.getByLabelText('Multiplier (lots × this)'), '0');
    expect(form.getByText('A whole number from 1 to 100.')).toBeTruthy();
    expect(form.getByRole<HTMLButtonElement>('button', { name: 'Deploy to SIM' }).disabled).toBe(true);
    await user.clear(form.getByLabelText('Multiplier (lots × this)'));
    await user.type(form.getByLabelText('Multiplier (lots × this)'), '2');
    await user.click(form.getByRole('button', { name: 'Deploy to SIM' }));

    const done = within(await screen.findByRole('dialog', { name: 'Deployed' }));
    expect(done.getByRole('status').textContent).toMatch(/Version 1 is running on account .*SIM · paper · every leg × 2/);
    const url = done.getByLabelText<HTMLInputElement>('Webhook URL').value;
    const secret = done.getByLabelText<HTMLInputElement>('Secret').value;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks\/tv\/[A-Za-z0-9_-]{32}$/);
    expect(JSON.parse(done.getByLabelText<HTMLTextAreaElement>('Alert message').value)).toMatchObject({ secret, action: '{{strategy.order.action}}' });
    expect(done.getByRole('button', { name: 'Copy webhook url' })).toBeTruthy();

    const deployments = (await server.call('GET', '/api/deployments')).body as Array<{ graphId: string; mode: string; multiplier: number }>;
    expect(deployments).toMatchObject([{ graphId, mode: 'sim', multiplier: 2 }]);

    await user.click(done.getByRole('button', { name: 'Open the live view' }));
    expect(await screen.findByRole('main', { name: 'Live view, SIM' })).toBeTruthy();
  });

  it('deploys with a schedule: days and IST hours by keyboard, checked before it is sent, shown after', async () => {
    const { user, graphId } = await openTemplate(server, 'short-straddle');
    await user.click(screen.getByTestId('publish'));
    await waitFor(() => expect(screen.getByTestId<HTMLButtonElement>('deploy').disabled).toBe(false));
    await user.click(screen.getByTestId('deploy'));
    const form = within(await screen.findByRole('dialog', { name: 'Deploy' }));
    expect(form.getByText('Signals are taken at any time.')).toBeTruthy();

    // From the multiplier, Tab reaches the schedule switch; Space turns it on.
    form.getByLabelText('Multiplier (lots × this)').focus();
    await user.tab();
    const on = form.getByRole('checkbox', { name: 'Take signals only on chosen days and hours' });
    expect(document.activeElement).toBe(on);
    await user.keyboard(' ');
    const days = within(form.getByRole('group', { name: 'Days' }));
    expect(
      days
        .getAllByRole('checkbox')
        .filter((c) => (c as HTMLInputElement).checked)
        .map((c) => c.parentElement!.textContent),
    ).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']);
    expect(form.getByLabelText<HTMLInputElement>('From (IST)').value).toBe('09:20');
    expect(form.getByLabelText<HTMLInputElement>('Until (IST)').value).toBe('15:00');

    await user.click(days.getByRole('checkbox', { name: 'Mon' }));
    fireEvent.change(form.getByLabelText('From (IST)'), { target: { value: '11:00' } });
    fireEvent.change(form.getByLabelText('Until (IST)'), { target: { value: '10:30' } });
    expect(form.getByText('“From” must be before “Until” (the same day).')).toBeTruthy();
    expect(form.getByRole<HTMLButtonElement>('button', { name: 'Deploy to SIM' }).disabled).toBe(true);
    fireEvent.change(form.getByLabelText('Until (IST)'), { target: { value: '14:30' } });
    await user.click(form.getByRole('button', { name: 'Deploy to SIM' }));

    const done = within(await screen.findByRole('dialog', { name: 'Deployed' }));
    expect(done.getByRole('status').textContent).toMatch(/takes signals Tue, Wed, Thu, Fri 11:00–14:30 IST \(NSE trading days\)$/);
    const [deployment] = (await server.call('GET', '/api/deployments')).body as Array<{ graphId: string; schedule: unknown }>;
    expect(deployment).toMatchObject({ graphId, schedule: { days: ['tue', 'wed', 'thu', 'fri'], start: '11:00', stop: '14:30', exchange: 'NSE' } });

    // The live view says when it takes signals, and that it does not now (the test market is at 10:00 IST).
    await user.click(done.getByRole('button', { name: 'Open the live view' }));
    expect(await screen.findByText(/^Schedule: takes signals Tue, Wed, Thu, Fri 11:00–14:30 IST \(NSE trading days\) · closed now/)).toBeTruthy();
  });

  it('says, once deployed, that the holiday calendar of the next 30 days is provisional', async () => {
    // The test market moves to Thursday 10 Dec 2026: its next 30 days reach 2027, whose list is not published.
    const clock = server.test.ctx.engine.sim.clock;
    if (!(clock instanceof VirtualClock)) throw new Error('the test server runs on a virtual clock');
    clock.set(istToMs('2026-12-10', '10:00'));
    const { user } = await openTemplate(server, 'short-straddle');
    await user.click(screen.getByTestId('publish'));
    await waitFor(() => expect(screen.getByTestId<HTMLButtonElement>('deploy').disabled).toBe(false));
    await user.click(screen.getByTestId('deploy'));
    await user.click(within(await screen.findByRole('dialog', { name: 'Deploy' })).getByRole('button', { name: 'Deploy to SIM' }));
    const done = within(await screen.findByRole('dialog', { name: 'Deployed' }));
    expect(done.getByRole('alert').textContent).toMatch(/NSE.*2027.*provisional/i);
  });
});
