import { describe, expect, it } from 'vitest';
import { registry } from '../nodes/catalogue.ts';
import { GraphInvalidError, compileGraph, type Plan } from './plan.ts';
import { edge, graph, node } from './testing/graph.ts';
import { validateGraph } from './validate.ts';

/** TradingView routes ENTRY to a straddle and EXIT to an exit; nodes listed out of order, placed right to left. */
const straddleGraph = graph(
  [
    node('enter', 'exec.enter', {}, { position: { x: 0, y: 0 } }),
    node('straddle', 'legs.strategy', { lots: 2 }, { label: 'Sell straddle', position: { x: 100, y: 0 } }),
    node('exit', 'exec.exit', { scope: 'deployment' }, { position: { x: 100, y: 200 } }),
    node('route', 'transform.switch', {}, { position: { x: 200, y: 0 } }),
    node('tv', 'source.tradingview', { channel: 'nifty-straddle' }, { position: { x: 300, y: 0 } }),
  ],
  [edge('straddle', 'legs', 'enter'), edge('route', 'case2', 'exit'), edge('route', 'case1', 'straddle'), edge('tv', 'signal', 'route')],
);

function stepOf(plan: Plan, nodeId: string) {
  const step = plan.steps.find((s) => s.nodeId === nodeId);
  if (!step) throw new Error(`no step ${nodeId}`);
  return step;
}

describe('compileGraph', () => {
  it('orders the steps upstream first, ties by node id, whatever the array order or canvas position', () => {
    const plan = compileGraph(straddleGraph, registry);
    expect(plan.steps.map((s) => s.nodeId)).toEqual(['tv', 'route', 'exit', 'straddle', 'enter']);
    expect(plan.steps.map((s) => s.index)).toEqual([0, 1, 2, 3, 4]);
    expect(plan.sources).toEqual([0]);
  });

  it('keeps each step’s definition, its label (or the type’s title) and its params parsed once, defaults filled', () => {
    const plan = compileGraph(straddleGraph, registry);
    const straddle = stepOf(plan, 'straddle');
    expect(straddle.def).toBe(registry.get('legs.strategy'));
    expect(straddle.label).toBe('Sell straddle');
    expect(straddle.params).toMatchObject({ preset: 'straddle', lots: 2, underlying: 'NIFTY', side: 'SELL' });
    expect(stepOf(plan, 'route').label).toBe('Switch');
    expect(stepOf(plan, 'exit').params).toMatchObject({ scope: 'deployment', legId: null, portion: null, orderType: 'MARKET' });
  });

  it('routes each output port to the step index and input port it feeds; ports without connections route nowhere', () => {
    const plan = compileGraph(straddleGraph, registry);
    const at = (id: string) => stepOf(plan, id).index;
    expect([...stepOf(plan, 'route').routes]).toEqual([
      ['case1', [{ step: at('straddle'), port: 'in' }]],
      ['case2', [{ step: at('exit'), port: 'in' }]],
    ]);
    expect([...stepOf(plan, 'tv').routes]).toEqual([['signal', [{ step: at('route'), port: 'in' }]]]);
    expect(stepOf(plan, 'enter').routes.size).toBe(0);
  });

  it('delivers a fan-out in connection id order', () => {
    const plan = compileGraph(
      graph(
        [node('tv', 'source.tradingview'), node('n1', 'exec.notify'), node('n2', 'exec.notify'), node('n3', 'exec.notify')],
        [edge('tv', 'signal', 'n1', 'in', 'z'), edge('tv', 'signal', 'n3', 'in', 'a'), edge('tv', 'signal', 'n2', 'in', 'm')],
      ),
      registry,
    );
    expect(
      stepOf(plan, 'tv')
        .routes.get('signal')
        ?.map((t) => plan.steps[t.step]?.nodeId),
    ).toEqual(['n3', 'n2', 'n1']);
  });

  it('lists the channels the graph listens on, by signal source; schedules and position events have none', () => {
    const plan = compileGraph(
      graph(
        [
          node('tv', 'source.tradingview', { channel: 'nifty-straddle' }),
          node('py', 'source.python', { channel: 'quant.v2' }),
          node('button', 'source.manual'),
          node('at920', 'source.schedule', { time: '09:20' }),
          node('onstop', 'source.position'),
          node('note', 'exec.notify'),
        ],
        ['tv', 'py', 'button', 'at920', 'onstop'].map((id) => edge(id, 'signal', 'note')),
      ),
      registry,
    );
    expect(plan.channels).toEqual([
      { source: 'manual', channel: 'manual', nodeId: 'button' },
      { source: 'python', channel: 'quant.v2', nodeId: 'py' },
      { source: 'tradingview', channel: 'nifty-straddle', nodeId: 'tv' },
    ]);
    expect(plan.sources.map((i) => plan.steps[i]?.nodeId)).toEqual(['at920', 'button', 'onstop', 'py', 'tv']);
  });

  it('refuses an invalid graph with a GraphInvalidError carrying every problem', () => {
    const broken = graph([node('legs', 'legs.strategy', { lots: 0 }), node('enter', 'exec.enter')]);
    const problems = validateGraph(broken, registry).problems;
    expect(problems.length).toBeGreaterThan(1);
    let error: unknown;
    try {
      compileGraph(broken, registry);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(GraphInvalidError);
    expect(error).toBeInstanceOf(Error);
    const invalid = error as GraphInvalidError;
    expect(invalid.name).toBe('GraphInvalidError');
    expect(invalid.problems).toEqual(problems);
    expect(invalid.message).toBe(`The graph has ${problems.length} problems: ${problems.map((p) => p.message).join(' ')}`);
  });

  it('says "1 problem" for a single one', () => {
    expect(() => compileGraph(graph([]), registry)).toThrow(/^The graph has 1 problem: The graph has no signal source/);
  });
});
