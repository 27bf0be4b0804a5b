import { describe, expect, it } from 'vitest';
import { FunctionCallError, type FunctionsPort } from '../../runtime/functions.ts';
import { sent, testContext, testLeg, testMessage } from '../testing/context.ts';
import { pythonTransform as node } from './python.ts';

/** A function service that answers every call with `answer` (or fails with it) and records the calls. */
function functions(answer: unknown | Error) {
  const calls: Array<{ name: string; payload: unknown; timeoutMs: number }> = [];
  const port: FunctionsPort = {
    call: (name, payload, { timeoutMs }) => {
      calls.push({ name, payload, timeoutMs });
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
  return { port, calls };
}

const params = (p: Record<string, unknown> = {}) => node.params.parse({ function: 'vol_filter', ...p });

describe('transform.python', () => {
  it('sends the message with where it runs, and sets the vars the function returns', async () => {
    const f = functions({ vars: { vol: 0.14, ok: true } });
    const { ctx } = testContext({ functions: f.port, nodeId: 'py' });
    const msg = testMessage({ vars: { keep: 1 }, legs: [testLeg()] });
    const out = sent(await node.run(ctx, msg, params({ timeoutMs: 1500 })), 'out');
    expect(out).toEqual({ ...msg, vars: { keep: 1, vol: 0.14, ok: true } });
    expect(f.calls).toEqual([
      {
        name: 'vol_filter',
        timeoutMs: 1500,
        payload: { signal: msg.signal, vars: { keep: 1 }, legs: msg.legs, deployment: { id: 'dep-1', mode: 'sim' }, nodeId: 'py' },
      },
    ]);
  });

  it('replaces the legs, deriving symbol, lot size and quantity from the instrument file', async () => {
    const returned = { ...testLeg(), strike: 26100, lots: 2, qty: 1, symbol: 'WRONG', stopLoss: { type: 'pct', value: 30 }, target: null };
    const { ctx } = testContext({ functions: functions({ legs: [returned] }).port });
    const out = sent(await node.run(ctx, testMessage({ legs: [testLeg()] }), params()), 'out');
    expect(out.legs).toEqual([testLeg({ strike: 26100, lots: 2, qty: 130, symbol: 'NIFTY06JAN2626100CE', stopLoss: { type: 'pct', value: 30 } })]);
  });

  it('takes futures legs too: this month’s or next month’s future, symbol rebuilt, strike 0', async () => {
    const fut = { ...testLeg(), id: 'hedge', optionType: 'FUT', side: 'BUY', strike: 0, expiry: '2026-01-27', symbol: 'WRONG' };
    const { ctx } = testContext({ functions: functions({ legs: [fut] }).port });
    const out = sent(await node.run(ctx, testMessage(), params()), 'out');
    expect(out.legs).toEqual([testLeg({ id: 'hedge', optionType: 'FUT', side: 'BUY', strike: 0, expiry: '2026-01-27', symbol: 'NIFTY27JAN26FUT' })]);
    const weekly = testContext({ functions: functions({ legs: [{ ...fut, expiry: '2026-01-13' }] }).port });
    await expect(node.run(weekly.ctx, testMessage(), params())).rejects.toThrow(
      'returned future hedge expiring 2026-01-13; NIFTY futures here expire 2026-01-27 or 2026-02-24',
    );
  });

  it('stops the path when the function returns None', async () => {
    const { ctx } = testContext({ functions: functions(null).port });
    expect(await node.run(ctx, testMessage(), params())).toBeUndefined();
  });

  it('fails naming the function and the cause: no worker, a timeout, an exception', async () => {
    for (const [code, cause] of [
      ['no_worker', 'no worker serves it'],
      ['timeout', 'no answer within 2000 ms'],
      ['raised', 'raised ValueError: no quotes'],
    ] as const) {
      const { ctx } = testContext({ functions: functions(new FunctionCallError(code, cause)).port });
      await expect(node.run(ctx, testMessage(), params())).rejects.toThrow(`Python function "vol_filter": ${cause}`);
    }
  });

  it('says so when there is no function service at all', async () => {
    const { ctx } = testContext();
    await expect(node.run(ctx, testMessage(), params())).rejects.toThrow('Python function "vol_filter": no Python functions in this test');
  });

  it('refuses an answer it cannot use, saying what is wrong', async () => {
    for (const [answer, problem] of [
      [true, 'answer:'],
      [{ vars: { 'bad name': 1 } }, 'vars.bad name'],
      [{ vars: { x: 1 }, orders: [] }, 'orders'],
      [{ legs: [{ ...testLeg(), side: 'SHORT' }] }, 'legs.0.side'],
      [{ legs: [{ ...testLeg(), strike: 26010 }] }, 'strike 26010, which is not a NIFTY strike (every 50)'],
      [{ legs: [{ ...testLeg(), strike: 0 }] }, 'strike 0, which is not a NIFTY strike'],
      [{ legs: [testLeg(), testLeg()] }, 'leg id legs1.1 twice'],
    ] as const) {
      const { ctx } = testContext({ functions: functions(answer).port });
      await expect(node.run(ctx, testMessage(), params()), JSON.stringify(answer)).rejects.toThrow(problem);
    }
  });

  it('on failure "pass" sends the message on unchanged and "stop" ends the path; both log the cause', async () => {
    const failing = functions(new FunctionCallError('timeout', 'no answer within 2000 ms')).port;
    const pass = testContext({ functions: failing });
    const msg = testMessage();
    expect(sent(await node.run(pass.ctx, msg, params({ onFailure: 'pass' })), 'out')).toBe(msg);
    expect(pass.logs.map((l) => [l.level, l.message])).toEqual([
      ['warn', 'Python function "vol_filter": no answer within 2000 ms (the message went on unchanged)'],
    ]);
    const stop = testContext({ functions: failing });
    expect(await node.run(stop.ctx, msg, params({ onFailure: 'stop' }))).toBeUndefined();
    expect(stop.logs[0]?.message).toBe('Python function "vol_filter": no answer within 2000 ms (the path stopped)');
  });

  it('bounds the timeout and checks the name; summarises in one line', () => {
    expect(node.params.safeParse({ timeoutMs: 10 }).success).toBe(false);
    expect(node.params.safeParse({ timeoutMs: 60_000 }).success).toBe(false);
    expect(node.params.safeParse({ function: '1st' }).success).toBe(false);
    expect(node.params.safeParse({ function: 'signals.vol_filter' }).success).toBe(true);
    expect(node.summary(params({ onFailure: 'pass' }))).toBe('vol_filter() · timeout 2 s · on failure: pass on unchanged');
  });
});
