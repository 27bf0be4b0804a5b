import { describe, expect, it } from 'vitest';
import { PositionMonitor } from './monitor.ts';
import { CE, PE, T0, leg, setup } from '../testing/positions.ts';

/** NIFTY at 26,000; a short CE and a short PE, each stopped 100 index points against it, target 150 for it. */
function withIndexLevels() {
  const s = setup();
  s.market.setSpot('NIFTY', 26_000);
  const monitor = new PositionMonitor(s.manager, s.market);
  const levels = { underlyingStop: 100, underlyingTarget: 150 };
  const legs = [leg({ id: 'ce', symbol: CE, side: 'SELL', ...levels }), leg({ id: 'pe', symbol: PE, side: 'SELL', ...levels })];
  const at = async (ms: number, spot: number, prices: { ce?: number; pe?: number } = {}) => {
    s.market.setSpot('NIFTY', spot);
    if (prices.ce !== undefined) s.market.setPrice(CE, prices.ce);
    if (prices.pe !== undefined) s.market.setPrice(PE, prices.pe);
    s.clock.set(ms);
    await monitor.evaluate(ms);
  };
  const view = (id: string) => s.manager.groups('dep-1')[0]!.legs.find((l) => l.id === id)!;
  return { ...s, at, view, enterBoth: () => s.enter({ legs }) };
}

describe('leg stop and target on the underlying', () => {
  it('a rally of 100 points stops the sold call out at its premium then; the sold put is untouched until 150 in its favour', async () => {
    const s = withIndexLevels();
    await s.enterBoth();
    await s.at(T0 + 1_000, 26_099.95, { ce: 160 });
    expect(s.events).toEqual([]);
    await s.at(T0 + 2_000, 26_100, { ce: 161.5, pe: 70 });
    // Bought back at the premium of that moment: (120.05 − 161.50) × 65 = −₹2,694.25.
    expect(s.view('ce')).toMatchObject({ status: 'closed', exitPrice: 161.5, exitReason: 'underlying stop-loss', realisedPnl: -2694.25 });
    expect(s.events[0]).toMatchObject({ type: 'leg_stop_hit', legId: 'ce', price: 161.5 });
    expect(s.view('pe').status).toBe('open');
    await s.at(T0 + 3_000, 26_150, { pe: 55 });
    // +150 is 150 in the sold put's favour: target, bought back at 55: (110 − 55) × 65 = ₹3,575.
    expect(s.view('pe')).toMatchObject({ status: 'closed', exitPrice: 55, exitReason: 'underlying target', realisedPnl: 3575 });
  });

  it('a bought call is stopped when the index falls', async () => {
    const s = withIndexLevels();
    await s.enter({ legs: [leg({ id: 'ce', symbol: CE, side: 'BUY', underlyingStop: 50 })] });
    await s.at(T0 + 1_000, 26_050, { ce: 150 });
    expect(s.view('ce').status).toBe('open');
    await s.at(T0 + 2_000, 25_950, { ce: 95 });
    expect(s.view('ce')).toMatchObject({ status: 'closed', exitPrice: 95, exitReason: 'underlying stop-loss' });
  });
});
