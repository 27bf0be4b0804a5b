import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../server/testing/app.ts';
import { deployTemplate, settle, type Deployed } from '../../server/testing/trading.ts';
import { expectError } from './expect-error.ts';

/** As the server keeps closed groups for a day, but a minute of the virtual clock here. */
const KEEP_MS = 60_000;
/** ₹20 an order and nothing else, no spread: a straddle sold and bought back at once nets −₹80 (4 orders). */
const FLAT_BROKERAGE = { brokeragePerOrder: 20, sttSellPct: 0, exchangePct: 0, sebiPerCrore: 0, stampBuyPct: 0, gstPct: 0 };

/** The shape every refusal has, with its status. */

let t: TestApp;
let d: Deployed;
let admin: string;
let bob: string;

const totals = (query: string, cookie = admin) => request(t.app).get(`/api/positions/totals?${query}`).set('Cookie', cookie);

async function alert(action: 'ENTRY' | 'EXIT', n: number): Promise<void> {
  await request(t.app).post(d.hookPath).send({ secret: d.secret, action, n }).expect(200);
  await settle(t);
}

beforeAll(async () => {
  t = await createTestApp({}, { keepFinishedMs: KEEP_MS, charges: FLAT_BROKERAGE, spreadPct: 0 });
  d = await deployTemplate(t, 'admin');
  [admin, bob] = await Promise.all([t.login('admin'), t.login('bob')]);
});
afterAll(() => t.close());

describe('GET /api/positions/totals: a deployment’s MTM over its whole life', () => {
  it('counts every closed group, also once the engine has let them go, and the open ones at their LTPs', async () => {
    expect((await totals(`deploymentId=${d.deploymentId}`).expect(200)).body).toEqual({ deploymentId: d.deploymentId, mtm: 0, premium: null, heldLegs: 0 });
    for (const n of [1, 2, 3]) {
      await alert('ENTRY', n);
      await alert('EXIT', n);
    }
    // Three round trips at an unmoved market: 3 × (4 orders × ₹20) = ₹240 of brokerage.
    expect((await totals(`deploymentId=${d.deploymentId}`).expect(200)).body).toMatchObject({ mtm: -240, premium: null, heldLegs: 0 });

    await t.ctx.engine.sim.tick(KEEP_MS);
    expect(t.ctx.engine.sim.positions.groups(d.deploymentId)).toEqual([]);
    expect((await totals(`deploymentId=${d.deploymentId}`).expect(200)).body.mtm).toBe(-240);

    // A fourth straddle held: its two orders' ₹40, and the two legs at their LTPs (unmoved: no P&L yet).
    await alert('ENTRY', 4);
    const [open] = (await request(t.app).get(`/api/positions?deploymentId=${d.deploymentId}`).set('Cookie', admin).expect(200)).body as Array<{
      legs: Array<{ ltp: number }>;
    }>;
    const premium = Math.round((open!.legs[0]!.ltp + open!.legs[1]!.ltp) * 100) / 100;
    expect((await totals(`deploymentId=${d.deploymentId}`).expect(200)).body).toEqual({ deploymentId: d.deploymentId, mtm: -280, premium, heldLegs: 2 });
  });
});

describe('bad input to GET /api/positions/totals', () => {
  it.each(['', 'deploymentId=', `deploymentId=${'d'.repeat(65)}`, 'deploymentId=a&deploymentId=b', 'deploymentId[x]=1'])(
    '?%s is 400 invalid_request',
    async (query) => {
      expectError(await totals(query), 400, 'invalid_request');
    },
  );

  it('another user’s deployment, or none, is 404 not_found; a stranger is 401; the server still answers', async () => {
    expectError(await totals(`deploymentId=${d.deploymentId}`, bob), 404, 'not_found');
    expectError(await totals('deploymentId=dep-nope'), 404, 'not_found');
    expectError(await request(t.app).get(`/api/positions/totals?deploymentId=${d.deploymentId}`), 401, 'unauthenticated');
    await request(t.app).get('/api/health').expect(200);
  });
});
