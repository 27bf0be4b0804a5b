import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTemplate } from '../../test/render-app.tsx';
import { startServer, type RealServer } from '../../test/real-server.ts';

let server: RealServer;
beforeEach(async () => {
  server = await startServer();
  await server.signIn();
});
afterEach(async () => {
  await server.close();
});

describe('the deploy dialog', () => {
  it('deploys the published version to SIM and shows the webhook URL, secret and alert message; live is refused plainly', async () => {
    const { user, graphId } = await openTemplate(server, 'short-straddle');
    const deploy = screen.getByTestId('deploy') as HTMLButtonElement;
    expect(deploy.disabled).toBe(true);
    await user.click(screen.getByTestId('publish'));
    await waitFor(() => expect(deploy.disabled).toBe(false));
    await user.click(deploy);

    const dialog = await screen.findByRole('dialog', { name: 'Deploy' });
    const form = within(dialog);
    expect((form.getByLabelText('Version') as HTMLSelectElement).value).toBe('1');
    expect((form.getByRole('radio', { name: /^SIM/ }) as HTMLInputElement).checked).toBe(true);
    await waitFor(() => expect(form.getByLabelText('Account').textContent).toMatch(/capital ₹10,00,000/));

    await user.click(form.getByRole('radio', { name: /^Live/ }));
    expect(form.getByLabelText('Account').textContent).toBe('No live account');
    await user.click(form.getByRole('button', { name: 'Deploy live' }));
    expect((await form.findByRole('alert')).textContent).toBe('Live trading needs a broker adapter, and none is configured yet; deploy to SIM.');

    await user.click(form.getByRole('radio', { name: /^SIM/ }));
    await user.clear(form.getByLabelText('Multiplier (lots × this)'));
    await user.type(form.getByLabelText('Multiplier (lots × this)'), '0');
    expect(form.getByText('A whole number from 1 to 100.')).toBeTruthy();
    expect((form.getByRole('button', { name: 'Deploy to SIM' }) as HTMLButtonElement).disabled).toBe(true);
    await user.clear(form.getByLabelText('Multiplier (lots × this)'));
    await user.type(form.getByLabelText('Multiplier (lots × this)'), '2');
    await user.click(form.getByRole('button', { name: 'Deploy to SIM' }));

    const done = within(await screen.findByRole('dialog', { name: 'Deployed' }));
    expect(done.getByRole('status').textContent).toMatch(/Version 1 is running on account .*SIM · paper · every leg × 2/);
    const url = (done.getByLabelText('Webhook URL') as HTMLInputElement).value;
    const secret = (done.getByLabelText('Secret') as HTMLInputElement).value;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks\/tv\/[A-Za-z0-9_-]{32}$/);
    expect(JSON.parse((done.getByLabelText('Alert message') as HTMLTextAreaElement).value)).toMatchObject({ secret, action: '{{strategy.order.action}}' });
    expect(done.getByRole('button', { name: 'Copy webhook url' })).toBeTruthy();

    const deployments = (await server.call('GET', '/api/deployments')).body as Array<{ graphId: string; mode: string; multiplier: number }>;
    expect(deployments).toMatchObject([{ graphId, mode: 'sim', multiplier: 2 }]);

    await user.click(done.getByRole('button', { name: 'Open the live view' }));
    expect(await screen.findByRole('main', { name: 'Live view, SIM' })).toBeTruthy();
  });
});
