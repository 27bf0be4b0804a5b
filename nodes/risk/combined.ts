import { z } from 'zod';
import type { RiskPolicy } from '../../runtime/message.ts';
import { defineNode } from '../define-node.ts';
import { rupees } from '../shared/params.ts';

const amount = (description: string) => z.number().positive().max(1e9).nullable().default(null).describe(description);

/** Like risk.leg, it states the whole MTM policy: an empty field removes an earlier node's value. */
export const combinedRisk = defineNode({
  type: 'risk.combined',
  version: 1,
  category: 'risk',
  title: 'Combined MTM stop-loss / target',
  description: 'Exits every leg of the position together when its combined profit or loss (MTM) reaches a rupee amount.',
  inputs: [{ name: 'in', kind: 'legs', label: 'Legs' }],
  outputs: [{ name: 'out', kind: 'legs', label: 'Legs' }],
  params: z.object({
    mtmStopLoss: amount('Exit everything when the combined loss reaches this many rupees (e.g. 5000); empty = no combined stop'),
    mtmTarget: amount('Exit everything when the combined profit reaches this many rupees (e.g. 3000); empty = no combined target'),
  }),
  check: (p) =>
    p.mtmStopLoss === null && p.mtmTarget === null ? ['set a combined stop-loss, a combined target, or both'] : [],
  summary: (p) => {
    const show = (v: number | null) => (v === null ? '—' : rupees(v));
    return `MTM SL ${show(p.mtmStopLoss)} · target ${show(p.mtmTarget)}`;
  },
  run: (_ctx, input, p) => {
    const { mtmStopLoss: _stop, mtmTarget: _target, ...rest } = input.risk;
    const risk: RiskPolicy = {
      ...rest,
      ...(p.mtmStopLoss !== null && { mtmStopLoss: p.mtmStopLoss }),
      ...(p.mtmTarget !== null && { mtmTarget: p.mtmTarget }),
    };
    return { out: { ...input, risk } };
  },
});
