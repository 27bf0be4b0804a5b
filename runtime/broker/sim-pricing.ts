import type { Quote } from '../context.ts';
import type { Side } from '../message.ts';
import { roundToTickPaise, toPaise, toRupees, type Paise } from '../money.ts';

/**
 * The side of the quote an order trades against, in paise: a BUY takes the ask, a SELL hits the bid. The
 * synthetic market quotes a spread around LTP (see `spreadPct` in the market settings); a FixedMarket quotes
 * bid = ask = LTP, so a test's fill lands on the price it set.
 */
export function touchPaise(side: Side, quote: Quote): Paise {
  return toPaise(side === 'BUY' ? quote.ask : quote.bid);
}

/**
 * The price an order fills at when it meets the market (placed, modified, or released at the open), in
 * paise, or null when a limit order is not marketable. `touchPaise` is the quote's ask for a BUY, its bid
 * for a SELL (see touchPaise). A market order fills at the touch rounded to the tick, moved `slippageTicks`
 * against the trader (a BUY pays more, a SELL receives less, never below one tick). A limit order is
 * marketable when a BUY's limit is at or above the ask, a SELL's at or below the bid; it then fills like a
 * market order (at the touch: the better price the book offers) but never beyond its limit.
 */
export function arrivalFillPaise(side: Side, touchPaise: Paise, limitPaise: Paise | null, slippageTicks: number, tickPaise: Paise): Paise | null {
  const slip = slippageTicks * tickPaise;
  const atTick = roundToTickPaise(touchPaise, tickPaise);
  const slipped = side === 'BUY' ? atTick + slip : Math.max(tickPaise, atTick - slip);
  if (limitPaise === null) return slipped;
  if (side === 'BUY') return limitPaise >= touchPaise ? Math.min(limitPaise, slipped) : null;
  return limitPaise <= touchPaise ? Math.max(limitPaise, slipped) : null;
}

/**
 * A resting limit order crossed by a later quote fills at its own price: a BUY once the ask is at or below
 * the limit, a SELL once the bid is at or above it. Between two quotes the market passed through the limit,
 * where the resting order was the price it traded at. Null while not crossed.
 */
export function restingFillPaise(side: Side, touchPaise: Paise, limitPaise: Paise): Paise | null {
  return (side === 'BUY' ? touchPaise <= limitPaise : touchPaise >= limitPaise) ? limitPaise : null;
}

/** Why a rupee price is not on the tick (with the two nearest valid prices), or undefined when it is. */
export function offTickMessage(price: number, tickPaise: Paise): string | undefined {
  const paise = price * 100;
  const whole = Math.round(paise);
  // A float within a millionth of a paisa of a whole paisa is that paisa (120.05 * 100 = 12004.999…).
  if (Math.abs(paise - whole) <= 1e-6 && whole % tickPaise === 0) return undefined;
  const below = Math.floor(paise / tickPaise) * tickPaise;
  return `Limit price ${price} is not on the tick ${toRupees(tickPaise)}; use ${toRupees(below).toFixed(2)} or ${toRupees(below + tickPaise).toFixed(2)}.`;
}
