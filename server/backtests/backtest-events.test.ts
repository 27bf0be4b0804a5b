import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { serverFrame } from '../../contracts/events.ts';
import { createTestApp, type TestApp } from '../testing/app.ts';
import { attachWebSocket } from '../ws/hub.ts';
import { postBacktest, publishTemplate, settledJob, templateSignals, type Job } from './testing/jobs.ts';

let t: TestApp;
let server: Server;
let hub: { close(): void };
let base: string;
beforeEach(async () => {
  t = await createTestApp();
  server = createServer(t.app);
  hub = attachWebSocket(server, t.ctx);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
});
afterEach(async () => {
  hub.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.close();
});

/** A client subscribed to `topics`, keeping every frame it gets (each held to contracts/events.ts). */
async function subscribed(cookie: string, topics: string[]): Promise<{ ws: WebSocket; frames: Array<{ type: string; data?: unknown }> }> {
  const ws = new WebSocket(base, { headers: { Cookie: cookie } });
  const frames: Array<{ type: string; data?: unknown }> = [];
  const acknowledged = new Promise<void>((resolve) => {
    ws.on('message', (raw) => {
      const frame = serverFrame.parse(JSON.parse(raw.toString()));
      frames.push(frame);
      if (frame.type === 'welcome') ws.send(JSON.stringify({ type: 'subscribe', topics }));
      if (frame.type === 'subscribed') resolve();
    });
  });
  await acknowledged;
  return { ws, frames };
}

/** Waits for frames still on their way (the socket and the HTTP answers are separate connections). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!done()) throw new Error('the frame awaited never came');
}

describe('backtest events on /ws', () => {
  it('tells the owner each trading day played, in order, then that the job completed; no one else hears', async () => {
    const [admin, bob] = await Promise.all([t.login('admin'), t.login('bob')]);
    const mine = await subscribed(admin, ['backtests']);
    const theirs = await subscribed(bob, ['backtests', 'signals', 'orders', 'positions']);
    const graphId = await publishTemplate(t, admin);
    const posted = await postBacktest(t, admin, {
      graphId,
      version: 1,
      from: '2026-11-23',
      to: '2026-11-27',
      signals: { kind: 'csv', text: templateSignals() },
    }).expect(202);
    const id = (posted.body as Job).id;
    const job = await settledJob(t, admin, id);
    expect(job.status).toBe('completed');

    await until(() => mine.frames.some((f) => f.type === 'backtest.finished'));
    const events = mine.frames.filter((f) => f.type.startsWith('backtest.'));
    // Mon 23, Wed 25, Thu 26 and Fri 27 Nov 2026 (Tue 24 is a holiday): four days, one event each, then the end.
    const dates = ['2026-11-23', '2026-11-25', '2026-11-26', '2026-11-27'];
    expect(events).toEqual([
      ...dates.map((date, i) => ({ type: 'backtest.progress', data: { backtestId: id, date, day: i + 1, days: 4 } })),
      { type: 'backtest.finished', data: { backtestId: id, status: 'completed', error: null } },
    ]);
    expect(theirs.frames.map((f) => f.type)).toEqual(['welcome', 'subscribed']);
    mine.ws.close();
    theirs.ws.close();
  });
});
