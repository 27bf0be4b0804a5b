import '../features/live/live.css';
import '../features/deploy/deploy.css';
import '../features/users/users.css';
import { useState, type FormEvent } from 'react';
import { useAppSelector } from '../store/hooks.ts';
import { selectAuth } from '../features/auth/authSlice.ts';
import { CopyField } from '../features/deploy/CopyField.tsx';
import { Dialog } from '../features/ui/Dialog.tsx';
import type { ManagedUser } from '../features/users/user-schemas.ts';
import { UserTable } from '../features/users/UserTable.tsx';
import { useCreateUserMutation, useDisableUserMutation, useEnableUserMutation, useResetPasswordMutation, useUsersQuery } from '../features/users/users-api.ts';
import { BackLink } from '../features/ui/BackLink.tsx';

/** What a failed call says, from the server's error shape. */
const messageOf = (error: unknown, fallback: string) =>
  typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string' ? error.message : fallback;

type Pending = { kind: 'disable' | 'reset'; user: ManagedUser };

/** The administrator's users: add one, disable or enable, reset a password (a new one is shown once). */
export function UsersPage() {
  const { user: me } = useAppSelector(selectAuth);
  const { data = [], isLoading, error } = useUsersQuery(undefined, { skip: !me?.admin });
  const [createUser, creating] = useCreateUserMutation();
  const [disableUser, disabling] = useDisableUserMutation();
  const [enableUser, enabling] = useEnableUserMutation();
  const [resetPassword, resetting] = useResetPasswordMutation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);
  const [issued, setIssued] = useState<{ username: string; password: string } | null>(null);
  const [status, setStatus] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const busy = creating.isLoading || disabling.isLoading || enabling.isLoading || resetting.isLoading;

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const result = await createUser({ username, ...(password === '' ? {} : { password }) });
    if ('error' in result) return setStatus({ tone: 'error', text: messageOf(result.error, 'The user could not be added.') });
    setUsername('');
    setPassword('');
    setStatus({ tone: 'info', text: `${result.data.user.username} can sign in now, with a SIM account of their own.` });
    if (result.data.password) setIssued({ username: result.data.user.username, password: result.data.password });
  };

  const confirm = async ({ kind, user }: Pending) => {
    setPending(null);
    if (kind === 'disable') {
      const result = await disableUser(user.id);
      if ('error' in result) return setStatus({ tone: 'error', text: messageOf(result.error, `${user.username} could not be disabled.`) });
      const stopped = result.data.stoppedDeployments.length;
      return setStatus({
        tone: 'info',
        text: `${user.username} is disabled${stopped ? `; ${stopped} running deployment${stopped === 1 ? '' : 's'} stopped` : ''}.`,
      });
    }
    const result = await resetPassword(user.id);
    if ('error' in result) return setStatus({ tone: 'error', text: messageOf(result.error, `The password of ${user.username} could not be reset.`) });
    setStatus({ tone: 'info', text: `The password of ${user.username} is reset; they were signed out everywhere.` });
    if (result.data.password) setIssued({ username: user.username, password: result.data.password });
  };

  const enable = async (user: ManagedUser) => {
    const result = await enableUser(user.id);
    setStatus(
      'error' in result
        ? { tone: 'error', text: messageOf(result.error, `${user.username} could not be enabled.`) }
        : { tone: 'info', text: `${user.username} can sign in again.` },
    );
  };

  return (
    <main className="lf-page">
      <header className="lf-page-head">
        <BackLink to={{ name: 'graphs' }} label="Graphs" />
        <h1>Users</h1>
      </header>
      {!me?.admin ? (
        <p role="alert">Only the administrator manages users.</p>
      ) : (
        <>
          <form className="lf-user-form" onSubmit={(e) => void add(e)} aria-label="Add a user">
            <label>
              Username
              <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" required />
            </label>
            <label>
              Password
              <input
                type="password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoComplete="new-password"
                placeholder="empty: generate one"
              />
            </label>
            <button type="submit" disabled={busy}>
              Add user
            </button>
          </form>
          {status && (
            <p role={status.tone === 'error' ? 'alert' : 'status'} className={status.tone === 'error' ? 'lf-error-text' : undefined}>
              {status.text}
            </p>
          )}
          {isLoading && <p>Loading the users…</p>}
          {error && <p role="alert">{messageOf(error, 'The users could not be loaded.')}</p>}
          <UserTable
            users={data}
            busy={busy}
            onDisable={(user) => setPending({ kind: 'disable', user })}
            onEnable={(user) => void enable(user)}
            onResetPassword={(user) => setPending({ kind: 'reset', user })}
          />
        </>
      )}
      {pending && (
        <Dialog
          title={pending.kind === 'disable' ? `Disable ${pending.user.username}?` : `Reset the password of ${pending.user.username}?`}
          onClose={() => setPending(null)}
        >
          <p>
            {pending.kind === 'disable'
              ? 'They are signed out at once: their sessions end, their API keys are deleted, their open live views close and their running deployments stop (open positions keep their stops). Enabling them later brings back their sign-in, not their keys.'
              : 'A new password is generated and shown once; every session they have ends.'}
          </p>
          <div className="lf-dialog-actions">
            <button type="button" onClick={() => setPending(null)}>
              Cancel
            </button>
            <button type="button" onClick={() => void confirm(pending)}>
              {pending.kind === 'disable' ? `Disable ${pending.user.username}` : 'Reset password'}
            </button>
          </div>
        </Dialog>
      )}
      {issued && (
        <Dialog title={`Password for ${issued.username}`} onClose={() => setIssued(null)}>
          <p>Shown once: hand it to {issued.username} now. Legflow keeps only a hash of it.</p>
          <CopyField label="Password" value={issued.password} />
          <div className="lf-dialog-actions">
            <button type="button" onClick={() => setIssued(null)}>
              Done
            </button>
          </div>
        </Dialog>
      )}
    </main>
  );
}
