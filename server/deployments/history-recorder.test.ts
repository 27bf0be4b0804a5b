import { describe, expect, it } from 'vitest';
import { registry } from '../../nodes/catalogue.ts';
import { compileGraph } from '../../runtime/plan.ts';
import type { GroupView } from '../../runtime/positions/types.ts';
import shortStraddle from '../../templates/short-straddle.graph.json' with { type: 'json' };
import { DeploymentHistory } from './history-recorder.ts';

const plan = compileGraph(shortStraddle, registry);
const leg = {
  id: 'ce',
  symbol: 'CE',
  side: 'SELL',
  lots: 1,
  qty: 65,
  status: 'open',
  entryPrice: 100,
  stopPrice: null,
  targetPrice: null,
  exitPrice: null,
  exitReason: null,
  realisedPnl: 0,
  waitingFor: null,
  charges: 0,
};
const group = {
  id: 'g',
  deploymentId: 'd1',
  accountId: 'a',
  mode: 'sim',
  status: 'open',
  createdAt: 0,
  closedAt: null,
  realisedPnl: 0,
  charges: 20,
  netPnl: -20,
  legs: [leg],
} as unknown as GroupView;

describe('DeploymentHistory', () => {
  it('keeps the newest samples up to its capacity, oldest first', () => {
    let spot = 26_000;
    const h = new DeploymentHistory({ spot: () => spot, ltp: () => undefined, openGroups: () => [], closedNetPaise: () => 0 }, () => [{ id: 'd1', plan }], 3);
    for (let s = 1; s <= 5; s++) {
      spot += 10;
      h.sample(s * 1000);
    }
    h.sample(5000); // the same second again: passed over
    expect(h.read('d1')).toEqual({
      underlying: 'NIFTY',
      time: [3000, 4000, 5000],
      spot: [26_030, 26_040, 26_050],
      premium: [null, null, null],
      mtm: [0, 0, 0],
    });
    expect(h.read('d1', 4000)?.time).toEqual([4000, 5000]);
    expect(h.read('d1', 0, 1)?.time).toEqual([5000]);
    expect(h.read('nope')).toBeNull();
  });

  it('goes on sampling a stopped deployment while it holds legs, at their LTPs', () => {
    let running = [{ id: 'd1', plan }];
    let ltp = 90;
    const h = new DeploymentHistory(
      { spot: () => 26_000, ltp: () => ltp, openGroups: (id) => (id === 'd1' ? [group] : []), closedNetPaise: () => 0 },
      () => running,
      10,
    );
    h.sample(1000);
    running = [];
    ltp = 80;
    h.sample(2000);
    // Sold at 100: 65 × 10 = ₹650 and 65 × 20 = ₹1,300 open, less ₹20 charges.
    expect(h.read('d1')).toMatchObject({ premium: [90, 80], mtm: [630, 1280] });
  });

  it('adds the net of the closed groups, as the manager sums them, to the open groups at their LTPs', () => {
    let closedNetPaise = 61_035 - 130_010;
    const open: GroupView[] = [];
    const h = new DeploymentHistory(
      { spot: () => 26_000, ltp: () => 95, openGroups: () => open, closedNetPaise: () => closedNetPaise },
      () => [{ id: 'd1', plan }],
      10,
    );
    h.sample(1000);
    open.push(group);
    h.sample(2000);
    closedNetPaise += 9_990;
    h.sample(3000);
    // 610.35 − 1,300.10 = −689.75; then the open group: −20 charges + 65 × (100 − 95) = 305; then 99.90 more closed.
    expect(h.read('d1')?.mtm).toEqual([-689.75, -384.75, -284.85]);
  });

  it('lets a stopped deployment holding nothing go once passed over for as many samplings as it keeps', () => {
    let running = [{ id: 'd1', plan }];
    const h = new DeploymentHistory({ spot: () => 26_000, ltp: () => undefined, openGroups: () => [], closedNetPaise: () => 0 }, () => running, 3);
    h.sample(1000);
    running = [];
    for (const t of [2000, 3000]) h.sample(t);
    expect(h.read('d1')?.time).toEqual([1000]);
    h.sample(4000);
    expect(h.read('d1')).toBeNull();
    expect(h.size).toBe(0);
  });
});
