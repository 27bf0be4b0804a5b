/**
 * The deployment, account, signal, order and position answers under the editor's names: the server's own
 * contracts (contracts/), which its tests hold every answer to, so nothing here is declared twice.
 */
import type { z } from 'zod';
import type { mode } from '../../../../contracts/common.ts';
import { deployment, deploymentHistory, deploymentList, signalAccepted, signalList } from '../../../../contracts/deployments.ts';
import { marketClock } from '../../../../contracts/market.ts';
import { accountList, orderList, positionGroupList } from '../../../../contracts/trading.ts';

export type Mode = z.output<typeof mode>;

export const accountListSchema = accountList;
export type Account = z.output<typeof accountListSchema>[number];

export const deploymentSchema = deployment;
export type Deployment = z.output<typeof deploymentSchema>;
export type Channel = Deployment['channels'][number];
export type DeploymentSchedule = NonNullable<Deployment['schedule']>;
/** When a deployment takes signals, as the trader sets it: weekdays and IST hours, exchange holidays skipped. */
export type ScheduleInput = Pick<DeploymentSchedule, 'days' | 'start' | 'stop'>;
/** `GET /api/deployments` lists them without their channels. */
export const deploymentListSchema = deploymentList;
export type DeploymentSummary = z.output<typeof deploymentListSchema>[number];

export const signalListSchema = signalList;
export type SignalRow = z.output<typeof signalListSchema>[number];

export const orderListSchema = orderList;
export type Order = z.output<typeof orderListSchema>[number];

/** `GET /api/positions?deploymentId=`: the groups with their legs' LTP and greeks now. */
export const groupListSchema = positionGroupList;
export type PositionGroup = z.output<typeof groupListSchema>[number];
export type Leg = PositionGroup['legs'][number];

export const historySchema = deploymentHistory;
export type DeploymentHistory = z.output<typeof historySchema>;

export const acceptedSchema = signalAccepted;

/** `GET /api/market/clock`: the SIM market's time and how its clock runs. */
export const marketClockSchema = marketClock;
export type MarketClock = z.output<typeof marketClockSchema>;
