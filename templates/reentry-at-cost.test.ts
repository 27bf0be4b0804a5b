import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '../nodes/catalogue.ts';
import { BrokerRouter } from '../runtime/broker/broker-router.ts';
import { SimBroker } from '../runtime/broker/sim-broker.ts';
import { Deployment } from '../runtime/deployment.ts';
import { TradingCalendar } from '../runtime/market/calendar.ts';
import { VirtualClock } from '../runtime/market/clock.ts';
import { FixedMarket } from '../runtime/market/fixed-market.ts';
import { Instruments } from '../runtime/market/instruments.ts';
import { compileGraph } from '../runtime/plan.ts';
import { PositionMonitor } from '../runtime/positions/monitor.ts';
import { PositionManager } from '../runtime/positions/position-manager.ts';
import type { PositionEvent } from '../runtime/positions/types.ts';
import { istToMs } from '../runtime/time.ts';

/** Wednesday 25 Nov 2026: NIFTY at 26,000, so the current-week ATM straddle is the 1 Dec 26000 pair. */
const T0 = istToMs('2026-11-25', '10:00');
const CE = 'NIFTY01DEC2626000CE';
const PE = 'NIFTY01DEC2626000PE';

/** The template on a hand-priced market: every fill is the price the test writes down. */
function world() {
  const clock = new VirtualClock(T0);
  const market = new FixedMarket().setSpot('NIFTY', 26000).setPrice(CE, 120.05).setPrice(PE, 110);
  const calendar = TradingCalendar.default();
  const broker = new SimBroker({ market, clock, accounts: [{ id: 'SIM-1' }] });
  const positions = new PositionManager({ router: new BrokerRouter([broker]), market, clock });
  const monitor = new PositionMonitor(positions, market);
  const graph: unknown = JSON.parse(readFileSync(join(import.meta.dirname, 'reentry-at-cost-straddle.graph.json'), 'utf8'));
  const log = { info: () => undefined, warn: () => undefined };
  const services = { clock, market, instruments: Instruments.default(calendar), calendar, positions, log };
  const deployment = new Deployment({ id: 'dep-1', mode: 'sim', accountId: 'SIM-1' }, compileGraph(graph, registry), services);
  const events: PositionEvent[] = [];
  positions.onEvent((e) => {
    events.push(e);
    void deployment.onPositionEvent(e);
  });
  /** Sets the call's premium a minute later, then lets the monitor and the runs it starts finish. */
  const callAt = async (price: number) => {
    clock.advance(60_000);
    market.setPrice(CE, price);
    await monitor.evaluate(clock.now());
    await deployment.idle();
  };
  return { clock, market, broker, positions, monitor, deployment, events, callAt };
}

describe('reentry-at-cost-straddle', () => {
  it('re-sells a stopped call only once its premium is back at the entry, twice a day at most, P&L to the paisa', async () => {
    const { broker, positions, monitor, deployment, events, callAt, clock, market } = world();
    const entry = {
      id: 'sig-1',
      source: 'tradingview' as const,
      channel: 'nifty-reentry-cost-straddle',
      action: 'ENTRY',
      receivedAt: new Date(T0).toISOString(),
      data: {},
      dedupeKey: 'tv|id|1',
    };
    expect((await deployment.submit(entry)).status).toBe('completed'); // SELL CE 120.05 (stop 150.05), PE 110.00 (stop 137.50)

    await callAt(150.1); // stop: bought back at 150.10, (120.05 − 150.10) × 65 = −1,953.25
    await callAt(130); // still above the entry: nothing
    expect((await broker.orders()).map((o) => `${o.side} ${o.avgFillPrice}`)).toEqual(['SELL 120.05', 'SELL 110', 'BUY 150.1']);

    await callAt(120); // back at (below) 120.05: re-entry 1 sells the ATM call at 120.00 (stop 150.00)
    await callAt(150); // stopped again: (120 − 150) × 65 = −1,950.00
    await callAt(120); // back at 120.00: re-entry 2
    await callAt(150); // stopped: −1,950.00
    await callAt(119); // back once more, but 2 re-entries a day is the limit: nothing placed

    expect(events.filter((e) => e.type === 'leg_price_returned').map((e) => [e.legId, e.price, e.pnl])).toEqual([
      ['straddle.ce', 120, -1953.25],
      ['reCe.ce', 120, -1950],
      ['reCe.ce', 119, -1950],
    ]);
    expect((await broker.orders()).map((o) => `${o.side} ${o.avgFillPrice}`)).toEqual([
      'SELL 120.05',
      'SELL 110',
      'BUY 150.1',
      'SELL 120',
      'BUY 150',
      'SELL 120',
      'BUY 150',
    ]);

    // 15:15 squares the put off at 90.00: (110 − 90) × 65 = 1,300.00
    market.setPrice(PE, 90);
    clock.set(istToMs('2026-11-25', '15:15'));
    await monitor.evaluate(clock.now());
    await deployment.idle();
    const groups = positions.groups('dep-1');
    expect(groups.map((g) => [g.status, g.realisedPnl])).toEqual([
      ['closed', -653.25], // −1,953.25 + 1,300.00
      ['closed', -1950],
      ['closed', -1950],
    ]);
    // −1,953.25 − 1,950.00 − 1,950.00 + 1,300.00
    expect(groups.reduce((sum, g) => sum + Math.round(g.realisedPnl * 100), 0) / 100).toBe(-4553.25);
    expect((await broker.funds('SIM-1')).realisedPnl).toBe(-4553.25);
  });
});
