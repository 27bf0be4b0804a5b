import type { ExecutionPort, MarketPort, PlacedOrder } from './context.ts';

/**
 * Execution for a test run: reports the orders an entry would place, priced at the current LTP, and
 * places nothing. Exits report nothing to close: a test run has no positions.
 */
export function dryRunExecution(market: MarketPort): ExecutionPort {
  return {
    async enter(req) {
      const orders: PlacedOrder[] = req.legs.map((leg, i) => ({
        id: `dry-${i + 1}`,
        legId: leg.id,
        symbol: leg.symbol,
        side: leg.side,
        qty: leg.qty,
        // A chased order starts as a limit.
        type: req.orderType === 'MARKET' ? 'MARKET' : 'LIMIT',
        price: market.quote(leg.symbol)?.ltp ?? null,
        status: 'DRY_RUN',
        message: 'test run: not placed',
      }));
      return { groupId: 'dry-run', orders };
    },
    async exit() {
      return { orders: [], groupIds: [] };
    },
  };
}
