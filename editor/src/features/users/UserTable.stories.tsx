/** The administrator's list of users: an active trader, a disabled one, and the admin's own row. */
import '../live/live.css';
import './users.css';
import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ManagedUser } from './user-schemas.ts';
import { UserTable } from './UserTable.tsx';

const created = Date.UTC(2026, 10, 2, 4, 30);
const users: ManagedUser[] = [
  { id: 'u_admin000000000000', username: 'admin', admin: true, createdAt: created, disabledAt: null },
  { id: 'u_bob0000000000000', username: 'bob', admin: false, createdAt: created + 86_400_000, disabledAt: null },
  { id: 'u_carol00000000000', username: 'carol', admin: false, createdAt: created + 2 * 86_400_000, disabledAt: created + 9 * 86_400_000 },
];

const none = () => undefined;

export default {
  title: 'Users/User table',
  component: UserTable,
  args: { onDisable: none, onEnable: none, onResetPassword: none },
} satisfies Meta<typeof UserTable>;
type Story = StoryObj<typeof UserTable>;

export const ActiveAndDisabled: Story = { args: { users } };

export const Busy: Story = { args: { users, busy: true } };
