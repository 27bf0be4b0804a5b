import { z } from 'zod';
import { parseHhMm } from '../../runtime/time.ts';
import { defineNode } from '../../runtime/node-contract.ts';
import { hhmmParam } from '../shared/params.ts';

/** NSE and BSE equity-derivative hours (IST); a square-off outside them could never be placed. */
const MARKET_OPEN = '09:15';
const MARKET_CLOSE = '15:30';

export const squareOffRisk = defineNode({
  type: 'risk.square-off',
  version: 1,
  category: 'risk',
  title: 'Square-off time',
  description: 'Closes every open leg of the position at a time of day (IST), whatever its P&L.',
  inputs: [{ name: 'in', kind: 'legs', label: 'Legs' }],
  outputs: [{ name: 'out', kind: 'legs', label: 'Legs' }],
  params: z.object({
    time: hhmmParam('15:15', 'Time to close all open legs, 24-hour IST; before the 15:30 close'),
  }),
  check: (p) => {
    const minute = parseHhMm(p.time);
    return minute > parseHhMm(MARKET_OPEN) && minute < parseHhMm(MARKET_CLOSE)
      ? []
      : [`square-off time ${p.time} is outside market hours (${MARKET_OPEN}–${MARKET_CLOSE} IST)`];
  },
  summary: (p) => `Square off at ${p.time} IST`,
  run: (_ctx, input, p) => ({ out: { ...input, risk: { ...input.risk, squareOffAt: p.time } } }),
});
