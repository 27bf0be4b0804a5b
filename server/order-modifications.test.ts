import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testing/app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('an order modified while open (a chased limit)', () => {
  it('is stored with each move and its conversion to MARKET, shown by GET /api/orders and loaded back for a restart', async () => {
    const cookie = await t.login('admin');
    const [account] = (await request(t.app).get('/api/accounts').set('Cookie', cookie).expect(200)).body as Array<{ id: string }>;
    const { sim } = t.ctx.engine;
    const symbol = (await request(t.app).get('/api/market/chain?underlying=NIFTY').set('Cookie', cookie).expect(200)).body.rows[10].ce.symbol as string;
    const ltp = sim.market.quote(symbol)!.ltp;

    // A BUY limit far under the market rests; moved once (still under), then converted: it fills at market.
    const placed = await sim.broker.placeOrder({ clientOrderId: 'chase-1', accountId: account!.id, symbol, side: 'BUY', qty: 65, type: 'LIMIT', price: 1 });
    expect(placed.status).toBe('OPEN');
    const t1 = sim.clock.now();
    await sim.broker.modifyOrder(placed.id, { type: 'LIMIT', price: 1.55 });
    const filled = await sim.broker.modifyOrder(placed.id, { type: 'MARKET' });
    expect(filled.status).toBe('FILLED');
    await t.ctx.engine.store.flush();

    const [order] = (await request(t.app).get('/api/orders').set('Cookie', cookie).expect(200)).body as Array<Record<string, unknown>>;
    expect(order).toMatchObject({ id: placed.id, type: 'MARKET', price: null, status: 'FILLED', filledQty: 65 });
    expect(order!.avgFillPrice).toBeGreaterThanOrEqual(ltp);
    expect(order!.modifications).toEqual([
      { time: new Date(t1).toISOString(), type: 'LIMIT', price: 1.55 },
      { time: new Date(t1).toISOString(), type: 'MARKET', price: null },
    ]);

    // What a restart reads back into the SIM broker.
    const { orders } = await t.ctx.engine.store.load();
    expect(orders.find((o) => o.id === placed.id)?.modifications).toEqual([
      { time: t1, type: 'LIMIT', price: 1.55 },
      { time: t1, type: 'MARKET', price: null },
    ]);
  });

  it('an order never modified lists no modifications', async () => {
    const cookie = await t.login('admin');
    const [account] = (await request(t.app).get('/api/accounts').set('Cookie', cookie).expect(200)).body as Array<{ id: string }>;
    const { sim } = t.ctx.engine;
    const symbol = (await request(t.app).get('/api/market/chain?underlying=NIFTY').set('Cookie', cookie).expect(200)).body.rows[10].pe.symbol as string;
    await sim.broker.placeOrder({ clientOrderId: 'plain-1', accountId: account!.id, symbol, side: 'SELL', qty: 65, type: 'MARKET' });
    await t.ctx.engine.store.flush();
    const [order] = (await request(t.app).get('/api/orders').set('Cookie', cookie).expect(200)).body as Array<Record<string, unknown>>;
    expect(order).toMatchObject({ status: 'FILLED', modifications: [] });
    const { orders } = await t.ctx.engine.store.load();
    expect(orders[0]!.modifications).toBeUndefined();
  });
});
