import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry } from '../../../nodes/catalogue.ts';
import { Kernel } from '../../kernel/kernel.ts';
import { toPaise, toRupees } from '../../money.ts';
import { compileGraph } from '../../plan.ts';
import { tvSignal } from '../../testing/graph.ts';
import { istToMs } from '../../time.ts';
import { historyEnvironment } from './history-environment.ts';
import { handQuote, quoteAroundLtp } from './testing/hand-quote.ts';
import { flat, minuteBars } from './testing/minute-bars.ts';

/** SELL the NIFTY ATM CE and PE on ENTRY, 25 % stop per leg, square-off at 15:15. */
const straddle = compileGraph(JSON.parse(readFileSync(new URL('../../../templates/short-straddle.graph.json', import.meta.url), 'utf8')), registry);

const DATE = '2026-11-25';
const at = (hhmm: string) => istToMs(DATE, hhmm);
/** The current NIFTY weekly on Wed 25 Nov 2026: Tue 1 Dec, 15:30 IST. */
const EXPIRY = istToMs('2026-12-01', '15:30');
const VOL = 0.12;
const LOT = 65;
const onTick = (x: number) => Number((Math.round(x / 0.05) * 0.05).toFixed(2));

/**
 * NIFTY minute bars of Wed 25 Nov 2026: flat at 26,000 to 10:14, 26,050 from 10:15 (the call dearer, not
 * yet at its stop), 26,100 from 10:30 to the close (the call past its stop).
 */
const BARS = minuteBars(DATE, '09:15', [...flat(26_000, 60), ...flat(26_050, 15), ...flat(26_100, 300)]);

async function playDay() {
  const kernel = new Kernel(historyEnvironment({ underlyings: { NIFTY: { bars: BARS, volatility: { kind: 'constant', vol: VOL } } } }));
  const deployment = kernel.deploy(straddle, { id: 'dep-1' });
  const events: string[] = [];
  kernel.hooks.on('position:risk', (e) => events.push(`${new Date(e.time).toISOString()} ${e.type}`));
  while (kernel.clock.now() < at('15:30')) {
    await kernel.tick(60_000);
    if (kernel.clock.now() === at('10:00')) await deployment.submit(tvSignal('sig-1', 'ENTRY', at('10:00'), { channel: 'nifty-straddle' }));
  }
  return { kernel, events, orders: await kernel.broker.orders() };
}

describe('the kernel on the history environment', () => {
  it('starts a virtual clock at the first bar, and says its premiums were modelled', () => {
    const env = historyEnvironment({ underlyings: { NIFTY: { bars: BARS, volatility: { kind: 'constant', vol: VOL } } } });
    expect(env.clock.now()).toBe(at('09:15'));
    expect(env.market.spot('NIFTY')).toBe(26_000);
    expect(env.market.inputs()).toMatchObject({ market: 'history', premiums: expect.stringMatching(/^modelled/) as unknown });
  });

  it('sells the straddle at the modelled premiums, stops the call when the bars push it past 25 %, squares off the put at 15:15', async () => {
    const { kernel, events, orders } = await playDay();
    const ce = 'NIFTY01DEC2626000CE';
    const pe = 'NIFTY01DEC2626000PE';
    const filled = (symbol: string, side: 'BUY' | 'SELL') => orders.find((o) => o.symbol === symbol && o.side === side && o.status === 'FILLED')!;

    // Entry at 10:00 on the 26,000 bar: each leg sold at its bid, 1 lot.
    const ceEntry = handQuote(26_000, 26_000, 'CE', at('10:00'), EXPIRY, VOL).bid;
    const peEntry = handQuote(26_000, 26_000, 'PE', at('10:00'), EXPIRY, VOL).bid;
    expect([filled(ce, 'SELL').avgFillPrice, filled(pe, 'SELL').avgFillPrice]).toEqual([ceEntry, peEntry]);
    expect(filled(ce, 'SELL').qty).toBe(LOT);

    // The call's stop: 25 % above its entry, on the tick. 26,050 leaves it short of the stop; the bar to 26,100
    // takes it past, so the call is bought back at the stop price (the spread around it), inside that bar.
    const stop = onTick(ceEntry * 1.25);
    expect(handQuote(26_050, 26_000, 'CE', at('10:29'), EXPIRY, VOL).ltp).toBeLessThan(stop);
    const ceExit = handQuote(26_100, 26_000, 'CE', at('10:30'), EXPIRY, VOL);
    expect(ceExit.ltp).toBeGreaterThanOrEqual(stop);
    const ceExitAsk = quoteAroundLtp(stop).ask;
    expect(filled(ce, 'BUY').avgFillPrice).toBe(ceExitAsk);
    expect(filled(ce, 'BUY').updatedAt).toBe(at('10:30'));

    // The put stays open to the square-off, bought back at its ask on the 26,100 bar at 15:15.
    const peExit = handQuote(26_100, 26_000, 'PE', at('15:15'), EXPIRY, VOL).ask;
    expect(filled(pe, 'BUY').avgFillPrice).toBe(peExit);
    expect(filled(pe, 'BUY').updatedAt).toBe(at('15:15'));
    const iso = (hhmm: string) => new Date(at(hhmm)).toISOString();
    expect(events).toEqual([`${iso('10:30')} leg_stop_hit`, `${iso('15:15')} square_off`, `${iso('15:15')} group_exited`]);

    // Gross P&L by hand; net after the dated schedule's charges on the four fills.
    const gross = toPaise(ceEntry - ceExitAsk + (peEntry - peExit)) * LOT;
    const charges = orders.reduce((sum, o) => sum + toPaise(o.charges ?? 0), 0);
    expect(charges).toBeGreaterThan(0);
    const funds = await kernel.broker.funds(kernel.accountId);
    expect([toPaise(funds.realisedPnl), toPaise(funds.charges), funds.unrealisedPnl]).toEqual([gross, charges, 0]);
    expect(funds.equity).toBe(toRupees(toPaise(1_000_000) + gross - charges));
    expect(kernel.positions.groups('dep-1').map((g) => g.status)).toEqual(['closed']);
  });
});
