import { beforeEach, describe, expect, it } from 'vitest';
import type { MarketPort, Quote } from '../context.ts';
import { VirtualClock } from '../market/clock.ts';
import { istToMs } from '../time.ts';
import { SimBroker, type SimBrokerOptions } from './sim-broker.ts';
import type { OrderRequest } from './types.ts';

/** A market quoting a spread: each symbol's LTP, bid and ask as the test sets them. */
class QuoteBook implements MarketPort {
  private readonly quotes = new Map<string, Quote>();

  set(symbol: string, ltp: number, bid: number, ask: number): this {
    this.quotes.set(symbol, { symbol, ltp, bid, ask, time: 0 });
    return this;
  }

  spot(underlying: string): number {
    throw new Error(`no spot for ${underlying} in this test`);
  }

  quote(symbol: string): Quote | undefined {
    return this.quotes.get(symbol);
  }
}

const CE = 'NIFTY01DEC2626000CE';
/** Wednesday 25 Nov 2026, 10:00 IST: NSE is open. */
const T0 = istToMs('2026-11-25', '10:00');

let book: QuoteBook;

function broker(options: Partial<SimBrokerOptions> = {}): SimBroker {
  return new SimBroker({ market: book, clock: new VirtualClock(T0), accounts: [{ id: 'SIM-1' }], ...options });
}

function req(over: Partial<OrderRequest> = {}): OrderRequest {
  return { clientOrderId: 'c1', accountId: 'SIM-1', symbol: CE, side: 'BUY', qty: 65, type: 'MARKET', ...over };
}

beforeEach(() => {
  // LTP 120.05 inside a 0.50 spread: bid 119.80, ask 120.30.
  book = new QuoteBook().set(CE, 120.05, 119.8, 120.3);
});

describe('SimBroker fills against the spread', () => {
  it('buys at the ask and sells at the bid, not at LTP: a round trip costs the spread', async () => {
    const b = broker();
    expect((await b.placeOrder(req({ clientOrderId: 'buy' }))).avgFillPrice).toBe(120.3);
    expect((await b.placeOrder(req({ clientOrderId: 'sell', side: 'SELL' }))).avgFillPrice).toBe(119.8);
    // (119.80 − 120.30) × 65 = −0.50 × 65 = −32.50
    expect((await b.positions('SIM-1'))[0]).toMatchObject({ qty: 0, realisedPnl: -32.5 });
  });

  it('adds slippage beyond the ask or bid', async () => {
    const b = broker({ slippageTicks: 2 });
    // 120.30 + 2 × 0.05 = 120.40; 119.80 − 2 × 0.05 = 119.70
    expect((await b.placeOrder(req({ clientOrderId: 'buy' }))).avgFillPrice).toBe(120.4);
    expect((await b.placeOrder(req({ clientOrderId: 'sell', side: 'SELL' }))).avgFillPrice).toBe(119.7);
  });

  it('fills a limit on arrival only when it reaches the ask (BUY) or the bid (SELL), at that better price', async () => {
    const b = broker();
    // At or above the ask: filled at the ask, 120.30, below the 121.00 limit.
    expect(await b.placeOrder(req({ clientOrderId: 'b1', type: 'LIMIT', price: 121 }))).toMatchObject({ status: 'FILLED', avgFillPrice: 120.3 });
    // 120.10 is above LTP but below the ask: nobody sells there, so it rests.
    expect(await b.placeOrder(req({ clientOrderId: 'b2', type: 'LIMIT', price: 120.1 }))).toMatchObject({ status: 'OPEN', avgFillPrice: null });
    expect(await b.placeOrder(req({ clientOrderId: 's1', side: 'SELL', type: 'LIMIT', price: 119 }))).toMatchObject({ status: 'FILLED', avgFillPrice: 119.8 });
    expect(await b.placeOrder(req({ clientOrderId: 's2', side: 'SELL', type: 'LIMIT', price: 120 }))).toMatchObject({ status: 'OPEN' });
  });

  it('fills a resting limit at its price once the ask (BUY) or bid (SELL) crosses it, whatever LTP did before', async () => {
    const b = broker();
    await b.placeOrder(req({ clientOrderId: 'buy', type: 'LIMIT', price: 118 }));
    await b.placeOrder(req({ clientOrderId: 'sell', side: 'SELL', type: 'LIMIT', price: 122 }));
    // LTP 117.90 is below the BUY limit, but the ask 118.15 is not; the bid 117.65 is far from 122.
    book.set(CE, 117.9, 117.65, 118.15);
    b.onMarket([CE]);
    expect((await b.orders({ status: 'OPEN' })).map((o) => o.clientOrderId)).toEqual(['buy', 'sell']);
    book.set(CE, 117.75, 117.5, 118);
    b.onMarket([CE]);
    expect((await b.orders({ clientOrderId: 'buy' }))[0]).toMatchObject({ status: 'FILLED', avgFillPrice: 118 });
    // Marked at LTP 117.75: (117.75 − 118.00) × 65 = −16.25
    expect((await b.positions('SIM-1'))[0]).toMatchObject({ qty: 65, unrealisedPnl: -16.25 });
    book.set(CE, 122.2, 121.95, 122.45);
    b.onMarket([CE]);
    expect((await b.orders({ clientOrderId: 'sell' }))[0]?.status).toBe('OPEN');
    book.set(CE, 122.3, 122.05, 122.55);
    b.onMarket([CE]);
    expect((await b.orders({ clientOrderId: 'sell' }))[0]).toMatchObject({ status: 'FILLED', avgFillPrice: 122 });
  });

  it('converts a resting SELL limit to MARKET at the bid', async () => {
    const b = broker();
    const placed = await b.placeOrder(req({ side: 'SELL', type: 'LIMIT', price: 125 }));
    expect(await b.modifyOrder(placed.id, { type: 'MARKET' })).toMatchObject({ status: 'FILLED', avgFillPrice: 119.8 });
  });
});
