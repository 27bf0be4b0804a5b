import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '../nodes/catalogue.ts';
import { BrokerRouter } from '../runtime/broker/broker-router.ts';
import { ChargeSchedule } from '../runtime/broker/charges.ts';
import { SimBroker } from '../runtime/broker/sim-broker.ts';
import { Deployment } from '../runtime/deployment.ts';
import { TradingCalendar } from '../runtime/market/calendar.ts';
import { VirtualClock } from '../runtime/market/clock.ts';
import { FixedMarket } from '../runtime/market/fixed-market.ts';
import { Instruments } from '../runtime/market/instruments.ts';
import { compileGraph } from '../runtime/plan.ts';
import { PositionManager } from '../runtime/positions/position-manager.ts';
import type { Signal } from '../runtime/signal.ts';
import { istToMs } from '../runtime/time.ts';

/** Wednesday 25 Nov 2026, 10:00 IST. November's contracts expired on the 23rd (the 24th is a holiday), so this month's are December's, expiring Tuesday the 29th. */
const T0 = istToMs('2026-11-25', '10:00');
const FUT = 'NIFTY29DEC26FUT';

/** The template on hand-set prices (bid = ask = LTP), charged as the SIM broker charges: at the rates in force on the trade's date. */
function world() {
  const calendar = TradingCalendar.default();
  const clock = new VirtualClock(T0);
  const market = new FixedMarket().setTime(T0);
  const broker = new SimBroker({ market, clock, accounts: [{ id: 'sim-1' }], charges: ChargeSchedule.default() });
  const positions = new PositionManager({ router: new BrokerRouter([broker]), market, clock });
  const plan = compileGraph(JSON.parse(readFileSync(join(import.meta.dirname, 'futures-hedge.graph.json'), 'utf8')), registry);
  const log = { info: () => undefined, warn: () => undefined };
  const deployment = new Deployment({ id: 'dep-hedge', mode: 'sim', accountId: 'sim-1' }, plan, {
    clock,
    market,
    instruments: Instruments.default(calendar),
    calendar,
    positions,
    log,
  });
  let n = 0;
  const alert = async (action: string) => {
    const signal: Signal = {
      id: `sig-${++n}`,
      source: 'tradingview',
      channel: 'nifty-futures-hedge',
      action,
      receivedAt: new Date(clock.now()).toISOString(),
      data: {},
      dedupeKey: `x|${n}`,
    };
    expect((await deployment.submit(signal)).status).toBe('completed');
  };
  const fills = async () => (await broker.orders()).map((o) => `${o.side} ${o.qty} ${o.symbol} @ ${o.avgFillPrice}`);
  return { market, clock, broker, positions, alert, fills };
}

describe('futures-hedge template', () => {
  it('LONG buys the future and the put at the future’s ATM; EXIT after a 530-point fall: the put pays back 21,238.75 of the 34,450 lost', async () => {
    const { market, positions, alert, fills } = world();
    // Spot 26,010 (its ATM would be 26,000); the December future at 26,140 puts ATM at 26,150.
    market.setSpot('NIFTY', 26010).setPrice(FUT, 26140).setPrice('NIFTY29DEC2626150PE', 285.4).setPrice('NIFTY29DEC2626000PE', 350);
    await alert('LONG');
    expect(await fills()).toEqual([`BUY 65 ${FUT} @ 26140`, 'BUY 65 NIFTY29DEC2626150PE @ 285.4']);

    market.setSpot('NIFTY', 25480).setPrice(FUT, 25610).setPrice('NIFTY29DEC2626150PE', 612.15);
    await alert('EXIT');
    expect((await fills()).slice(2)).toEqual([`SELL 65 ${FUT} @ 25610`, 'SELL 65 NIFTY29DEC2626150PE @ 612.15']);
    const [group] = positions.groups('dep-hedge');
    // Future (25,610 − 26,140) × 65 = −34,450.00; put (612.15 − 285.40) × 65 = +21,238.75; net −13,211.25.
    expect(group?.legs.map((l) => [l.id, l.realisedPnl])).toEqual([
      ['longFut.fut', -34_450],
      ['longPut.put', 21_238.75],
    ]);
    // Charges on 25 Nov 2026 (STT on sales 0.05 % futures, 0.15 % options since 1 Apr 2026):
    // future in 94.27 (brokerage 20 + exchange 29.39 + SEBI 1.70 + stamp 33.98 + GST 9.20);
    // future out 891.87 (20 + STT 0.05 % × 16,64,650 = 832.33 + exchange 28.80 + SEBI 1.66 + GST 9.08);
    // put in 31.85 (20 + 6.50 + 0.02 + stamp 0.56 + GST 4.77);
    // put out 99.78 (20 + STT 0.15 % × 39,789.75 = 59.68 + exchange 13.94 + SEBI 0.04 + GST 6.12). Total 1,117.77.
    expect(group).toMatchObject({ status: 'closed', realisedPnl: -13_211.25, charges: 1_117.77, netPnl: -14_329.02 });
  });

  it('SHORT while long closes the long first, then sells the future and buys the ATM call; EXIT books both', async () => {
    const { market, positions, alert, fills } = world();
    market.setSpot('NIFTY', 26010).setPrice(FUT, 26140).setPrice('NIFTY29DEC2626150PE', 285.4);
    await alert('LONG');
    // The future at 25,610 puts ATM at 25,600.
    market.setSpot('NIFTY', 25480).setPrice(FUT, 25610).setPrice('NIFTY29DEC2626150PE', 612.15).setPrice('NIFTY29DEC2625600CE', 330);
    await alert('SHORT');
    // Bought legs go first: the call before the sold future.
    expect((await fills()).slice(2)).toEqual([
      `SELL 65 ${FUT} @ 25610`,
      'SELL 65 NIFTY29DEC2626150PE @ 612.15',
      'BUY 65 NIFTY29DEC2625600CE @ 330',
      `SELL 65 ${FUT} @ 25610`,
    ]);
    market.setSpot('NIFTY', 25270).setPrice(FUT, 25400).setPrice('NIFTY29DEC2625600CE', 205.5);
    await alert('EXIT');
    const [long, short] = positions.groups('dep-hedge');
    expect(long?.realisedPnl).toBe(-13_211.25);
    // Short future (25,610 − 25,400) × 65 = +13,650.00; call (205.50 − 330.00) × 65 = −8,092.50; net +5,557.50.
    // Charges: call in 33.13, future out 891.87 (as above), future in 92.27, call out 49.17
    // (20 + STT 0.15 % × 13,357.50 = 20.04 + exchange 4.68 + SEBI 0.01 + GST 4.44): 1,066.44.
    expect(short?.legs.map((l) => [l.id, l.side, l.realisedPnl])).toEqual([
      ['shortCall.call', 'BUY', -8_092.5],
      ['shortFut.fut', 'SELL', 13_650],
    ]);
    expect(short).toMatchObject({ status: 'closed', realisedPnl: 5_557.5, charges: 1_066.44, netPnl: 4_491.06 });
  });
});
