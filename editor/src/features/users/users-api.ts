import { legflowApi } from '../../api/legflow-api.ts';
import type { z } from 'zod';
import { noContent } from '../../api/schemas.ts';
import { disabledUserSchema, enabledUserSchema, userListSchema, userWithPasswordSchema, type ManagedUser, type UserWithPassword } from './user-schemas.ts';

const enc = encodeURIComponent;

/** The administrator's user management (every change refetches the list), and anyone's own password. */
export const usersApi = legflowApi.enhanceEndpoints({ addTagTypes: ['Users'] }).injectEndpoints({
  endpoints: (build) => ({
    users: build.query<ManagedUser[], void>({ query: () => ({ path: '/api/users', schema: userListSchema }), providesTags: ['Users'] }),
    createUser: build.mutation<UserWithPassword, { username: string; password?: string }>({
      query: (body) => ({ method: 'POST', path: '/api/users', schema: userWithPasswordSchema, body }),
      invalidatesTags: ['Users'],
    }),
    disableUser: build.mutation<z.output<typeof disabledUserSchema>, string>({
      query: (id) => ({ method: 'POST', path: `/api/users/${enc(id)}/disable`, schema: disabledUserSchema }),
      invalidatesTags: ['Users'],
    }),
    enableUser: build.mutation<z.output<typeof enabledUserSchema>, string>({
      query: (id) => ({ method: 'POST', path: `/api/users/${enc(id)}/enable`, schema: enabledUserSchema }),
      invalidatesTags: ['Users'],
    }),
    resetPassword: build.mutation<UserWithPassword, string>({
      // No password given: the server generates one and answers it once.
      query: (id) => ({ method: 'POST', path: `/api/users/${enc(id)}/password`, schema: userWithPasswordSchema, body: {} }),
      invalidatesTags: ['Users'],
    }),
    /** Anyone's own password; the server ends their other sessions. */
    changePassword: build.mutation<undefined, { currentPassword: string; newPassword: string }>({
      query: (body) => ({ method: 'POST', path: '/api/auth/password', schema: noContent, body }),
    }),
  }),
});

export const { useUsersQuery, useCreateUserMutation, useDisableUserMutation, useEnableUserMutation, useResetPasswordMutation, useChangePasswordMutation } =
  usersApi;
