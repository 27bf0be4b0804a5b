/** Shapes of the server's user-management answers (admin only), parsed where they enter. */
import { z } from 'zod';

export const managedUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  admin: z.boolean(),
  createdAt: z.number(),
  disabledAt: z.number().nullable(),
});
export type ManagedUser = z.output<typeof managedUserSchema>;

export const userListSchema = z.array(managedUserSchema);

/** A created user, or a reset password: `password` only when the server generated it (shown once). */
export const userWithPasswordSchema = z.object({ user: managedUserSchema, password: z.string().optional() });
export type UserWithPassword = z.output<typeof userWithPasswordSchema>;

export const disabledUserSchema = z.object({ user: managedUserSchema, stoppedDeployments: z.array(z.string()) });
export const enabledUserSchema = z.object({ user: managedUserSchema });
