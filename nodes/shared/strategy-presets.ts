/** The standard option structures, as leg specs relative to ATM. Pure, so check() and run() share it. */
import type { Side } from '../../runtime/message.ts';
import type { StrategyParams } from '../legs/strategy.ts';
import { opposite, type LegSpec } from './legs.ts';

export const PRESETS = [
  'straddle',
  'strangle',
  'iron-condor',
  'iron-butterfly',
  'bull-call-spread',
  'bear-put-spread',
  'bear-call-spread',
  'bull-put-spread',
  'custom',
] as const;
export type Preset = (typeof PRESETS)[number];

/** Problems that make a structure impossible; empty when it can be built. */
export function presetProblems(p: StrategyParams): string[] {
  if (p.preset === 'iron-condor' && p.wingOffset <= p.shortOffset) {
    return [`the wings (${p.wingOffset} steps) must be further from ATM than the short strikes (${p.shortOffset} steps)`];
  }
  if (p.preset !== 'custom') return [];
  if (p.legs.length === 0) return ['add at least one leg to the custom strategy'];
  const names = p.legs.map((l) => l.name).filter((n): n is string => n !== null);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  return twice === undefined ? [] : [`two legs are named "${twice}"; leg names must be different`];
}

/**
 * The legs of the preset. `side` is the structure's direction for straddle, strangle, iron condor and iron
 * butterfly (SELL = the short structure; BUY flips every leg); spreads have a fixed direction by name.
 */
export function presetLegSpecs(p: StrategyParams): LegSpec[] {
  const problems = presetProblems(p);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const at = (key: string, optionType: 'CE' | 'PE', side: Side, offset: number): LegSpec => ({
    key,
    optionType,
    side,
    lots: p.lots,
    // Only `offset` counts in ATM mode.
    strike: { mode: 'atm', offset, premium: 0, delta: 0.5, strike: null },
    expiry: p.expiry,
  });
  const body = p.side;
  const wing = opposite(p.side);
  switch (p.preset) {
    case 'straddle':
      return [at('ce', 'CE', body, 0), at('pe', 'PE', body, 0)];
    case 'strangle':
      return [at('ce', 'CE', body, p.width), at('pe', 'PE', body, p.width)];
    case 'iron-condor':
      return [
        at('pe', 'PE', body, p.shortOffset),
        at('pe-wing', 'PE', wing, p.wingOffset),
        at('ce', 'CE', body, p.shortOffset),
        at('ce-wing', 'CE', wing, p.wingOffset),
      ];
    case 'iron-butterfly':
      return [at('ce', 'CE', body, 0), at('pe', 'PE', body, 0), at('ce-wing', 'CE', wing, p.wingOffset), at('pe-wing', 'PE', wing, p.wingOffset)];
    case 'bull-call-spread':
      return [at('long-ce', 'CE', 'BUY', 0), at('short-ce', 'CE', 'SELL', p.width)];
    case 'bear-put-spread':
      return [at('long-pe', 'PE', 'BUY', 0), at('short-pe', 'PE', 'SELL', p.width)];
    case 'bear-call-spread':
      return [at('short-ce', 'CE', 'SELL', 0), at('long-ce', 'CE', 'BUY', p.width)];
    case 'bull-put-spread':
      return [at('short-pe', 'PE', 'SELL', 0), at('long-pe', 'PE', 'BUY', p.width)];
    case 'custom':
      return p.legs.map((l, i) => ({
        key: l.name ?? String(i + 1),
        optionType: l.optionType,
        side: l.side,
        lots: p.lots * l.ratio,
        strike: l.strike,
        expiry: l.expiry ?? p.expiry,
      }));
  }
}

/** "SELL ATM straddle", "Bull call spread ATM/OTM2": the structure part of the node summary. */
export function describePreset(p: StrategyParams): string {
  switch (p.preset) {
    case 'straddle':
      return `${p.side} ATM straddle`;
    case 'strangle':
      return `${p.side} OTM${p.width} strangle`;
    case 'iron-condor':
      return `${p.side} iron condor OTM${p.shortOffset}/OTM${p.wingOffset}`;
    case 'iron-butterfly':
      return `${p.side} iron butterfly, wings OTM${p.wingOffset}`;
    case 'custom':
      return `Custom ${p.legs.length} ${p.legs.length === 1 ? 'leg' : 'legs'}`;
    default: {
      const name = p.preset.replaceAll('-', ' ');
      return `${name.charAt(0).toUpperCase()}${name.slice(1)} ATM/OTM${p.width}`;
    }
  }
}
