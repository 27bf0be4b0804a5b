import { z } from 'zod';
import { defineNode } from '../../runtime/node-contract.ts';
import { appendLegs, resolveLegs } from '../shared/legs.ts';
import { atmBasisParam, expiryParam, legNameParam, lotsParam, optionTypeParam, plural, sideParam, strikeParam, underlyingParam } from '../shared/params.ts';
import { PRESETS, describePreset, presetLegSpecs, presetProblems } from '../shared/strategy-presets.ts';

const steps = (fallback: number, description: string) => z.number().int().min(1).max(30).default(fallback).describe(description);

const customLeg = z.object({
  name: legNameParam,
  optionType: optionTypeParam,
  side: sideParam('SELL', 'BUY or SELL this leg'),
  ratio: z.number().int().min(1).max(50).default(1).describe('Lots of this leg per strategy lot (2 for the short side of a 1×2 ratio spread)'),
  strike: strikeParam,
  expiry: expiryParam.nullable().default(null).describe("This leg's own expiry (for calendar spreads); empty = the strategy's expiry"),
});

const params = z.object({
  preset: z.enum(PRESETS).default('straddle').describe('The structure to trade; "custom" uses the list of legs below'),
  side: sideParam(
    'SELL',
    'SELL = short structure (collect premium), BUY = long. For straddle, strangle, iron condor and iron butterfly; spreads are directional by name',
  ),
  underlying: underlyingParam,
  lots: lotsParam('Lots per leg (custom legs: multiplied by each leg ratio)'),
  atmBasis: atmBasisParam,
  expiry: expiryParam,
  width: steps(2, 'Strangle: steps from ATM for both legs. Spreads: steps between the ATM leg and the OTM leg'),
  shortOffset: steps(2, 'Iron condor: steps from ATM to the short (sold) strikes'),
  wingOffset: steps(4, 'Iron condor and iron butterfly: steps from ATM to the protective wings; beyond the short strikes'),
  legs: z.array(customLeg).max(12).default([]).describe('Custom strategy: the legs, each with its own strike and side'),
});
export type StrategyParams = z.output<typeof params>;

/**
 * Leg ids are `<node id>.<leg>`: named after their role for presets (`ce`, `pe`, `ce-wing`, `long-ce`, …),
 * and the leg's name or 1-based position for custom legs.
 */
export const strategyLegs = defineNode({
  type: 'legs.strategy',
  version: 1,
  category: 'legs',
  title: 'Strategy preset',
  description: 'A ready multi-leg structure: straddle, strangle, iron condor, iron butterfly, bull/bear spreads, or your own list of legs.',
  inputs: [{ name: 'in', kind: 'signal', label: 'In' }],
  outputs: [{ name: 'legs', kind: 'legs', label: 'Legs' }],
  params,
  check: presetProblems,
  summary: (p) => `${describePreset(p)} · ${plural(p.lots, 'lot')} · ${p.underlying}${p.atmBasis === 'futures' ? ' · futures ATM' : ''}`,
  run: (ctx, input, p) => ({ legs: appendLegs(input, resolveLegs(ctx, p.underlying, presetLegSpecs(p), p.atmBasis)) }),
});
