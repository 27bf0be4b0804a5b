import { describe, expect, it } from 'vitest';
import { mtmStopPaise } from './group.ts';
import { PositionMonitor } from './monitor.ts';
import { groupFromSnapshot } from './snapshot.ts';
import { SymbolTable } from './group.ts';
import type { GroupSnapshot } from './snapshot.ts';
import { CE, PE, T0, setup } from '../testing/positions.ts';

/** 1-lot (65) short straddle at CE 120.05 / PE 110.00 with a ₹3,000 MTM stop, trailed and locked. */
function lockedStraddle() {
  const s = setup();
  const monitor = new PositionMonitor(s.manager, s.market);
  const snapshots: GroupSnapshot[] = [];
  s.manager.onGroupChange((g) => snapshots.push(g));
  let t = T0;
  const at = async (ce: number, pe: number) => {
    s.market.setPrice(CE, ce).setPrice(PE, pe);
    t += 1_000;
    s.clock.set(t);
    await monitor.evaluate(t);
  };
  const group = () => s.manager.openGroups()[0];
  const risk = { mtmStopLoss: 3000, mtmTrail: { every: 1000, by: 500 }, profitLock: { reach: 2000, lock: 1000, trailEvery: 500, trailBy: 250 } };
  return { ...s, at, group, snapshots, enterLocked: () => s.enter({ risk }) };
}

describe('combined MTM trailing and profit lock', () => {
  it('computes the stop from the best MTM: trail first, then the lock once reached', () => {
    const risk = { mtmStopLoss: 3000, mtmTrail: { every: 1000, by: 500 }, profitLock: { reach: 2000, lock: 1000, trailEvery: 500, trailBy: 250 } };
    expect(mtmStopPaise(risk, 0)).toBe(-300_000);
    expect(mtmStopPaise(risk, 195_000)).toBe(-250_000); // one trail step
    expect(mtmStopPaise(risk, 260_000)).toBe(125_000); // lock 1,000 + 1 × 250 beats −3,000 + 2 × 500
    expect(mtmStopPaise({ profitLock: { reach: 2000, lock: 1000 } }, 500_000)).toBe(100_000); // no trail on the lock
    expect(mtmStopPaise({}, 500_000)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('locks ₹1,250 after the profit peaked at ₹2,600, and exits when it falls back to ₹1,235', async () => {
    const s = lockedStraddle();
    await s.enterLocked();
    // MTM (120.05 − 100.05) × 65 + (110 − 100) × 65 = 1,300 + 650 = ₹1,950: one trail step, stop −₹2,500.
    await s.at(100.05, 100);
    expect(s.group()?.mtmStopPaise).toBe(-250_000);
    // 25 × 65 + 15 × 65 = ₹2,600: the lock is reached, 1 step of 500 above it → ₹1,250.
    await s.at(95.05, 95);
    expect(s.group()?.mtmStopPaise).toBe(125_000);
    expect(s.snapshots.at(-1)).toMatchObject({ peakMtmPaise: 260_000 });
    // Back to 15 × 65 + 10 × 65 = ₹1,625, then 13 × 65 + 7 × 65 = ₹1,300: above the lock, still open.
    await s.at(105.05, 100);
    await s.at(107.05, 103);
    expect(s.events).toEqual([]);
    // 12 × 65 + 7 × 65 = ₹1,235 ≤ ₹1,250: everything is bought back, ₹1,235.00 kept.
    await s.at(108.05, 103);
    expect(s.events.map((e) => [e.type, e.pnl])).toEqual([
      ['mtm_stop_hit', 1235],
      ['group_exited', 1235],
    ]);
    const [group] = s.manager.groups('dep-1');
    expect(group).toMatchObject({ status: 'closed', realisedPnl: 1235 });
    expect(group?.legs.map((l) => [l.exitPrice, l.exitReason])).toEqual([
      [108.05, 'MTM trailing stop / profit lock'],
      [103, 'MTM trailing stop / profit lock'],
    ]);
  });

  it('a restored group keeps its locked stop', async () => {
    const s = lockedStraddle();
    await s.enterLocked();
    await s.at(95.05, 95);
    const restored = groupFromSnapshot(s.snapshots.at(-1)!, new SymbolTable(), 5);
    expect([restored.peakMtmPaise, restored.mtmStopPaise]).toEqual([260_000, 125_000]);
  });
});
