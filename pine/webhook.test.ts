import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../server/testing/app.ts';
import { deployTemplate, settle } from '../server/testing/trading.ts';
import { filledAlerts, graphTemplatesOn, pineTemplates } from './testing/alerts.ts';

/** Each Pine template, with the graph template that listens on its channel (when one does). */
const pairs = pineTemplates().flatMap((template) => {
  const channel = (JSON.parse(filledAlerts(template, 'x')[0]!.body) as { channel: string }).channel;
  return graphTemplatesOn(channel).map(({ name }) => [template.file, name, template] as const);
});

let t: TestApp | undefined;
afterEach(() => t?.close());

interface Order {
  side: string;
  status: string;
}
interface Group {
  status: string;
}

describe('a Pine alert posted to the webhook drives the graph template on its channel in SIM', () => {
  it('pairs every template whose channel a graph template listens on', () => {
    expect(pairs.map(([file, graph]) => `${file} → ${graph}`)).toEqual([
      'ema-crossover.pine → bull-call-spread',
      'opening-range-breakout.pine → orb-breakout',
      'rsi-reversal.pine → short-straddle',
      'supertrend.pine → bull-call-spread',
      'trend-strategy.pine → bull-call-spread',
    ]);
  });

  it.each(pairs)('%s → %s: the first alert opens the position, the next other action closes it', async (_, graph, template) => {
    t = await createTestApp();
    const app = t.app;
    const d = await deployTemplate(t, 'admin', graph);
    const cookie = await t.login('admin');
    const alerts = filledAlerts(template, d.secret).map((a) => ({ ...a, action: (JSON.parse(a.body) as { action: string }).action }));
    const open = alerts[0]!;
    // An EXIT where the script sends one (the breakout's SHORT would open the other side instead).
    const close = alerts.find((a) => a.action === 'EXIT') ?? alerts.find((a) => a.action !== open.action)!;
    const post = async (body: string) => {
      // TradingView sends a JSON message as application/json.
      const res = await request(app).post(d.hookPath).set('Content-Type', 'application/json').send(body).expect(200);
      expect(res.body).toMatchObject({ status: 'accepted' });
      await settle(t!);
    };
    const orders = async () => (await request(app).get(`/api/orders?deploymentId=${d.deploymentId}`).set('Cookie', cookie).expect(200)).body as Order[];
    const groups = async () => (await request(app).get(`/api/positions?deploymentId=${d.deploymentId}`).set('Cookie', cookie).expect(200)).body as Group[];

    await post(open.body);
    const opened = await orders();
    expect(opened.length).toBeGreaterThanOrEqual(1);
    expect(opened.every((o) => o.status === 'FILLED')).toBe(true);
    expect((await groups()).map((g) => g.status)).toEqual(['open']);

    await post(close.body);
    expect((await orders()).length).toBe(opened.length * 2);
    expect((await groups()).map((g) => g.status)).toEqual(['closed']);
  });
});
