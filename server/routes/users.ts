import { Router } from 'express';
import { z } from 'zod';
import { disableUser, enableUser, findUser, generatePassword, listUsers, resetPassword } from '../auth/user-admin.ts';
import { ADMIN_USERNAME, createUser, passwordSchema, usernameSchema } from '../auth/users.ts';
import type { AppContext, AuthUser } from '../context.ts';
import { ApiError } from '../http/api-error.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { route } from '../http/route.ts';

const newUserBody = z.object({
  username: usernameSchema.describe('2-32 letters, digits, ".", "_" or "-"'),
  password: passwordSchema.optional().describe('Leave out to have one generated and answered once'),
});

const resetBody = z.object({ password: passwordSchema.optional().describe('Leave out to have one generated and answered once') }).default({});

/** Only `admin` manages users; anyone else signed in is 403, whoever is not signed in 401. */
function requireAdmin(user: AuthUser): void {
  if (user.username !== ADMIN_USERNAME) throw new ApiError(403, 'forbidden', `Only the administrator ("${ADMIN_USERNAME}") manages users.`);
}

/** The administrator's user management: list, create, disable, enable, reset a password. */
export function userRoutes(ctx: AppContext, docs: OpenApiRegistry): Router {
  const router = Router();
  const mount = '/api/users';
  const tag = 'users';

  route(router, docs, mount, { method: 'get', path: '/', summary: 'Every user (admin only)', tag, auth: 'user' }, async ({ user }) => {
    requireAdmin(user);
    return listUsers(ctx.storage.db);
  });

  route(
    router,
    docs,
    mount,
    { method: 'post', path: '/', summary: 'Create a user with a SIM account (admin only)', tag, auth: 'user', body: newUserBody, status: 201 },
    async ({ body, user }) => {
      requireAdmin(user);
      const password = body.password ?? generatePassword();
      const created = await createUser(ctx, body.username, password, user.id);
      return { user: await findUser(ctx.storage.db, { id: created.id }), ...(body.password === undefined && { password }) };
    },
  );

  route(
    router,
    docs,
    mount,
    {
      method: 'post',
      path: '/:id/disable',
      summary: 'Disable a user: sessions, API keys, open WebSockets and running deployments stop (admin only)',
      tag,
      auth: 'user',
    },
    async ({ params, user }) => {
      requireAdmin(user);
      const result = await disableUser(ctx.storage.db, { id: params.id! }, user.id);
      // The engine may hold a deployment the database already calls stopped (none should), so ask it too.
      const running = [...ctx.engine.runningDeployments()].filter((d) => d.userId === result.user.id).map((d) => d.id);
      for (const id of new Set([...result.stoppedDeployments, ...running])) ctx.engine.stop(id);
      // Every socket they hold closes, whether opened with a session or with one of the deleted keys.
      ctx.revocations.userRevoked(result.user.id, 'user disabled');
      return { user: result.user, stoppedDeployments: result.stoppedDeployments };
    },
  );

  route(
    router,
    docs,
    mount,
    { method: 'post', path: '/:id/enable', summary: 'Let a disabled user sign in again (admin only)', tag, auth: 'user' },
    async ({ params, user }) => {
      requireAdmin(user);
      return { user: await enableUser(ctx.storage.db, { id: params.id! }, user.id) };
    },
  );

  route(
    router,
    docs,
    mount,
    { method: 'post', path: '/:id/password', summary: "Reset a user's password; their sessions end (admin only)", tag, auth: 'user', body: resetBody },
    async ({ params, body, user }) => {
      requireAdmin(user);
      const password = body.password ?? generatePassword();
      const target = await resetPassword(ctx.storage.db, { id: params.id! }, password, user.id);
      // Their API keys stay (see resetPassword), and so do the sockets and workers opened with them.
      ctx.revocations.sessionsRevoked(target.id, 'password reset');
      return { user: target, ...(body.password === undefined && { password }) };
    },
  );

  return router;
}
