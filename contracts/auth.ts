/** Answers of sign-in, API keys and user management. */
import { z } from 'zod';
import { epochMs } from './common.ts';

export const signedInUser = z.strictObject({ id: z.string(), username: z.string(), admin: z.boolean().describe('Whether the Users page is theirs to use') });
/** `POST /api/auth/login`, `GET /api/auth/me`. */
export const meAnswer = z.strictObject({ user: signedInUser });

export const apiKeyScope = z.enum(['signals', 'read', 'manage']);
export const apiKeyInfo = z.strictObject({
  id: z.string(),
  name: z.string(),
  scopes: z.array(apiKeyScope),
  createdAt: epochMs,
  lastUsedAt: epochMs.nullable(),
});
export const apiKeyList = z.array(apiKeyInfo);
/** `POST /api/keys`: the only answer that shows the key. */
export const createdApiKey = z.strictObject({
  id: z.string(),
  name: z.string(),
  scopes: z.array(apiKeyScope),
  key: z.string().describe('lf_<id>_<secret>; shown once'),
  createdAt: epochMs,
});

export const managedUser = z.strictObject({ id: z.string(), username: z.string(), admin: z.boolean(), createdAt: epochMs, disabledAt: epochMs.nullable() });
export const managedUserList = z.array(managedUser);
/** A created user, or a reset password: `password` only when the server generated it (shown once). */
export const userWithPassword = z.strictObject({ user: managedUser, password: z.string().optional() });
export const disabledUser = z.strictObject({ user: managedUser, stoppedDeployments: z.array(z.string()) });
export const enabledUser = z.strictObject({ user: managedUser });
