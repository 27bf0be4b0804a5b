import { beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../market/clock.ts';
import { FixedMarket } from '../market/fixed-market.ts';
import { istToMs } from '../time.ts';
import bundled from '../data/charges.json' with { type: 'json' };
import { ChargeSchedule } from './charges.ts';
import { DEFAULT_MARGIN } from './margin.ts';
import { SimBroker, type SimBrokerOptions } from './sim-broker.ts';
import type { BrokerEvent, Fill, Order, OrderRequest } from './types.ts';

// Money in the SIM broker: charges out of cash, the margin check, and cash settlement at expiry.
// Hand-set prices (bid = ask = LTP), NIFTY at 26,000, on Wednesday 25 Nov 2026 at 10:00 IST.
const CE = 'NIFTY01DEC2626000CE';
const PE = 'NIFTY01DEC2626000PE';
const FUT = 'NIFTY29DEC26FUT';
/** A hedge for the short 26,000 CE: 200 points further out. */
const WING = 'NIFTY01DEC2626200CE';
const T0 = istToMs('2026-11-25', '10:00');
/** NIFTY's weekly expiry, Tuesday 1 Dec 2026, 15:30 IST. */
const EXPIRY = istToMs('2026-12-01', '15:30');

let market: FixedMarket;
let clock: VirtualClock;

function broker(options: Partial<SimBrokerOptions> = {}): SimBroker {
  return new SimBroker({ market, clock, accounts: [{ id: 'SIM-1' }], charges: ChargeSchedule.default(), margin: DEFAULT_MARGIN, ...options });
}

let n = 0;
function req(over: Partial<OrderRequest> = {}): OrderRequest {
  return { clientOrderId: `c${++n}`, accountId: 'SIM-1', symbol: CE, side: 'SELL', qty: 65, type: 'MARKET', ...over };
}

beforeEach(() => {
  market = new FixedMarket().setTime(T0).setSpot('NIFTY', 26_000).setPrice(CE, 120.05).setPrice(PE, 110).setPrice(FUT, 26_080).setPrice(WING, 60);
  clock = new VirtualClock(T0);
});

describe('charges come out of SIM cash', () => {
  it('charges each fill at the rates of its date, reports them on the order and the fill, and keeps P&L gross', async () => {
    const b = broker();
    const fills: Fill[] = [];
    b.onUpdate((e) => e.type === 'fill' && fills.push(e.fill));
    // SELL 65 at 120.05 (7,803.25) on 25 Nov 2026: brokerage 20.00 + STT 0.15 % 11.70 + exchange 2.73 + SEBI 0.01
    // + GST 18 % × 22.74 = 4.09 → 38.53.
    expect(await b.placeOrder(req())).toMatchObject({ status: 'FILLED', avgFillPrice: 120.05, charges: 38.53 });
    // Cash 10,00,000 + 7,803.25 − 38.53 = 10,07,764.72; equity 10,00,000 − 38.53 (the short is marked at its price).
    expect(await b.funds('SIM-1')).toMatchObject({ cash: 1_007_764.72, realisedPnl: 0, unrealisedPnl: 0, charges: 38.53, equity: 999_961.47 });

    // BUY 65 back at 100.00 (6,500.00): exchange 2.27695 → 2.28; SEBI 0.0065 → 0.01; stamp 0.003 % = 0.195 → 0.20;
    // GST 18 % × (20 + 2.28 + 0.01) = 4.0122 → 4.01; total 26.50.
    market.setPrice(CE, 100);
    expect(await b.placeOrder(req({ side: 'BUY' }))).toMatchObject({ avgFillPrice: 100, charges: 26.5 });
    expect(fills.map((f) => f.charges)).toEqual([38.53, 26.5]);
    // Gross (120.05 − 100) × 65 = 1,303.25; charges 65.03; net 1,238.22. Cash 10,00,000 + 1,303.25 − 65.03.
    expect(await b.funds('SIM-1')).toMatchObject({
      cash: 1_001_238.22,
      realisedPnl: 1303.25,
      charges: 65.03,
      equity: 1_001_238.22,
      marginUsed: 0,
      marginFree: 1_001_238.22,
    });
    expect(await b.positions('SIM-1')).toEqual([expect.objectContaining({ symbol: CE, qty: 0, pnl: 1303.25, charges: 65.03, netPnl: 1238.22 })]);
  });

  it('charges a fill of 2025 at 2025’s STT (0.1 %), read back from storage', async () => {
    const at2025 = istToMs('2025-11-26', '10:00');
    const order: Order = {
      id: 'ord-1',
      clientOrderId: 'c-old',
      accountId: 'SIM-1',
      symbol: CE,
      side: 'SELL',
      qty: 65,
      type: 'MARKET',
      price: null,
      status: 'FILLED',
      filledQty: 65,
      avgFillPrice: 120.05,
      createdAt: at2025,
      updatedAt: at2025,
    };
    const fill: Fill = {
      id: 'fill-1',
      orderId: 'ord-1',
      clientOrderId: 'c-old',
      accountId: 'SIM-1',
      symbol: CE,
      side: 'SELL',
      qty: 65,
      price: 120.05,
      time: at2025,
    };
    const b = broker();
    b.restore({ orders: [order], fills: [fill] });
    // STT 0.1 % × 7,803.25 = 7.80 instead of 2026's 11.70: 34.63.
    expect((await b.orders())[0]?.charges).toBe(34.63);
    expect((await b.funds('SIM-1')).cash).toBe(1_000_000 + 7803.25 - 34.63);
  });

  it('refuses an order on a date its charges file does not cover, rather than guess', async () => {
    // A file whose every rate starts on 1 Dec 2026: nothing is known of 25 Nov.
    const later = JSON.parse(JSON.stringify(bundled)) as Record<string, unknown>;
    const fromDec = (list: Array<Record<string, unknown>>) => [{ ...list.at(-1), from: '2026-12-01' }];
    for (const key of ['brokerage', 'stt', 'sebi', 'stamp', 'gst']) later[key] = fromDec(later[key] as Array<Record<string, unknown>>);
    later.exchange = Object.fromEntries(Object.entries(later.exchange as Record<string, Array<Record<string, unknown>>>).map(([k, v]) => [k, fromDec(v)]));
    const order = await broker({ charges: ChargeSchedule.fromData(later) }).placeOrder(req());
    expect(order).toMatchObject({ status: 'REJECTED', rejectCode: 'NO_CHARGE_RATES' });
    expect(order.rejectReason).toMatch(/No charge rates for a trade on 2026-11-25: the charges file covers trades from 2026-12-01/);
  });

  it('restores cash to the paisa from fills stored without their charges (charged again at their date’s rates)', async () => {
    const a = broker();
    const orders = new Map<string, Order>();
    const fills: Fill[] = [];
    a.onUpdate((e: BrokerEvent) => {
      if (e.type === 'order') orders.set(e.order.id, e.order);
      if (e.type === 'fill') fills.push(e.fill);
    });
    await a.placeOrder(req());
    await a.placeOrder(req({ symbol: PE }));
    market.setPrice(CE, 100);
    await a.placeOrder(req({ side: 'BUY' }));
    const before = await a.funds('SIM-1');
    // A store keeps price and quantity, not charges.
    const stripped = { orders: [...orders.values()].map(({ charges: _c, ...o }) => o), fills: fills.map(({ charges: _c, ...f }) => f) };
    const b = broker();
    b.restore(stripped);
    expect(await b.funds('SIM-1')).toEqual(before);
    expect((await b.orders()).map((o) => o.charges)).toEqual([38.53, 37.29, 26.5]);
    const c = broker();
    c.restore({ orders: [...orders.values()], fills });
    expect(await c.funds('SIM-1')).toEqual(before);
  });
});

describe('the margin check', () => {
  it('refuses a 400-lot NIFTY short straddle on ₹10,00,000, saying what it needs and what is free', async () => {
    const b = broker();
    // 400 lots = 26,000 units, notional 26,000 × 26,000 = 67,60,00,000. Each leg is checked as it is placed,
    // against what is held: the CE first, alone, SPAN 12 % = 8,11,20,000 + exposure 2 % = 1,35,20,000 =
    // 9,46,40,000. The PE, the CE refused, is alone too. (Held together they would need 10,81,60,000.)
    const order = await b.placeOrder(req({ qty: 26_000 }));
    expect(order).toMatchObject({ status: 'REJECTED', rejectCode: 'INSUFFICIENT_MARGIN' });
    expect(order.rejectReason).toBe(
      'Not enough margin: SELL 26000 NIFTY01DEC2626000CE needs ₹9,46,40,000.00 of margin and ₹10,00,000.00 is free. Reduce the quantity or add funds.',
    );
    expect((await b.placeOrder(req({ symbol: PE, qty: 26_000 }))).rejectReason).toMatch(
      /SELL 26000 NIFTY01DEC2626000PE needs ₹9,46,40,000.00 of margin and ₹10,00,000.00 is free/,
    );
    expect(await b.funds('SIM-1')).toMatchObject({ cash: 1_000_000, charges: 0, marginUsed: 0, marginFree: 1_000_000 });
  });

  it('lets a 1-lot short straddle through, and shows the margin it uses', async () => {
    const b = broker();
    expect((await b.placeOrder(req())).status).toBe('FILLED');
    // PE SELL 65 at 110.00 (7,150): STT 0.15 % = 10.725 → 10.73; exchange 2.504645 → 2.50; SEBI 0.01;
    // GST 18 % × 22.51 = 4.0518 → 4.05; total 37.29.
    expect(await b.placeOrder(req({ symbol: PE }))).toMatchObject({ status: 'FILLED', charges: 37.29 });
    // Margin: one side's SPAN 2,02,800 + both exposures 2 × 33,800 = 2,70,400 (see margin.ts); equity
    // 10,00,000 − 38.53 − 37.29 = 9,99,924.18; free 9,99,924.18 − 2,70,400 = 7,29,524.18.
    expect(await b.funds('SIM-1')).toMatchObject({ equity: 999_924.18, marginUsed: 270_400, marginFree: 729_524.18 });
  });

  it('asks the second leg of a straddle only for its exposure: 1 lot fits in ₹3,00,000', async () => {
    const b = broker({ accounts: [{ id: 'SIM-1', capital: 3_00_000 }] });
    // The CE alone: 2,36,600 ≤ 3,00,000.
    expect((await b.placeOrder(req())).status).toBe('FILLED');
    // The PE: 2,70,400 − 2,36,600 = 33,800 ≤ free 3,00,000 − 38.53 − 2,36,600 = 63,361.47.
    expect((await b.placeOrder(req({ symbol: PE }))).status).toBe('FILLED');
    // Equity 3,00,000 − 38.53 − 37.29 = 2,99,924.18; free 2,99,924.18 − 2,70,400 = 29,524.18.
    expect(await b.funds('SIM-1')).toMatchObject({ equity: 299_924.18, marginUsed: 270_400, marginFree: 29_524.18 });
    // A second CE lot loads the upside: SPAN 2 × 2,02,800 = 4,05,600 + exposure 3 × 33,800 = 1,01,400 =
    // 5,07,000, i.e. 2,36,600 more.
    expect((await b.placeOrder(req())).rejectReason).toMatch(/needs ₹2,36,600.00 of margin and ₹29,524.18 is free/);
  });

  it('never refuses a hedge that lowers the margin, even when its premium is more than is free', async () => {
    const b = broker({ accounts: [{ id: 'SIM-1', capital: 2_40_000 }] });
    expect((await b.placeOrder(req())).status).toBe('FILLED');
    // Free 2,40,000 − 38.53 − 2,36,600 = 3,361.47, less than the wing's premium 65 × 60 = 3,900; but with it the
    // margin falls to min(2,02,800, 200 × 65) = 13,000 + 33,800 + 3,900 = 50,700.
    expect((await b.placeOrder(req({ symbol: WING, side: 'BUY' }))).status).toBe('FILLED');
    expect((await b.funds('SIM-1')).marginUsed).toBe(50_700);
  });

  it('lets a spread entered hedge first fit where the naked short would not, and its hedge always be sold', async () => {
    // ₹60,000: the short call alone needs 2,36,600.
    const naked = broker({ accounts: [{ id: 'SIM-1', capital: 60_000 }] });
    expect((await naked.placeOrder(req())).rejectReason).toMatch(/needs ₹2,36,600.00 of margin and ₹60,000.00 is free/);
    const b = broker({ accounts: [{ id: 'SIM-1', capital: 60_000 }] });
    // The wing first: its premium 3,900. Then the short: 50,700 − 3,900 = 46,800 more, and 60,000 − 3,900 − the
    // wing's charges (under ₹30) = over 56,000 is free.
    expect((await b.placeOrder(req({ symbol: WING, side: 'BUY' }))).status).toBe('FILLED');
    expect((await b.placeOrder(req())).status).toBe('FILLED');
    expect((await b.funds('SIM-1')).marginUsed).toBe(50_700);
    // Selling the wing back is an exit: it goes through though the naked short then needs 2,36,600.
    expect((await b.placeOrder(req({ symbol: WING, side: 'SELL' }))).status).toBe('FILLED');
    const funds = await b.funds('SIM-1');
    expect(funds.marginUsed).toBe(236_600);
    expect(funds.marginFree).toBeLessThan(0);
  });

  it('needs only the premium of a long option', async () => {
    const b = broker({ accounts: [{ id: 'SIM-1', capital: 10_000 }] });
    // 65 × 120.05 = 7,803.25 of ₹10,000: fills. BUY charges: exchange 2.73, SEBI 0.01, stamp 0.003 % = 0.23,
    // GST 18 % × 22.74 = 4.09; total 27.06.
    expect(await b.placeOrder(req({ side: 'BUY' }))).toMatchObject({ status: 'FILLED', charges: 27.06 });
    // Equity 10,000 − 27.06 = 9,972.94; the option blocks its value 7,803.25; free 2,169.69 < 7,803.25.
    const again = await b.placeOrder(req({ side: 'BUY' }));
    expect(again).toMatchObject({ status: 'REJECTED', rejectCode: 'INSUFFICIENT_MARGIN' });
    expect(again.rejectReason).toMatch(/needs ₹7,803.25 of margin and ₹2,169.69 is free/);
  });

  it('charges a future 14 % of its contract value, and never refuses an order that adds no margin', async () => {
    const b = broker({ accounts: [{ id: 'SIM-1', capital: 2_50_000 }] });
    // BUY 65 at 26,080: 16,95,200 × 14 % = 2,37,328 ≤ 2,50,000.
    expect((await b.placeOrder(req({ symbol: FUT, side: 'BUY' }))).status).toBe('FILLED');
    expect((await b.funds('SIM-1')).marginUsed).toBe(237_328);
    // A second one would need 2,37,328 more: refused.
    expect((await b.placeOrder(req({ symbol: FUT, side: 'BUY' }))).rejectCode).toBe('INSUFFICIENT_MARGIN');
    // The future falls 2,000 points: equity far below the margin; selling it out still goes through.
    market.setPrice(FUT, 24_080);
    expect((await b.funds('SIM-1')).marginFree).toBeLessThan(0);
    expect((await b.placeOrder(req({ symbol: FUT, side: 'SELL' }))).status).toBe('FILLED');
  });

  it('refuses the clientOrderIds it keeps for its own settlements', async () => {
    const order = await broker().placeOrder(req({ clientOrderId: `settlement:${CE}` }));
    expect(order).toMatchObject({ status: 'REJECTED', rejectCode: 'RESERVED_CLIENT_ORDER_ID' });
  });
});

describe('cash settlement at expiry', () => {
  /** Moves to the expiry with NIFTY at `spot`; the expired contracts no longer quote. */
  function expire(b: SimBroker, spot: number): BrokerEvent[] {
    const events: BrokerEvent[] = [];
    b.onUpdate((e) => events.push(e));
    clock.set(EXPIRY);
    market.setSpot('NIFTY', spot).remove(CE).remove(PE);
    b.onMarket();
    return events;
  }

  it('settles a short straddle: the ITM call at its intrinsic value, the OTM put at 0, with no charges', async () => {
    const b = broker();
    await b.placeOrder(req());
    await b.placeOrder(req({ symbol: PE }));
    // Not yet: a minute before the expiry.
    clock.set(EXPIRY - 60_000);
    expect(await b.settleExpired('SIM-1', CE)).toBeUndefined();

    const events = expire(b, 26_180.35);
    const settled = events.filter((e) => e.type === 'order').map((e) => e.order);
    expect(settled.map((o) => [o.clientOrderId, o.side, o.qty, o.status, o.avgFillPrice, o.charges, o.tag])).toEqual([
      [`settlement:${CE}`, 'BUY', 65, 'FILLED', 180.35, 0, undefined],
      [`settlement:${PE}`, 'BUY', 65, 'FILLED', 0, 0, undefined],
    ]);
    // CE (120.05 − 180.35) × 65 = −3,919.50; PE (110 − 0) × 65 = +7,150.00; realised +3,230.50.
    // Charges: the entries' 38.53 + 37.29 = 75.82 only. Cash 10,00,000 + 3,230.50 − 75.82 = 10,03,154.68.
    expect(await b.funds('SIM-1')).toMatchObject({
      realisedPnl: 3230.5,
      unrealisedPnl: 0,
      charges: 75.82,
      cash: 1_003_154.68,
      equity: 1_003_154.68,
      marginUsed: 0,
    });
    // Once: asking again returns the same settlement and books nothing.
    expect(await b.settleExpired('SIM-1', CE)).toEqual({
      accountId: 'SIM-1',
      symbol: CE,
      price: 180.35,
      order: expect.objectContaining({ id: settled[0]?.id }),
    });
    b.onMarket();
    expect((await b.orders()).length).toBe(4);
  });

  it('settles an ITM long call with STT on its intrinsic value, and an OTM long put at 0 without', async () => {
    const b = broker();
    await b.placeOrder(req({ side: 'BUY' }));
    await b.placeOrder(req({ symbol: PE, side: 'BUY' }));
    expire(b, 26_180.35);
    const [call, put] = (await b.orders()).slice(2);
    // Call: SELL 65 at 180.35; STT on exercise 0.15 % × 11,722.75 = 17.584125 → 17.58. Put: SELL at 0, nothing.
    expect([call?.side, call?.avgFillPrice, call?.charges, put?.avgFillPrice, put?.charges]).toEqual(['SELL', 180.35, 17.58, 0, 0]);
    // Realised (180.35 − 120.05) × 65 + (0 − 110) × 65 = 3,919.50 − 7,150.00 = −3,230.50.
    // Charges: BUY CE 27.06 + BUY PE (7,150: exchange 2.50, SEBI 0.01, stamp 0.21, GST 4.05) 26.77 + 17.58 = 71.41.
    expect(await b.funds('SIM-1')).toMatchObject({ realisedPnl: -3230.5, charges: 71.41, cash: 1_000_000 - 3230.5 - 71.41 });
  });

  it('settles a future at the index level on its expiry day', async () => {
    const b = broker();
    await b.placeOrder(req({ symbol: FUT, side: 'BUY' }));
    // The December future expires on Tuesday 29 Dec 2026 at 15:30.
    clock.set(istToMs('2026-12-29', '15:30'));
    market.setSpot('NIFTY', 26_400.5).remove(FUT);
    b.onMarket();
    const settled = (await b.orders()).at(-1);
    // SELL 65 at 26,400.50: (26,400.50 − 26,080) × 65 = 20,832.50; no charges on a future's settlement.
    expect(settled).toMatchObject({ clientOrderId: `settlement:${FUT}`, side: 'SELL', avgFillPrice: 26_400.5, charges: 0 });
    expect((await b.funds('SIM-1')).realisedPnl).toBe(20_832.5);
  });

  it('cancels an order resting on the expired contract, and settles nothing for a flat account', async () => {
    const b = broker();
    const resting = await b.placeOrder(req({ type: 'LIMIT', price: 150 }));
    expect(resting.status).toBe('OPEN');
    expire(b, 26_100);
    expect((await b.orders({ clientOrderId: resting.clientOrderId }))[0]?.status).toBe('CANCELLED');
    expect(await b.settleExpired('SIM-1', CE)).toEqual({ accountId: 'SIM-1', symbol: CE, price: 100, order: null });
  });

  it('restores a settlement: same cash, and later contracts on that expiry settle at the same index level', async () => {
    const a = broker();
    const orders = new Map<string, Order>();
    const fills: Fill[] = [];
    a.onUpdate((e) => {
      if (e.type === 'order') orders.set(e.order.id, e.order);
      if (e.type === 'fill') fills.push(e.fill);
    });
    await a.placeOrder(req());
    expire(a, 26_180.35);
    const before = await a.funds('SIM-1');
    const b = broker();
    b.restore({ orders: [...orders.values()].map(({ charges: _c, ...o }) => o), fills: fills.map(({ charges: _c, ...f }) => f) });
    expect(await b.funds('SIM-1')).toEqual(before);
    // The index moved after the restart; the PE of that expiry still settles against 26,180.35 (worthless).
    market.setSpot('NIFTY', 25_000);
    expect((await b.settleExpired('SIM-1', PE))?.price).toBe(0);
  });
});
