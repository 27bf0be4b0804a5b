import { screen, waitFor, within } from '@testing-library/react';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORDS } from '../../../../server/testing/app.ts';
import { renderApp } from '../../testing/render-app.tsx';
import { startServer, type RealServer } from '../../testing/real-server.ts';

let server: RealServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

/** Signs in on the server directly (not in the editor's cookie jar): the answer a user would get. */
const signIn = (username: string, password: string) => request(server.test.app).post('/api/auth/login').send({ username, password });

describe('changing your own password', () => {
  it('asks for the current one, says what is wrong, and then signs your other sessions out', async () => {
    await server.signIn('bob');
    const elsewhere = (await signIn('bob', PASSWORDS.bob)).headers['set-cookie']![0]!.split(';')[0]!;
    const { user } = renderApp(server);
    await user.click(await screen.findByRole('button', { name: 'Change password' }));
    const form = within(await screen.findByRole('form', { name: 'Change your password' }));
    const fill = async (current: string, next: string, again: string) => {
      for (const [label, value] of [
        ['Current password', current],
        ['New password', next],
        ['New password again', again],
      ] as const) {
        await user.clear(form.getByLabelText(label));
        await user.type(form.getByLabelText(label), value);
      }
      await user.click(form.getByRole('button', { name: 'Change password' }));
    };

    await fill('not-my-password', 'bob-new-password-2', 'bob-new-password-2');
    expect((await form.findByRole('alert')).textContent).toBe('The current password is wrong; nothing was changed.');
    await fill(PASSWORDS.bob, 'bob-new-password-2', 'bob-new-password-3');
    await waitFor(() => expect(form.getByRole('alert').textContent).toBe('The two new passwords differ; type the same one twice.'));
    await fill(PASSWORDS.bob, 'short', 'short');
    await waitFor(() => expect(form.getByRole('alert').textContent).toBe('The new password must be at least 8 characters.'));
    // None of these changed anything.
    expect((await signIn('bob', PASSWORDS.bob)).status).toBe(200);

    await fill(PASSWORDS.bob, 'bob-new-password-2', 'bob-new-password-2');
    expect((await screen.findByRole('status')).textContent).toBe('Password changed; your other sessions are signed out.');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect((await signIn('bob', PASSWORDS.bob)).status).toBe(401);
    expect((await signIn('bob', 'bob-new-password-2')).status).toBe(200);
    // The other session ended; this one goes on.
    expect((await request(server.test.app).get('/api/auth/me').set('Cookie', elsewhere)).status).toBe(401);
    expect((await server.call('GET', '/api/auth/me')).status).toBe(200);
  });

  it('is offered to every signed-in user, and Cancel changes nothing', async () => {
    await server.signIn('admin');
    const { user } = renderApp(server);
    await user.click(await screen.findByRole('button', { name: 'Change password' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Change your password' }));
    await user.type(dialog.getByLabelText('Current password'), PASSWORDS.admin);
    await user.click(dialog.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect((await signIn('admin', PASSWORDS.admin)).status).toBe(200);
  });
});
