// Pure and free of Node built-ins: the engine's instruments and the editor's leg preview pick strikes with it.
import type { OptionType } from '../message.ts';
import { MarketError } from './market-error.ts';

/** The strike on a grid of `step` nearest `price`; a price exactly between two strikes goes to the higher one. */
export function atmStrike(step: number, price: number): number {
  if (!Number.isFinite(price) || price <= 0) {
    throw new MarketError('INVALID_ARGUMENT', `Spot must be a positive number; got ${price}.`, { spot: price });
  }
  return cleanStrike(Math.floor(price / step + 0.5) * step);
}

/** The strike `offset` steps from the ATM of `price`, out of the money for a positive offset (up for CE, down for PE). */
export function strikeByOffset(underlying: string, step: number, price: number, optionType: OptionType, offset: number): number {
  if (!Number.isInteger(offset)) {
    throw new MarketError('INVALID_ARGUMENT', `Strike offset must be a whole number of steps; got ${offset}.`, { offset });
  }
  const direction = optionType === 'CE' ? 1 : -1;
  const strike = cleanStrike(atmStrike(step, price) + direction * offset * step);
  if (strike <= 0) {
    throw new MarketError('INVALID_ARGUMENT', `${offset} steps from ATM at spot ${price} is strike ${strike}, which is not listed; use a smaller offset.`, {
      underlying,
      spot: price,
      offset,
    });
  }
  return strike;
}

/** Strips float noise from fractional steps (e.g. 2.5 × 3) so symbols print cleanly. */
function cleanStrike(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
