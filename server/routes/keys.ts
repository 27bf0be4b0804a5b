import { Router } from 'express';
import { z } from 'zod';
import { API_KEY_SCOPES, createApiKey, DEFAULT_SCOPES, deleteApiKey, listApiKeys } from '../auth/api-keys.ts';
import { insufficientScope } from '../auth/authenticate.ts';
import { writeAudit } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { notFound } from '../http/api-error.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { route } from '../http/route.ts';

const createBody = z.object({
  name: z.string().trim().min(1, 'give the key a name').max(100).describe('What the key is for, e.g. "research notebook"'),
  scopes: z
    .array(z.enum(API_KEY_SCOPES))
    .min(1, 'give the key at least one scope')
    .max(API_KEY_SCOPES.length)
    .refine((scopes) => new Set(scopes).size === scopes.length, 'list each scope once')
    .default([...DEFAULT_SCOPES])
    .describe(
      'What the key may do: "signals" (send signals, run a worker), "read" (GET routes, the event stream), "manage" (create and delete keys, change graphs and deployments). Default: signals and read.',
    ),
});

/** API keys for scripts and the Python client; the secret is shown once, at creation. */
export function keyRoutes(ctx: AppContext, docs: OpenApiRegistry): Router {
  const router = Router();
  const mount = '/api/keys';

  route(
    router,
    docs,
    mount,
    { method: 'post', path: '/', summary: 'Create an API key (the key is shown only in this reply)', tag: 'keys', auth: 'user', body: createBody, status: 201 },
    async ({ body, user }) => {
      // A key with `manage` makes keys, but none that may do more than itself.
      const held = user.apiKey?.scopes;
      const beyond = held ? body.scopes.find((scope) => !held.includes(scope)) : undefined;
      if (held && beyond) throw insufficientScope(beyond, held);
      const created = await createApiKey(ctx, user.id, body.name, body.scopes);
      await writeAudit(ctx.storage.db, { userId: user.id, action: 'key.create', target: created.id, details: { name: body.name, scopes: created.scopes } });
      return { id: created.id, name: created.name, scopes: created.scopes, key: created.key, createdAt: created.createdAt };
    },
  );

  route(
    router,
    docs,
    mount,
    { method: 'get', path: '/', summary: 'Your API keys and their scopes, without their secrets', tag: 'keys', auth: 'user' },
    ({ user }) => listApiKeys(ctx, user.id),
  );

  route(
    router,
    docs,
    mount,
    {
      method: 'delete',
      path: '/:id',
      summary: 'Delete an API key; it stops working at once and its open WebSockets close',
      tag: 'keys',
      auth: 'user',
      status: 204,
    },
    async ({ params, user, res }) => {
      const id = params.id!;
      // Someone else's key answers 404 like a missing one, so ids reveal nothing.
      if (!(await deleteApiKey(ctx, user.id, id))) throw notFound('API key', id);
      ctx.revocations.keyRevoked(id, 'API key deleted');
      await writeAudit(ctx.storage.db, { userId: user.id, action: 'key.delete', target: id });
      res.status(204).end();
    },
  );

  return router;
}
