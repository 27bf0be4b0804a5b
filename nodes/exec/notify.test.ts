import { describe, expect, it } from 'vitest';
import { testContext, testMessage } from '../testing/context.ts';
import { notifyExec as node } from './notify.ts';

describe('exec.notify', () => {
  it('logs the filled-in template and passes the message on', async () => {
    const { ctx, logs } = testContext({ nodeId: 'note' });
    const msg = testMessage({ vars: { groupId: 'g3' } }, { action: 'ENTRY', channel: 'nifty' });
    expect(await node.run(ctx, msg, node.params.parse({}))).toEqual({ out: msg });
    expect(logs).toEqual([{ level: 'info', message: 'ENTRY on nifty · group g3', fields: { nodeId: 'note', signalId: 'sig-1' } }]);
  });

  it('fills symbol, price, vars and alert data; blanks what is missing; evaluates nothing', async () => {
    const { ctx, logs } = testContext();
    const p = node.params.parse({
      level: 'warn',
      message: '{{ symbol }} @ {{price}} x{{vars.lots}} [{{nothing.here}}] {{strategy}} {{legs}} {{1+1}}',
    });
    await node.run(ctx, testMessage({ vars: { lots: 2 } }, { symbol: 'NIFTY', price: 26012.4, data: { strategy: 'orb' } }), p);
    expect(logs[0]).toMatchObject({ level: 'warn', message: 'NIFTY @ 26012.4 x2 [] orb [] {{1+1}}' });
  });

  it('refuses prototype paths in placeholders', () => {
    expect(node.check?.(node.params.parse({ message: 'x {{constructor.name}}' }))?.[0]).toMatch(/not allowed/);
    expect(node.check?.(node.params.parse({}))).toEqual([]);
  });
});
