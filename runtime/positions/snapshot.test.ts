import { describe, expect, it } from 'vitest';
import { SymbolTable } from './group.ts';
import { groupFromSnapshot, groupSnapshotSchema, snapshotOf, snapshotPnl, type GroupSnapshot } from './snapshot.ts';
import { CE, PE, setup } from '../testing/positions.ts';

async function enteredSnapshot(): Promise<GroupSnapshot> {
  const world = setup();
  await world.enter({ risk: { mtmTarget: 500, limits: { maxOpenLots: 4 } } });
  const [group] = world.manager.openGroups();
  if (group === undefined) throw new Error('no group');
  return snapshotOf(group);
}

describe('group snapshots', () => {
  it('parse back from their JSON text unchanged', async () => {
    const snapshot = await enteredSnapshot();
    expect(groupSnapshotSchema.parse(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
  });

  it('refuse a damaged document with the path of what is wrong', async () => {
    const damaged = { ...(await enteredSnapshot()), version: 2 };
    const result = groupSnapshotSchema.safeParse(damaged);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['version']);
    const rupees = await enteredSnapshot();
    const [first] = rupees.legs;
    if (first) first.stopPaise = 150.05;
    expect(groupSnapshotSchema.safeParse(rupees).error?.issues.map((i) => i.path.join('.'))).toEqual(['legs.0.stopPaise']);
  });

  it('rebuild the group with its symbols interned in the new table and its levels as monitor keys', async () => {
    const symbols = new SymbolTable();
    symbols.indexOf('NIFTY01DEC2626100CE');
    const group = groupFromSnapshot(await enteredSnapshot(), symbols, 5);
    expect(group.legs.map((l) => [l.symbol, l.symbolIndex, l.dir, l.stopKey, l.targetKey])).toEqual([
      [CE, 1, -1, -15_005, Number.POSITIVE_INFINITY],
      [PE, 2, -1, -13_750, Number.POSITIVE_INFINITY], // 110 × 1.25 = 137.50
    ]);
    expect([group.mtmTargetPaise, group.mtmStopPaise, group.squareOffMs]).toEqual([50_000, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]);
    expect(snapshotOf(group)).toEqual(await enteredSnapshot());
  });

  it('sum up their P&L in rupees, gross and net of the legs’ charges (what position.updated carries)', async () => {
    const snapshot = await enteredSnapshot();
    snapshot.realisedPaise = 195_325;
    const [ce, pe] = snapshot.legs;
    if (ce) ce.chargesPaise = 3853;
    // An older document without charges counts none.
    if (pe) delete pe.chargesPaise;
    // 1,953.25 gross − 38.53 = 1,914.72 net.
    expect(snapshotPnl(snapshot)).toEqual({ realisedPnl: 1953.25, charges: 38.53, netPnl: 1914.72 });
  });
});
