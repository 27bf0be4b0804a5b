import type { Side } from '../message.ts';
import { roundToTickPaise, toRupees, type Paise } from '../money.ts';

/**
 * The price an order fills at on arrival, in paise, or null when a limit order is not marketable.
 * A market order fills at LTP rounded to the tick, moved `slippageTicks` against the trader (a BUY pays
 * more, a SELL receives less, never below one tick). A limit order is marketable when a BUY's limit is at or
 * above LTP, a SELL's at or below; it then fills like a market order but never beyond its limit.
 */
export function arrivalFillPaise(
  side: Side,
  ltpPaise: Paise,
  limitPaise: Paise | null,
  slippageTicks: number,
  tickPaise: Paise,
): Paise | null {
  const slip = slippageTicks * tickPaise;
  const atTick = roundToTickPaise(ltpPaise, tickPaise);
  const slipped = side === 'BUY' ? atTick + slip : Math.max(tickPaise, atTick - slip);
  if (limitPaise === null) return slipped;
  if (side === 'BUY') return limitPaise >= ltpPaise ? Math.min(limitPaise, slipped) : null;
  return limitPaise <= ltpPaise ? Math.max(limitPaise, slipped) : null;
}

/** Why a rupee price is not on the tick (with the two nearest valid prices), or undefined when it is. */
export function offTickMessage(price: number, tickPaise: Paise): string | undefined {
  const paise = price * 100;
  const whole = Math.round(paise);
  // A float within a millionth of a paisa of a whole paisa is that paisa (120.05 * 100 = 12004.999…).
  if (Math.abs(paise - whole) <= 1e-6 && whole % tickPaise === 0) return undefined;
  const below = Math.floor(paise / tickPaise) * tickPaise;
  return `Limit price ${price} is not on the tick ${toRupees(tickPaise)}; use ${(below / 100).toFixed(2)} or ${((below + tickPaise) / 100).toFixed(2)}.`;
}
