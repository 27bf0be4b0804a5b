import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.ts';

let t: TestApp;
let bob: string;

beforeEach(async () => {
  t = await createTestApp();
  bob = await t.login('bob');
});
afterEach(() => t.close());

describe('market instrument, expiries and quotes', () => {
  it('answers an underlying with its lot size, strike step and listed expiries', async () => {
    const res = await request(t.app).get('/api/market/instrument?underlying=nifty').set('Cookie', bob).expect(200);
    expect(res.body).toMatchObject({ underlying: 'NIFTY', exchange: 'NSE', lotSize: 65, strikeStep: 50, freezeQty: 1800 });
    expect(res.body.listed.slice(0, 2)).toEqual(['2026-12-01', '2026-12-08']);
  });

  it('resolves expiry settings as a leg node would, and refuses a date that is not listed', async () => {
    const expiries = [{ kind: 'current-week' }, { kind: 'next-week' }, { kind: 'current-month' }, { kind: 'date', date: '2026-12-08' }];
    const res = await request(t.app).post('/api/market/expiries').set('Cookie', bob).send({ underlying: 'NIFTY', expiries }).expect(200);
    expect(res.body.expiries).toEqual(['2026-12-01', '2026-12-08', '2026-12-29', '2026-12-08']);
    const chain = await request(t.app).get(`/api/market/chain?underlying=NIFTY&expiry=${res.body.expiries[1]}&around=1`).set('Cookie', bob).expect(200);
    expect(chain.body.rows).toHaveLength(3);
    const bad = await request(t.app)
      .post('/api/market/expiries')
      .set('Cookie', bob)
      .send({ underlying: 'NIFTY', expiries: [{ kind: 'date', date: '2026-12-02' }] })
      .expect(400);
    expect(bad.body.error.code).toBe('invalid_expiry');
    // Long expired, in a year the calendar does not cover: simply not listed.
    const past = await request(t.app).get('/api/market/chain?underlying=NIFTY&expiry=2020-01-07').set('Cookie', bob).expect(404);
    expect(past.body.error.code).toBe('unknown_expiry');
    // Past the calendar: Legflow cannot tell whether it is an expiry, and says so (a 4xx, never a 5xx).
    const beyond = await request(t.app).get('/api/market/chain?underlying=NIFTY&expiry=2030-01-01').set('Cookie', bob).expect(422);
    expect(beyond.body.error).toMatchObject({ code: 'calendar_not_covered', message: expect.stringMatching(/legflow calendar load/) });
  });

  it('quotes the near-month future a futures-based ATM is measured from, and refuses a future that is not listed', async () => {
    const [expiry] = (
      await request(t.app)
        .post('/api/market/expiries')
        .set('Cookie', bob)
        .send({ underlying: 'NIFTY', expiries: [{ kind: 'current-month' }] })
        .expect(200)
    ).body.expiries;
    expect(expiry).toBe('2026-12-29');
    const future = await request(t.app).get('/api/market/quote?symbol=NIFTY29DEC26FUT').set('Cookie', bob).expect(200);
    const spot = await request(t.app).get('/api/market/quote?symbol=NIFTY').set('Cookie', bob).expect(200);
    expect(future.body).toMatchObject({ symbol: 'NIFTY29DEC26FUT', time: spot.body.time });
    expect(future.body.bid).toBeLessThan(future.body.ask);
    // Above spot by a month's carry.
    expect(future.body.ltp).toBeGreaterThan(spot.body.ltp);
    // 28 December is not a NIFTY expiry, so no future expires then.
    const bad = await request(t.app).get('/api/market/quote?symbol=NIFTY28DEC26FUT').set('Cookie', bob).expect(404);
    expect(bad.body.error).toMatchObject({ code: 'unknown_symbol', message: 'No quote for NIFTY28DEC26FUT: not a listed underlying, option or future.' });
  });

  it('refuses an underlying that is not in the instrument list, and a caller who is not signed in', async () => {
    expect((await request(t.app).get('/api/market/instrument?underlying=NOPE').set('Cookie', bob).expect(404)).body.error.code).toBe('unknown_underlying');
    expect(
      (
        await request(t.app)
          .post('/api/market/expiries')
          .set('Cookie', bob)
          .send({ underlying: 'NOPE', expiries: [{ kind: 'current-week' }] })
          .expect(404)
      ).body.error.code,
    ).toBe('unknown_underlying');
    await request(t.app).get('/api/market/instrument?underlying=NIFTY').expect(401);
  });
});
