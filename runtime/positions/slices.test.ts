import { describe, expect, it } from 'vitest';
import { CE, PE, leg, setup } from '../testing/positions.ts';

describe('a leg placed in slices', () => {
  it('exiting the leg by id exits every slice of it, and nothing else', async () => {
    const s = setup();
    await s.enter({
      legs: [
        leg({ id: 'ce', symbol: CE, side: 'SELL', lots: 27 }),
        leg({ id: 'ce#2', symbol: CE, side: 'SELL', lots: 13 }),
        leg({ id: 'pe', symbol: PE, side: 'SELL', lots: 1 }),
      ],
    });
    await s.manager.exit({ deploymentId: 'dep-1', scope: 'leg', legId: 'ce', reason: 'EXIT CE' });
    const legs = s.manager.groups('dep-1')[0]!.legs;
    expect(legs.map((l) => [l.id, l.qty, l.status])).toEqual([
      ['ce', 1755, 'closed'],
      ['ce#2', 845, 'closed'],
      ['pe', 65, 'open'],
    ]);
    // Bought back at the price sold: flat. Two BUY orders went out, one per slice.
    expect((await s.broker.orders({ accountId: 'SIM-1' })).filter((o) => o.side === 'BUY').map((o) => o.qty)).toEqual([1755, 845]);
  });
});
