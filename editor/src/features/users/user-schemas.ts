/** Shapes of the server's user-management answers (admin only): the server's own contracts. */
import type { z } from 'zod';
import { disabledUser, enabledUser, managedUser, managedUserList, userWithPassword } from '../../../../contracts/auth.ts';

export const managedUserSchema = managedUser;
export type ManagedUser = z.output<typeof managedUserSchema>;

export const userListSchema = managedUserList;

/** A created user, or a reset password: `password` only when the server generated it (shown once). */
export const userWithPasswordSchema = userWithPassword;
export type UserWithPassword = z.output<typeof userWithPasswordSchema>;

export const disabledUserSchema = disabledUser;
export const enabledUserSchema = enabledUser;
