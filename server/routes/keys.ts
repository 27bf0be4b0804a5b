import { Router } from 'express';
import { z } from 'zod';
import { createApiKey, deleteApiKey, listApiKeys } from '../auth/api-keys.ts';
import { writeAudit } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { notFound } from '../http/api-error.ts';
import type { OpenApiRegistry } from '../http/openapi.ts';
import { route } from '../http/route.ts';

const createBody = z.object({
  name: z.string().trim().min(1, 'give the key a name').max(100).describe('What the key is for, e.g. "research notebook"'),
});

/** API keys for scripts and the Python client; the secret is shown once, at creation. */
export function keyRoutes(ctx: AppContext, docs: OpenApiRegistry): Router {
  const router = Router();
  const mount = '/api/keys';

  route(router, docs, mount, { method: 'post', path: '/', summary: 'Create an API key (the key is shown only in this reply)', tag: 'keys', auth: 'user', body: createBody, status: 201 }, async ({ body, user }) => {
    const created = await createApiKey(ctx, user.id, body.name);
    await writeAudit(ctx.db, { userId: user.id, action: 'key.create', target: created.id, details: { name: body.name } });
    return { id: created.id, name: created.name, key: created.key, createdAt: created.createdAt };
  });

  route(router, docs, mount, { method: 'get', path: '/', summary: 'Your API keys, without their secrets', tag: 'keys', auth: 'user' }, ({ user }) => listApiKeys(ctx, user.id));

  route(router, docs, mount, { method: 'delete', path: '/:id', summary: 'Delete an API key; it stops working at once', tag: 'keys', auth: 'user', status: 204 }, async ({ params, user, res }) => {
    const id = params.id!;
    // Someone else's key answers 404 like a missing one, so ids reveal nothing.
    if (!(await deleteApiKey(ctx, user.id, id))) throw notFound('API key', id);
    await writeAudit(ctx.db, { userId: user.id, action: 'key.delete', target: id });
    res.status(204).end();
  });

  return router;
}
