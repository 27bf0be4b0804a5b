import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-app.ts';

let t: TestApp;
let bob: string;

beforeEach(async () => {
  t = await createTestApp();
  bob = await t.login('bob');
});
afterEach(() => t.close());

describe('market instrument', () => {
  it('answers an underlying with its lot size, strike step and the expiry each rule picks now', async () => {
    const res = await request(t.app).get('/api/market/instrument?underlying=nifty').set('Cookie', bob).expect(200);
    expect(res.body).toMatchObject({ underlying: 'NIFTY', exchange: 'NSE', lotSize: 65, strikeStep: 50, freezeQty: 1800 });
    expect(res.body.expiries).toEqual({ 'current-week': '2026-12-01', 'next-week': '2026-12-08', 'current-month': '2026-12-29', 'next-month': expect.stringMatching(/^2027-01-/) });
    expect(res.body.listed[0]).toBe('2026-12-01');
    const chain = await request(t.app).get(`/api/market/chain?underlying=NIFTY&expiry=${res.body.expiries['next-week']}&around=1`).set('Cookie', bob).expect(200);
    expect(chain.body.rows).toHaveLength(3);
  });

  it('refuses an underlying that is not in the instrument list, and a caller who is not signed in', async () => {
    expect((await request(t.app).get('/api/market/instrument?underlying=NOPE').set('Cookie', bob).expect(404)).body.error.code).toBe('unknown_underlying');
    await request(t.app).get('/api/market/instrument?underlying=NIFTY').expect(401);
  });
});
