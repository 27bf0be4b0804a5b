import { BrokerRouter } from '../broker/broker-router.ts';
import { SimBroker, type SimBrokerOptions } from '../broker/sim-broker.ts';
import { VirtualClock } from '../market/clock.ts';
import { FixedMarket } from '../market/fixed-market.ts';
import type { Leg } from '../message.ts';
import { istToMs } from '../time.ts';
import { PositionManager } from '../positions/position-manager.ts';
import type { EnterArgs, PositionEvent } from '../positions/types.ts';

export const CE = 'NIFTY01DEC2626000CE';
export const PE = 'NIFTY01DEC2626000PE';
/** Wednesday 25 Nov 2026, 10:00 IST: NSE is open (the Tuesday before is Guru Nanak Jayanti, a holiday). */
export const T0 = istToMs('2026-11-25', '10:00');

/** A NIFTY leg, 1 lot of 65 unless told otherwise. */
export function leg(over: Partial<Leg> & Pick<Leg, 'id' | 'symbol' | 'side'>): Leg {
  const lots = over.lots ?? 1;
  return {
    underlying: 'NIFTY',
    exchange: 'NFO',
    optionType: over.symbol.endsWith('PE') ? 'PE' : 'CE',
    lotSize: 65,
    strike: 26000,
    expiry: '2026-12-01',
    ...over,
    lots,
    qty: lots * 65,
  };
}

/** A short straddle with a 25 % stop on each leg. */
export function shortStraddle(): Leg[] {
  return [
    leg({ id: 'ce', symbol: CE, side: 'SELL', stopLoss: { type: 'pct', value: 25 } }),
    leg({ id: 'pe', symbol: PE, side: 'SELL', stopLoss: { type: 'pct', value: 25 } }),
  ];
}

/** SIM broker, router and manager over a FixedMarket (CE 120.05, PE 110.00) at T0, recording events. */
export function setup(brokerOptions: Partial<SimBrokerOptions> = {}) {
  const market = new FixedMarket().setPrice(CE, 120.05).setPrice(PE, 110);
  const clock = new VirtualClock(T0);
  const broker = new SimBroker({ market, clock, accounts: [{ id: 'SIM-1' }], ...brokerOptions });
  const router = new BrokerRouter([broker]);
  const manager = new PositionManager({ router, market, clock });
  const events: PositionEvent[] = [];
  manager.onEvent((e) => events.push(e));
  const enter = (over: Partial<EnterArgs> = {}) =>
    manager.enter({
      deploymentId: 'dep-1',
      mode: 'sim',
      accountId: 'SIM-1',
      legs: shortStraddle(),
      risk: {},
      orderType: 'MARKET',
      limitOffsetPct: 0,
      idempotencyKey: 'sig-1',
      ...over,
    });
  return { market, clock, broker, router, manager, events, enter };
}
