import { describe, expect, it } from 'vitest';
import { sent, testContext, testLeg, testMessage } from '../testing/context.ts';
import { enterExec as node } from './enter.ts';

describe('exec.enter', () => {
  const sellCe = testLeg({ id: 'ic.ce', side: 'SELL' });
  const buyCe = testLeg({ id: 'ic.ce-wing', side: 'BUY', strike: 26200 });
  const sellPe = testLeg({ id: 'ic.pe', side: 'SELL', optionType: 'PE' });
  const buyPe = testLeg({ id: 'ic.pe-wing', side: 'BUY', optionType: 'PE', strike: 25800 });

  it('places BUY legs before SELL legs, keeping their order otherwise, with the path risk', async () => {
    const { ctx, enters } = testContext();
    const risk = { mtmStopLoss: 5000, squareOffAt: '15:15' };
    const msg = testMessage({ legs: [sellPe, buyPe, sellCe, buyCe], risk });
    const out = sent(await node.run(ctx, msg, node.params.parse({})), 'out');
    expect(enters).toHaveLength(1);
    expect(enters[0]?.legs.map((l) => l.id)).toEqual(['ic.pe-wing', 'ic.ce-wing', 'ic.pe', 'ic.ce']);
    expect(enters[0]).toMatchObject({ risk, orderType: 'MARKET', limitOffsetPct: 0, signal: msg.signal });
    expect(out.vars.groupId).toBe('g1');
    expect(out.vars.orders).toHaveLength(4);
    expect(out.legs).toBe(msg.legs);
  });

  it('warns once per expiry when entering legs that expire in a provisional calendar year, saying what to load', async () => {
    const { ctx, logs, enters } = testContext();
    const jan27 = { expiry: '2027-01-25', symbol: 'NIFTY25JAN2726000CE' };
    const legs = [testLeg({ id: 's.ce', ...jan27 }), testLeg({ id: 's.pe', optionType: 'PE', ...jan27, symbol: 'NIFTY25JAN2726000PE' }), sellCe];
    await node.run(ctx, testMessage({ legs }), node.params.parse({}));
    expect(enters[0]?.legs).toHaveLength(3); // entered all the same
    expect(logs).toEqual([
      {
        level: 'warn',
        message:
          "NIFTY expiry 2027-01-25 is in NSE's provisional 2027 holiday calendar: the exchange has not published its 2027 list, " +
          'so a holiday may still move this expiry. Load the list when it is out: legflow calendar load <file> --exchange NSE --year 2027',
        fields: { underlying: 'NIFTY', exchange: 'NSE', expiry: '2027-01-25' },
      },
    ]);
  });

  it('passes the limit offset only for LIMIT orders', async () => {
    const { ctx, enters } = testContext();
    await node.run(ctx, testMessage({ legs: [sellCe] }), node.params.parse({ orderType: 'LIMIT', limitOffsetPct: 0.5 }));
    await node.run(ctx, testMessage({ legs: [sellCe] }), node.params.parse({ limitOffsetPct: 0.5 }));
    expect(enters.map((e) => [e.orderType, e.limitOffsetPct])).toEqual([
      ['LIMIT', 0.5],
      ['MARKET', 0],
    ]);
    const limit = node.params.parse({ orderType: 'LIMIT', limitOffsetPct: 0.5 });
    expect(node.summary(limit)).toBe('LIMIT ±0.5% · BUY legs first');
  });

  it('passes the chase settings for CHASE, and the position to join for add-to-open', async () => {
    const { ctx, enters } = testContext();
    const chase = node.params.parse({ orderType: 'CHASE', chase: { everyMs: 5000, maxModifications: 2, offsetTicks: 1 } });
    await node.run(ctx, testMessage({ legs: [sellCe] }), chase);
    const add = node.params.parse({ group: 'add-to-open', groupName: 'main' });
    await node.run(ctx, testMessage({ legs: [buyCe] }), add);
    await node.run(ctx, testMessage({ legs: [sellCe] }), node.params.parse({ groupName: 'main' }));
    expect(enters.map(({ orderType, chase: c, group }) => ({ orderType, chase: c, group }))).toEqual([
      { orderType: 'CHASE', chase: { everyMs: 5000, maxModifications: 2, offsetTicks: 1 }, group: undefined },
      { orderType: 'MARKET', chase: undefined, group: { mode: 'add-to-open', tag: 'main' } },
      { orderType: 'MARKET', chase: undefined, group: { mode: 'new', tag: 'main' } },
    ]);
    expect(node.summary(chase)).toBe('chase 1 tick better than LTP, every 5s ×2, then market · BUY legs first');
    expect(node.summary(add)).toBe('MARKET · add to main · BUY legs first');
    // Defaults keep today's behaviour: market, a new position.
    expect(node.params.parse({})).toMatchObject({ orderType: 'MARKET', group: 'new', groupName: null });
  });

  it('fails clearly when no legs arrive', async () => {
    const { ctx, enters } = testContext();
    await expect(async () => node.run(ctx, testMessage(), node.params.parse({}))).rejects.toThrow(/no legs to enter/);
    expect(enters).toEqual([]);
  });

  it('fails, naming each rejected leg and why, when the broker rejects orders', async () => {
    const { ctx } = testContext();
    const rejecting = {
      ...ctx,
      execution: {
        ...ctx.execution,
        enter: () =>
          Promise.resolve({
            groupId: 'g9',
            orders: [
              {
                ...{ id: 'o1', legId: 'ic.ce', symbol: 'X', side: 'SELL' as const, qty: 65, price: null },
                ...{ type: 'MARKET' as const, status: 'REJECTED' as const, message: 'margin' },
              },
            ],
          }),
      },
    };
    await expect(async () => node.run(rejecting, testMessage({ legs: [sellCe] }), node.params.parse({}))).rejects.toThrow(
      '1 of 1 orders were rejected (ic.ce X: margin)',
    );
  });

  it('places a leg above the freeze quantity as slices of at most the freeze, in whole lots', async () => {
    const { ctx, enters } = testContext();
    // NIFTY freeze 1,800 = 27 lots of 65: 40 lots go out as 27 (1,755) + 13 (845).
    const big = testLeg({ id: 's.ce', side: 'SELL', lots: 40, qty: 2600, stopLoss: { type: 'pct', value: 25 } });
    await node.run(ctx, testMessage({ legs: [big, buyCe] }), node.params.parse({}));
    expect(enters[0]?.legs.map((l) => [l.id, l.lots, l.qty, l.stopLoss?.value])).toEqual([
      ['ic.ce-wing', 1, 65, undefined],
      ['s.ce', 27, 1755, 25],
      ['s.ce#2', 13, 845, 25],
    ]);
  });

  it('asks to queue the orders for the open only when told to; by default a closed exchange refuses the entry', async () => {
    const { ctx, enters } = testContext();
    await node.run(ctx, testMessage({ legs: [sellCe] }), node.params.parse({}));
    const queue = node.params.parse({ whenClosed: 'queue' });
    await node.run(ctx, testMessage({ legs: [sellCe] }), queue);
    expect(enters.map((e) => e.whenClosed)).toEqual([undefined, 'queue']);
    expect(node.params.parse({}).whenClosed).toBe('reject');
    expect(node.summary(queue)).toBe('MARKET · queued for the open when closed · BUY legs first');
  });
});
