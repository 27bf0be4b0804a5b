import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAGE } from '../../server/history-page.ts';
import { createTestApp, type TestApp } from '../../server/testing/app.ts';
import { deployTemplate, settle, type Deployed } from '../../server/testing/trading.ts';
import { expectError } from './expect-error.ts';

/** As the server keeps finished orders and closed groups for a day, but a minute of the virtual clock here. */
const KEEP_MS = 60_000;
const ROUND_TRIPS = 12;

/** The shape every refusal has, with its status. */

/** The path of a `Link: <…>; rel="next"` header, or undefined on the last page. */
function nextLink(res: request.Response): string | undefined {
  const link = res.headers.link;
  return link === undefined ? undefined : /^<([^>]+)>; rel="next"$/.exec(link)?.[1];
}

/** A group as answered, less what the market moves (each leg's LTP). */
function withoutLtp(group: { legs: Array<Record<string, unknown>> }) {
  return { ...group, legs: group.legs.map(({ ltp: _ltp, ...leg }) => leg) };
}

let t: TestApp;
let d: Deployed;
let admin: string;
let bob: string;

/** Every page from `path` on, following the Link headers, each page's ids as answered. */
async function allPages(path: string, cookie = admin): Promise<string[][]> {
  const pages: string[][] = [];
  for (let next: string | undefined = path; next !== undefined;) {
    const res = await request(t.app).get(next).set('Cookie', cookie).expect(200);
    pages.push((res.body as Array<{ id: string }>).map((x) => x.id));
    next = nextLink(res);
    expect(pages.length).toBeLessThan(50);
  }
  return pages;
}

beforeAll(async () => {
  t = await createTestApp({}, { keepFinishedMs: KEEP_MS });
  d = await deployTemplate(t, 'admin');
  [admin, bob] = await Promise.all([t.login('admin'), t.login('bob')]);
  // Twelve straddles sold and bought back, all at 10:00:00 on the virtual clock: same-millisecond groups.
  for (let n = 1; n <= ROUND_TRIPS; n++) {
    for (const action of ['ENTRY', 'EXIT']) {
      await request(t.app).post(d.hookPath).send({ secret: d.secret, action, n }).expect(200);
      await settle(t);
    }
  }
});
afterAll(() => t.close());

describe('a deployment’s history, a page at a time, from memory and from the database', () => {
  let everything: Array<{ id: string; status: string; realisedPnl: number; legs: Array<Record<string, unknown>> }>;

  it('pages position groups oldest first within a page, newest page first, with a Link to the older ones', async () => {
    everything = (await request(t.app).get(`/api/positions?deploymentId=${d.deploymentId}&limit=${MAX_PAGE}`).set('Cookie', admin).expect(200)).body;
    expect(everything.map((g) => g.id)).toEqual(Array.from({ length: ROUND_TRIPS }, (_, i) => `grp-${i + 1}`));
    expect(everything.every((g) => g.status === 'closed')).toBe(true);

    const pages = await allPages(`/api/positions?deploymentId=${d.deploymentId}&limit=5`);
    expect(pages).toEqual([
      ['grp-8', 'grp-9', 'grp-10', 'grp-11', 'grp-12'],
      ['grp-3', 'grp-4', 'grp-5', 'grp-6', 'grp-7'],
      ['grp-1', 'grp-2'],
    ]);
  });

  it('once the engine has let the closed groups and finished orders go, reads them from the database, the same', async () => {
    const orders = await allPages(`/api/orders?deploymentId=${d.deploymentId}&limit=${MAX_PAGE}`);
    await t.ctx.engine.sim.tick(KEEP_MS);
    // Nothing of it is in memory any more.
    expect(t.ctx.engine.sim.positions.groups(d.deploymentId)).toEqual([]);
    expect(t.ctx.engine.sim.broker.retained()).toMatchObject({ orders: 0, clientOrderIds: 0 });

    const again = (await request(t.app).get(`/api/positions?deploymentId=${d.deploymentId}&limit=${MAX_PAGE}`).set('Cookie', admin).expect(200)).body;
    // As they were, to the paisa; only the LTPs moved with the market.
    expect(again.map(withoutLtp)).toEqual(everything.map(withoutLtp));
    expect((await allPages(`/api/positions?deploymentId=${d.deploymentId}&limit=5`)).flat()).toEqual([
      'grp-8',
      'grp-9',
      'grp-10',
      'grp-11',
      'grp-12',
      'grp-3',
      'grp-4',
      'grp-5',
      'grp-6',
      'grp-7',
      'grp-1',
      'grp-2',
    ]);
    // Orders page the same way, newest first as they always came.
    expect((await allPages(`/api/orders?deploymentId=${d.deploymentId}&limit=7`)).flat()).toEqual(orders.flat());
    expect(orders.flat()).toHaveLength(ROUND_TRIPS * 4);
  });

  it('puts a new open group (in memory, and in the database) once, at the head, by default up to 100 groups', async () => {
    await request(t.app).post(d.hookPath).send({ secret: d.secret, action: 'ENTRY', n: 'open' }).expect(200);
    await settle(t);
    const res = await request(t.app).get(`/api/positions?deploymentId=${d.deploymentId}`).set('Cookie', admin).expect(200);
    expect(res.body.map((g: { id: string }) => g.id)).toEqual([...everything.map((g) => g.id), 'grp-13']);
    expect(res.body.at(-1)).toMatchObject({ status: 'open', legs: [{ status: 'open' }, { status: 'open' }] });
    expect(res.headers.link).toBeUndefined();
    const [newest] = await allPages(`/api/positions?deploymentId=${d.deploymentId}&limit=2`);
    expect(newest).toEqual(['grp-12', 'grp-13']);
  });
});

describe('bad paging input', () => {
  const positions = (query: string, cookie = admin) => request(t.app).get(`/api/positions?deploymentId=${d.deploymentId}&${query}`).set('Cookie', cookie);

  it.each([
    'limit=0',
    `limit=${MAX_PAGE + 1}`,
    'limit=abc',
    'limit=2.5',
    'limit=-3',
    'limit=1e400',
    'limit=',
    'limit=1&limit=2',
    `before=${'g'.repeat(65)}`,
    'before=',
    'before=a&before=b',
  ])('GET /api/positions?…&%s is 400 invalid_request', async (query) => {
    expectError(await positions(query), 400, 'invalid_request');
    expectError(await request(t.app).get(`/api/orders?deploymentId=${d.deploymentId}&${query}`).set('Cookie', admin), 400, 'invalid_request');
  });

  it('a before that names no group of the deployment (unknown, or an order’s id) is 400 invalid_cursor; another user’s deployment stays 404', async () => {
    for (const before of ['grp-999', 'ord-1', 'grp-1%00']) expectError(await positions(`before=${before}`), 400, 'invalid_cursor');
    expectError(await request(t.app).get(`/api/orders?deploymentId=${d.deploymentId}&before=grp-1`).set('Cookie', admin), 400, 'invalid_cursor');
    expectError(await positions('before=grp-1', bob), 404, 'not_found');
    // Bob's own orders know nothing of admin's.
    expectError(await request(t.app).get('/api/orders?before=ord-1').set('Cookie', bob), 400, 'invalid_cursor');
  });

  it('leaves the server answering', async () => {
    const res = await positions('limit=1').expect(200);
    expect(res.body).toHaveLength(1);
    expect(nextLink(res)).toBe(`/api/positions?deploymentId=${d.deploymentId}&limit=1&before=grp-13`);
    await request(t.app).get('/api/health').expect(200);
  });
});
