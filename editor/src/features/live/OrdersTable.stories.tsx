/** The deployment's orders as the broker reports them: filled entries and exits, and a rejection. */
import './live.css';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { OrdersTable } from './OrdersTable.tsx';
import { storyOrders } from './story-data.ts';

export default { title: 'Live/Orders', component: OrdersTable } satisfies Meta<typeof OrdersTable>;
type Story = StoryObj<typeof OrdersTable>;

export const FilledAndRejected: Story = { args: { orders: storyOrders } };

export const Empty: Story = { args: { orders: [] } };
