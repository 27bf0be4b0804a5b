import { useId, useState, type FormEvent } from 'react';
import { useLoginMutation } from '../../api/legflow-api.ts';
import { useAppSelector } from '../../store/hooks.ts';
import { selectAuth } from './authSlice.ts';

/** Sign in with the username and password; the first start prints the admin's password. */
export function LoginPage() {
  const [login, { isLoading, error }] = useLoginMutation();
  const { reason } = useAppSelector(selectAuth);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const id = useId();
  const message = error && 'message' in error ? String(error.message) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void login({ username, password });
  };

  return (
    <main className="lf-login">
      <form onSubmit={submit} aria-labelledby={`${id}-title`}>
        <h1 id={`${id}-title`}>Sign in to Legflow</h1>
        {reason && <p role="status">{reason}</p>}
        <label htmlFor={`${id}-user`}>Username</label>
        <input id={`${id}-user`} autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
        <label htmlFor={`${id}-password`}>Password</label>
        <input id={`${id}-password`} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        {message && (
          <p role="alert" className="lf-error-text">
            {message}
          </p>
        )}
        <button type="submit" disabled={isLoading}>
          {isLoading ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
