import type { ManagedUser } from './user-schemas.ts';

export interface UserActions {
  onDisable(user: ManagedUser): void;
  onEnable(user: ManagedUser): void;
  onResetPassword(user: ManagedUser): void;
}

/** Every user with their state; the administrator's own row has no actions (it cannot be disabled). */
export function UserTable({ users, busy = false, ...actions }: { users: readonly ManagedUser[]; busy?: boolean } & UserActions) {
  return (
    <table className="lf-table" data-testid="users">
      <thead>
        <tr>
          <th scope="col">User</th>
          <th scope="col">Role</th>
          <th scope="col">Status</th>
          <th scope="col">Created</th>
          <th scope="col">
            <span className="lf-visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {users.map((u) => (
          <tr key={u.id}>
            <td>{u.username}</td>
            <td>{u.admin ? 'administrator' : 'trader'}</td>
            <td>
              {u.disabledAt === null ? (
                <span className="lf-status is-running">active</span>
              ) : (
                <span className="lf-status is-stopped" title={`since ${new Date(u.disabledAt).toLocaleString()}`}>
                  disabled
                </span>
              )}
            </td>
            <td>{new Date(u.createdAt).toLocaleDateString()}</td>
            <td className="lf-user-actions">
              {!u.admin && (
                <>
                  {u.disabledAt === null ? (
                    <button type="button" disabled={busy} onClick={() => actions.onDisable(u)} aria-label={`Disable ${u.username}`}>
                      Disable
                    </button>
                  ) : (
                    <button type="button" disabled={busy} onClick={() => actions.onEnable(u)} aria-label={`Enable ${u.username}`}>
                      Enable
                    </button>
                  )}
                  <button type="button" disabled={busy} onClick={() => actions.onResetPassword(u)} aria-label={`Reset the password of ${u.username}`}>
                    Reset password
                  </button>
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
