import { z } from 'zod';
import type { RiskPolicy } from '../../runtime/message.ts';
import { defineNode } from '../../runtime/node-contract.ts';
import { rupees } from '../shared/params.ts';

const amount = (description: string) => z.number().positive().max(1e9).nullable().default(null).describe(description);

/** Like risk.leg, it states the whole MTM policy: an empty field removes an earlier node's value. */
export const combinedRisk = defineNode({
  type: 'risk.combined',
  version: 1,
  category: 'risk',
  title: 'Combined MTM stop-loss / target',
  description:
    'Exits every leg of the position together when its combined profit or loss (MTM) reaches a rupee amount; the stop can trail the profit, and a profit can be locked once reached.',
  inputs: [{ name: 'in', kind: 'legs', label: 'Legs' }],
  outputs: [{ name: 'out', kind: 'legs', label: 'Legs' }],
  params: z.object({
    mtmStopLoss: amount('Exit everything when the combined loss reaches this many rupees (e.g. 5000); empty = no combined stop'),
    mtmTarget: amount('Exit everything when the combined profit reaches this many rupees (e.g. 3000); empty = no combined target'),
    mtmTrail: z
      .object({
        every: z.number().positive().max(1e9).describe('For every this many rupees of peak profit …'),
        by: z.number().positive().max(1e9).describe('… raise the combined stop-loss this many rupees'),
      })
      .nullable()
      .default(null)
      .describe('Trail the combined stop-loss as the profit grows (needs a combined stop-loss); empty = no trail'),
    profitLock: z
      .object({
        reach: z.number().positive().max(1e9).describe('When the combined profit reaches this many rupees …'),
        lock: z.number().min(0).max(1e9).describe('… exit everything if it falls back to this many rupees'),
        trailEvery: z.number().positive().max(1e9).nullable().default(null).describe('Then for every this many rupees more of peak profit …'),
        trailBy: z.number().positive().max(1e9).nullable().default(null).describe('… raise the locked profit this many rupees'),
      })
      .nullable()
      .default(null)
      .describe('Lock in a profit once it is reached, optionally trailing it; empty = no lock'),
  }),
  check: (p) => [
    ...(p.mtmStopLoss === null && p.mtmTarget === null && p.profitLock === null ? ['set a combined stop-loss, a combined target or a profit lock'] : []),
    ...(p.mtmTrail && p.mtmStopLoss === null ? ['a trailing combined stop needs a combined stop-loss to trail'] : []),
    ...(p.mtmTrail && p.mtmTrail.by > p.mtmTrail.every
      ? [`the trail raises the stop ₹${p.mtmTrail.by} for every ₹${p.mtmTrail.every} of profit: more than the profit grew`]
      : []),
    ...(p.profitLock && p.profitLock.lock >= p.profitLock.reach
      ? [`the locked profit (₹${p.profitLock.lock}) must be below the profit that locks it (₹${p.profitLock.reach})`]
      : []),
    ...(p.profitLock && (p.profitLock.trailEvery === null) !== (p.profitLock.trailBy === null) ? ['a trailing profit lock needs both "every" and "by"'] : []),
  ],
  summary: (p) => {
    const show = (v: number | null) => (v === null ? '—' : rupees(v));
    const trail = p.mtmTrail ? ` (trail ${rupees(p.mtmTrail.by)}/${rupees(p.mtmTrail.every)})` : '';
    const lock = p.profitLock ? ` · lock ${rupees(p.profitLock.lock)} at ${rupees(p.profitLock.reach)}` : '';
    return `MTM SL ${show(p.mtmStopLoss)}${trail} · target ${show(p.mtmTarget)}${lock}`;
  },
  run: (_ctx, input, p) => {
    const { mtmStopLoss: _stop, mtmTarget: _target, mtmTrail: _trail, profitLock: _lock, ...rest } = input.risk;
    const lock = p.profitLock;
    const risk: RiskPolicy = {
      ...rest,
      ...(p.mtmStopLoss !== null && { mtmStopLoss: p.mtmStopLoss }),
      ...(p.mtmTarget !== null && { mtmTarget: p.mtmTarget }),
      ...(p.mtmTrail !== null && p.mtmStopLoss !== null && { mtmTrail: { ...p.mtmTrail } }),
      ...(lock !== null && {
        profitLock: {
          reach: lock.reach,
          lock: lock.lock,
          ...(lock.trailEvery !== null && lock.trailBy !== null && { trailEvery: lock.trailEvery, trailBy: lock.trailBy }),
        },
      }),
    };
    return { out: { ...input, risk } };
  },
});
