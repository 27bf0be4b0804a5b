import { screen, waitFor, within } from '@testing-library/react';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PASSWORDS } from '../../../../server/testing/app.ts';
import { renderApp } from '../../testing/render-app.tsx';
import { startServer, type RealServer } from '../../testing/real-server.ts';
import { pageOf, pathOf } from '../ui/navigation.ts';

let server: RealServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.close();
});

/** Signs in on the server directly (not in the editor's cookie jar): the status a user would get. */
const signInStatus = async (username: string, password: string) => (await request(server.test.app).post('/api/auth/login').send({ username, password })).status;

const row = (username: string) => within(screen.getByTestId('users')).getByText(username).closest('tr')!;

describe('the Users page', () => {
  it('lets the admin add a user, whose generated password is shown once and signs in', async () => {
    await server.signIn('admin');
    const { user } = renderApp(server);
    await user.click(await screen.findByRole('button', { name: 'Users' }));
    expect(await screen.findByRole('heading', { name: 'Users' })).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('users').querySelectorAll('tbody tr')).toHaveLength(2));
    expect(within(row('admin')).queryByRole('button')).toBeNull();
    // Its own address, so a reload or a link opens it again.
    expect([pathOf({ name: 'users' }), pageOf('/users')]).toEqual(['/users', { name: 'users' }]);

    const form = within(screen.getByRole('form', { name: 'Add a user' }));
    await user.type(form.getByLabelText('Username'), 'carol');
    await user.click(form.getByRole('button', { name: 'Add user' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Password for carol' }));
    const password = dialog.getByLabelText<HTMLInputElement>('Password').value;
    expect(password).toMatch(/^[\w-]{16}$/);
    await user.click(dialog.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(row('carol')).toBeTruthy());
    expect(await signInStatus('carol', password)).toBe(200);

    await user.type(form.getByLabelText('Username'), 'Carol');
    await user.click(form.getByRole('button', { name: 'Add user' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The username "carol" is taken; pick another.');
  });

  it('disables a user after asking, enables them again, and resets a password', async () => {
    await server.signIn('admin');
    const { user } = renderApp(server, { name: 'users' });
    await user.click(await screen.findByRole('button', { name: 'Disable bob' }));
    const confirm = within(await screen.findByRole('dialog', { name: 'Disable bob?' }));
    expect(confirm.getByText(/their API keys are deleted/)).toBeTruthy();
    await user.click(confirm.getByRole('button', { name: 'Disable bob' }));
    expect((await screen.findByRole('status')).textContent).toBe('bob is disabled.');
    await waitFor(() => expect(within(row('bob')).getByText('disabled')).toBeTruthy());
    expect(await signInStatus('bob', PASSWORDS.bob)).toBe(403);

    await user.click(within(row('bob')).getByRole('button', { name: 'Enable bob' }));
    await waitFor(() => expect(within(row('bob')).getByText('active')).toBeTruthy());
    expect(await signInStatus('bob', PASSWORDS.bob)).toBe(200);

    await user.click(within(row('bob')).getByRole('button', { name: 'Reset the password of bob' }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Reset the password of bob?' })).getByRole('button', { name: 'Reset password' }));
    const issued = within(await screen.findByRole('dialog', { name: 'Password for bob' }));
    const password = issued.getByLabelText<HTMLInputElement>('Password').value;
    expect(await signInStatus('bob', PASSWORDS.bob)).toBe(401);
    expect(await signInStatus('bob', password)).toBe(200);
  });

  it('is not offered to other users, and refuses them if they go to it', async () => {
    await server.signIn('bob');
    renderApp(server);
    expect(await screen.findByRole('heading', { name: 'Your graphs' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Users' })).toBeNull();
    renderApp(server, { name: 'users' });
    expect((await screen.findByRole('alert')).textContent).toBe('Only the administrator manages users.');
  });
});
