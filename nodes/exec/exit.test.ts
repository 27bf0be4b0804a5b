import { describe, expect, it } from 'vitest';
import { sent, testContext, testMessage } from '../testing/context.ts';
import { exitExec as node } from './exit.ts';

describe('exec.exit', () => {
  it("closes the deployment's latest open position by default", async () => {
    const { ctx, exits } = testContext();
    const msg = testMessage({}, { action: 'EXIT' });
    const out = sent(await node.run(ctx, msg, node.params.parse({})), 'out');
    expect(exits).toEqual([{ scope: 'group', reason: 'tradingview EXIT', signal: msg.signal }]);
    expect(out.vars).toEqual({ orders: [], exitedGroupIds: ['g1'] });
    expect(node.summary(node.params.parse({}))).toBe('Exit position');
  });

  it('closes the group and leg named by a position event', async () => {
    const { ctx, exits } = testContext();
    const msg = testMessage({ vars: { groupId: 'g7', legId: 'straddle.pe' } }, { source: 'position' });
    await node.run(ctx, msg, node.params.parse({ scope: 'group' }));
    await node.run(ctx, msg, node.params.parse({ scope: 'leg' }));
    await node.run(ctx, msg, node.params.parse({ scope: 'leg', legId: 'straddle.ce' }));
    expect(exits.map(({ signal: _s, reason: _r, ...scope }) => scope)).toEqual([
      { scope: 'group', groupId: 'g7' },
      { scope: 'leg', legId: 'straddle.pe', groupId: 'g7' },
      { scope: 'leg', legId: 'straddle.ce', groupId: 'g7' },
    ]);
  });

  it('exits part of the position, by lots or percent, at market or by chasing', async () => {
    const { ctx, exits } = testContext();
    const half = node.params.parse({ portion: { unit: 'pct', value: 50 }, orderType: 'CHASE' });
    await node.run(ctx, testMessage(), half);
    await node.run(ctx, testMessage(), node.params.parse({ scope: 'leg', legId: 'straddle.ce', portion: { unit: 'lots', value: 2 } }));
    expect(exits.map(({ signal: _s, reason: _r, ...rest }) => rest)).toEqual([
      { scope: 'group', portion: { pct: 50 }, orderType: 'CHASE', chase: { everyMs: 2000, maxModifications: 3, offsetTicks: 0 } },
      { scope: 'leg', legId: 'straddle.ce', portion: { lots: 2 } },
    ]);
    expect(node.summary(half)).toBe('Exit position · 50% of each leg · chase at LTP, every 2s ×3, then market');
    expect(node.params.safeParse({ portion: { unit: 'lots', value: 1.5 } }).success).toBe(false);
    expect(node.params.safeParse({ portion: { unit: 'pct', value: 120 } }).success).toBe(false);
  });

  it('closes everything for deployment scope', async () => {
    const { ctx, exits } = testContext();
    const p = node.params.parse({ scope: 'deployment' });
    await node.run(ctx, testMessage({ vars: { groupId: 'g7' } }), p);
    expect(exits[0]?.scope).toBe('deployment');
    expect(exits[0]).not.toHaveProperty('groupId');
    expect(node.summary(p)).toBe('Exit everything');
  });

  it('fails clearly for leg scope with no leg to exit', async () => {
    const { ctx, exits } = testContext();
    await expect(async () => node.run(ctx, testMessage(), node.params.parse({ scope: 'leg' }))).rejects.toThrow(/no leg to exit/);
    expect(exits).toEqual([]);
  });
});
