import './users.css';
import { useState, type FormEvent } from 'react';
import type { ApiErrorBody } from '../../api/client.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { useChangePasswordMutation } from './users-api.ts';

const FIELDS: Record<string, string> = { currentPassword: 'The current password', newPassword: 'The new password' };

/** What a refusal says to the user: a field's problem in words, else the server's message. */
function refusal(error: unknown): string {
  const body = error as Partial<ApiErrorBody>;
  const issue = Array.isArray(body.details?.issues) ? (body.details.issues[0] as { path?: unknown; message?: unknown } | undefined) : undefined;
  if (body.code === 'invalid_request' && typeof issue?.path === 'string' && FIELDS[issue.path] && typeof issue.message === 'string')
    return `${FIELDS[issue.path]} ${issue.message}.`;
  return typeof body.message === 'string' ? body.message : 'The password could not be changed.';
}

/** The signed-in user's own password: a button that opens the form, asking for the current one first. */
export function ChangePassword() {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [changePassword, { isLoading }] = useChangePasswordMutation();

  const close = () => {
    setOpen(false);
    setCurrent('');
    setNext('');
    setAgain('');
    setFailure(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // A typo in a password nobody sees would lock its owner out at the next sign-in.
    if (next !== again) return setFailure('The two new passwords differ; type the same one twice.');
    const result = await changePassword({ currentPassword: current, newPassword: next });
    if ('error' in result) return setFailure(refusal(result.error));
    close();
    setDone(true);
  };

  return (
    <>
      <button
        type="button"
        onClick={() => {
          setDone(false);
          setOpen(true);
        }}
      >
        Change password
      </button>
      {done && (
        <span role="status" className="lf-muted">
          Password changed; your other sessions are signed out.
        </span>
      )}
      {open && (
        <Dialog title="Change your password" onClose={close}>
          <form className="lf-password-form" onSubmit={(e) => void submit(e)} aria-label="Change your password">
            <label>
              Current password
              <input type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" required />
            </label>
            <label>
              New password
              <input type="password" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" required />
            </label>
            <label>
              New password again
              <input type="password" value={again} onChange={(e) => setAgain(e.target.value)} autoComplete="new-password" required />
            </label>
            {failure && (
              <p role="alert" className="lf-error-text">
                {failure}
              </p>
            )}
            <div className="lf-dialog-actions">
              <button type="button" onClick={close}>
                Cancel
              </button>
              <button type="submit" disabled={isLoading}>
                Change password
              </button>
            </div>
          </form>
        </Dialog>
      )}
    </>
  );
}
