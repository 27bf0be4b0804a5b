/**
 * The leg table's rows for the two leg node types: what each row shows and how an edit to a row becomes
 * the node's params. Preset structures are listed from the preset's own leg specs (nodes/shared), read
 * only; "customise" turns them into custom legs that can be edited.
 */
import type { z } from 'zod';
import type { optionLeg } from '../../../../nodes/legs/option.ts';
import type { StrategyParams } from '../../../../nodes/legs/strategy.ts';
import { strikeParam, type ExpiryParam, type StrikeParam } from '../../../../nodes/shared/params.ts';
import { presetLegSpecs } from '../../../../nodes/shared/strategy-presets.ts';

type OptionParams = z.output<typeof optionLeg.params>;
export type LegNodeParams = { type: 'legs.option'; params: OptionParams } | { type: 'legs.strategy'; params: StrategyParams };

export interface LegRow {
  key: string;
  optionType: 'CE' | 'PE';
  side: 'BUY' | 'SELL';
  /** Lots for an option leg; for a custom strategy leg, its ratio (lots per strategy lot). */
  size: number;
  sizeLabel: 'Lots' | 'Ratio';
  strike: StrikeParam;
  editable: boolean;
  /** The leg's own name (its id becomes `<node>.<name>`); null = its position. */
  name: string | null;
  /** A custom strategy leg's own expiry (calendar spreads); null = the strategy's. Undefined: not per leg. */
  expiry?: ExpiryParam | null;
}

export type RowPatch = Partial<Pick<LegRow, 'optionType' | 'side' | 'size' | 'strike' | 'name' | 'expiry'>>;

export function legRows(node: LegNodeParams): LegRow[] {
  if (node.type === 'legs.option') {
    const p = node.params;
    return [{ key: p.name ?? '1', optionType: p.optionType, side: p.side, size: p.lots, sizeLabel: 'Lots', strike: p.strike, editable: true, name: p.name }];
  }
  const p = node.params;
  if (p.preset === 'custom') {
    return p.legs.map((l, i) => ({
      key: l.name ?? String(i + 1),
      optionType: l.optionType,
      side: l.side,
      size: l.ratio,
      sizeLabel: 'Ratio',
      strike: l.strike,
      editable: true,
      name: l.name,
      expiry: l.expiry,
    }));
  }
  try {
    return presetLegSpecs(p).map((s) => ({
      key: s.key,
      optionType: s.optionType,
      side: s.side,
      size: s.lots,
      sizeLabel: 'Lots',
      strike: s.strike,
      editable: false,
      name: s.key,
    }));
  } catch {
    return []; // The preset's own check says why (wings inside the short strikes).
  }
}

/** The node's params with one row changed. */
export function withRow(node: LegNodeParams, index: number, patch: RowPatch): Record<string, unknown> {
  const { size, ...rest } = patch;
  if (node.type === 'legs.option') return { ...node.params, ...rest, ...(size === undefined ? {} : { lots: size }) };
  const legs = node.params.legs.map((l, i) => (i === index ? { ...l, ...rest, ...(size === undefined ? {} : { ratio: size }) } : l));
  return { ...node.params, legs };
}

/** A preset's legs as custom legs (same strikes, sides and lots), so each can be changed. */
export function customised(p: StrategyParams): StrategyParams {
  const atm = strikeParam.parse(undefined);
  const legs = presetLegSpecs(p).map((s) => ({
    name: s.key,
    optionType: s.optionType,
    side: s.side,
    ratio: 1,
    strike: { ...atm, offset: s.strike.offset },
    expiry: null,
  }));
  return { ...p, preset: 'custom', legs };
}

/** Every expiry setting the node's legs use: the node's own, and custom legs' own. */
export function expirySettings(node: LegNodeParams): ExpiryParam[] {
  if (node.type === 'legs.option') return [node.params.expiry];
  const own = node.params.preset === 'custom' ? node.params.legs.flatMap((l) => (l.expiry ? [l.expiry] : [])) : [];
  return [node.params.expiry, ...own];
}
