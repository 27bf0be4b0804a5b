import type { EntryOrderType, ExecutionPort, MarketPort, PlacedOrder, Quote } from './context.ts';
import type { Side } from './message.ts';

/**
 * Execution for a test run: reports the orders an entry would place and places nothing. A market order is
 * priced where it would fill (a BUY at the ask, a SELL at the bid), a limit or chased one at the current
 * LTP. Exits report nothing to close: a test run has no positions.
 */
export function dryRunExecution(market: MarketPort): ExecutionPort {
  return {
    enter(req) {
      const orders: PlacedOrder[] = req.legs.map((leg, i) => ({
        id: `dry-${i + 1}`,
        legId: leg.id,
        symbol: leg.symbol,
        side: leg.side,
        qty: leg.qty,
        // A chased order starts as a limit.
        type: req.orderType === 'MARKET' ? 'MARKET' : 'LIMIT',
        price: dryRunPrice(market.quote(leg.symbol), leg.side, req.orderType),
        status: 'DRY_RUN',
        message: 'test run: not placed',
      }));
      return Promise.resolve({ groupId: 'dry-run', orders });
    },
    exit() {
      return Promise.resolve({ orders: [], groupIds: [] });
    },
  };
}

function dryRunPrice(quote: Quote | undefined, side: Side, orderType: EntryOrderType): number | null {
  if (quote === undefined) return null;
  if (orderType !== 'MARKET') return quote.ltp;
  return side === 'BUY' ? quote.ask : quote.bid;
}
