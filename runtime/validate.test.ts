import { describe, expect, it } from 'vitest';
import { registry } from '../nodes/catalogue.ts';
import { edge, graph, node } from './testing/graph.ts';
import { validateGraph, type GraphProblem } from './validate.ts';

function problemsOf(raw: unknown): GraphProblem[] {
  const result = validateGraph(raw, registry);
  expect(result.ok).toBe(false);
  return result.problems;
}

const tv = node('tv', 'source.tradingview', { channel: 'nifty' }, { label: 'TV alert' });
const straddle = node('straddle', 'legs.strategy');
const enter = node('enter', 'exec.enter');
const note = node('note', 'exec.notify');

describe('validateGraph: a good graph', () => {
  it('is accepted with every node checked and its params parsed, defaults filled in', () => {
    const result = validateGraph(graph([tv, straddle, enter], [edge('tv', 'signal', 'straddle'), edge('straddle', 'legs', 'enter')]), registry);
    expect(result.problems).toEqual([]);
    if (!result.ok) throw new Error('expected a valid graph');
    expect([...result.nodes.keys()]).toEqual(['tv', 'straddle', 'enter']);
    expect(result.nodes.get('straddle')?.params).toMatchObject({ preset: 'straddle', side: 'SELL', underlying: 'NIFTY', lots: 1 });
    expect(result.graph.description).toBe('');
  });
});

describe('validateGraph: the document itself', () => {
  it.each([null, 42, 'x', [], true])('reports garbage input (%j) as one problem instead of throwing', (raw) => {
    const problems = problemsOf(raw);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'invalid_graph', path: '', message: expect.stringMatching(/^graph: .*expected object/) });
  });

  it('asks for a name when it is missing or blank', () => {
    const { name: _name, ...nameless } = graph([tv]);
    expect(problemsOf(nameless)).toEqual([{ code: 'invalid_graph', path: 'name', message: 'name: a graph needs a name' }]);
    expect(problemsOf({ ...graph([tv]), name: '   ' })).toEqual([{ code: 'invalid_graph', path: 'name', message: 'name: a graph needs a name' }]);
  });

  it('names the node whose id is not allowed', () => {
    const [problem] = problemsOf(graph([node('my node!', 'source.manual')]));
    expect(problem).toEqual({
      code: 'invalid_graph',
      nodeId: 'my node!',
      path: 'nodes.0.id',
      message: 'Node "my node!": id must be 1-64 letters, digits, "_", ".", ":" or "-"',
    });
  });

  it('refuses fields the format does not have, on a node and on the graph (no UI state is saved)', () => {
    const problems = problemsOf({ ...graph([{ ...tv, selected: true }]), viewport: { zoom: 1 } });
    expect(problems).toEqual([
      { code: 'invalid_graph', nodeId: 'tv', path: 'nodes.0', message: 'Node "tv": Unrecognized key: "selected"' },
      { code: 'invalid_graph', path: '', message: 'graph: Unrecognized key: "viewport"' },
    ]);
  });

  it('reports nodes that are not a list, and every broken field of a connection by its id', () => {
    expect(problemsOf({ ...graph([]), nodes: { tv } })).toEqual([
      { code: 'invalid_graph', path: 'nodes', message: expect.stringMatching(/^nodes: .*expected array/) },
    ]);
    const problems = problemsOf(graph([tv], [{ id: 'e1', source: 'tv', sourceHandle: 'signal' }]));
    expect(problems.map((p) => [p.edgeId, p.path])).toEqual([
      ['e1', 'edges.0.target'],
      ['e1', 'edges.0.targetHandle'],
    ]);
    expect(problems[0]?.message).toMatch(/^Connection "e1": target /);
  });
});

describe('validateGraph: nodes', () => {
  it('reports duplicate node ids and duplicate connection ids', () => {
    const problems = problemsOf(
      graph([tv, note, { ...note, label: 'again' }], [edge('tv', 'signal', 'note', 'in', 'e1'), edge('tv', 'signal', 'note', 'in', 'e1')]),
    );
    expect(problems).toContainEqual({ code: 'duplicate_id', nodeId: 'note', message: 'Two nodes share the id "note"; ids must be unique.' });
    expect(problems).toContainEqual({ code: 'duplicate_id', edgeId: 'e1', message: 'Two connections share the id "e1".' });
  });

  it('reports a node type this Legflow does not know', () => {
    expect(problemsOf(graph([tv, node('x', 'transform.magic')], [edge('tv', 'signal', 'x')]))).toEqual([
      { code: 'unknown_node_type', nodeId: 'x', message: 'Node "x" has an unknown type "transform.magic".' },
    ]);
  });

  it('reports a node saved by a newer Legflow instead of guessing its params', () => {
    const problems = problemsOf(graph([tv, { ...note, typeVersion: 3 }], [edge('tv', 'signal', 'note')]));
    expect(problems).toEqual([
      { code: 'newer_node_version', nodeId: 'note', message: '"Notify" (note) was saved by a newer Legflow (version 3; this one knows up to 1).' },
    ]);
  });

  it('reports each invalid param with its path inside the params', () => {
    const legs = node('legs', 'legs.strategy', {
      lots: 0,
      expiry: { kind: 'date' },
      preset: 'custom',
      legs: [{ name: 'hedge', strike: { offset: 99 } }],
    });
    const problems = problemsOf(graph([tv, legs], [edge('tv', 'signal', 'legs')]));
    expect(problems.map((p) => [p.code, p.nodeId, p.path])).toEqual([
      ['invalid_params', 'legs', 'lots'],
      ['invalid_params', 'legs', 'expiry.date'],
      ['invalid_params', 'legs', 'legs.0.strike.offset'],
    ]);
    expect(problems[0]?.message).toBe('"Strategy preset" (legs): lots at least 1 lot');
    expect(problems[1]?.message).toBe('"Strategy preset" (legs): expiry.date pick the expiry date');
  });

  it("reports a node's own checks beyond the schema", () => {
    const problems = problemsOf(graph([tv, straddle, node('mtm', 'risk.combined')], [edge('tv', 'signal', 'straddle'), edge('straddle', 'legs', 'mtm')]));
    expect(problems).toContainEqual({
      code: 'invalid_params',
      nodeId: 'mtm',
      message: '"Combined MTM stop-loss / target" (mtm): set a combined stop-loss, a combined target or a profit lock',
    });
  });

  it('refuses a condition rule that reads __proto__, constructor or prototype', () => {
    for (const path of ['__proto__', 'signal.constructor', 'vars.prototype.x']) {
      const cond = node('cond', 'transform.condition', { rule: { '==': [{ var: path }, 1] } });
      const problems = problemsOf(graph([tv, cond, note], [edge('tv', 'signal', 'cond'), edge('cond', 'true', 'note')]));
      expect(problems).toEqual([{ code: 'invalid_params', nodeId: 'cond', message: expect.stringContaining(`is not allowed in a data path ("${path}")`) }]);
    }
  });

  it('refuses a __proto__ key inside a rule instead of silently dropping it', () => {
    // As it arrives over HTTP: JSON.parse makes "__proto__" an ordinary own key.
    const rule: unknown = JSON.parse('{"==": [1, 1], "__proto__": {"var": "x"}}');
    const cond = node('cond', 'transform.condition', { rule });
    const problems = problemsOf(graph([tv, cond, note], [edge('tv', 'signal', 'cond'), edge('cond', 'true', 'note')]));
    expect(problems).toEqual([
      {
        code: 'invalid_params',
        nodeId: 'cond',
        path: 'rule.__proto__',
        message: '"Condition" (cond): rule.__proto__: the key "__proto__" is not allowed; remove it.',
      },
    ]);
    expect(Object.prototype).not.toHaveProperty('var');
  });
});

describe('validateGraph: connections', () => {
  it('reports a connection to or from a node that does not exist', () => {
    const problems = problemsOf(
      graph([tv, note], [edge('tv', 'signal', 'note'), edge('ghost', 'out', 'note', 'in', 'e2'), edge('tv', 'signal', 'nowhere', 'in', 'e3')]),
    );
    expect(problems).toEqual([
      { code: 'unknown_node', edgeId: 'e2', message: 'Connection "e2" points to a node "ghost" that does not exist.' },
      { code: 'unknown_node', edgeId: 'e3', message: 'Connection "e3" points to a node "nowhere" that does not exist.' },
    ]);
  });

  it('reports ports a node does not have, listing the ones it has', () => {
    const problems = problemsOf(graph([tv, note], [edge('tv', 'signal', 'note'), edge('tv', 'alert', 'note', 'input', 'e2')]));
    expect(problems).toEqual([
      { code: 'unknown_port', edgeId: 'e2', nodeId: 'tv', message: '"TV alert" (tv) has no output "alert" (it has "signal").' },
      { code: 'unknown_port', edgeId: 'e2', nodeId: 'note', message: '"Notify" (note) has no input "input" (it has "in").' },
    ]);
  });

  it('reports a connection that repeats another', () => {
    const problems = problemsOf(graph([tv, note], [edge('tv', 'signal', 'note', 'in', 'e1'), edge('tv', 'signal', 'note', 'in', 'e2')]));
    expect(problems).toEqual([{ code: 'duplicate_edge', edgeId: 'e2', message: 'Connection "e2" repeats another connection.' }]);
  });
});

describe('validateGraph: port kinds', () => {
  it("refuses a source's signal straight into Enter legs, and says what to add", () => {
    expect(problemsOf(graph([tv, enter], [edge('tv', 'signal', 'enter')]))).toEqual([
      {
        code: 'wrong_port_kind',
        edgeId: 'tv-signal-enter',
        nodeId: 'enter',
        message: '"Enter legs" (enter) needs option legs on "Legs", but "TV alert" (tv) sends a signal without legs. Put a leg node before it.',
      },
    ]);
  });

  it('lets legs pass through a condition into Enter legs', () => {
    const cond = node('cond', 'transform.condition');
    const g = graph([tv, straddle, cond, enter], [edge('tv', 'signal', 'straddle'), edge('straddle', 'legs', 'cond'), edge('cond', 'true', 'enter')]);
    expect(validateGraph(g, registry).problems).toEqual([]);
  });

  it('refuses a plain signal that passes through a condition into Enter legs', () => {
    const cond = node('cond', 'transform.condition');
    const problems = problemsOf(graph([tv, cond, enter], [edge('tv', 'signal', 'cond'), edge('cond', 'true', 'enter')]));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'wrong_port_kind',
        edgeId: 'cond-true-enter',
        nodeId: 'enter',
        message: expect.stringContaining('"Condition" (cond) sends a signal without legs'),
      }),
    ]);
  });

  it('refuses a condition fed both legs and a plain signal into Enter legs: only the plain guarantee holds', () => {
    const cond = node('cond', 'transform.condition');
    const problems = problemsOf(
      graph(
        [tv, straddle, cond, enter],
        [edge('tv', 'signal', 'straddle'), edge('straddle', 'legs', 'cond'), edge('tv', 'signal', 'cond'), edge('cond', 'true', 'enter')],
      ),
    );
    expect(problems.map((p) => [p.code, p.edgeId])).toEqual([['wrong_port_kind', 'cond-true-enter']]);
  });

  it('accepts legs into a signal input and into an any input', () => {
    const exit = node('exit', 'exec.exit');
    const g = graph([tv, straddle, exit, note], [edge('tv', 'signal', 'straddle'), edge('straddle', 'legs', 'exit'), edge('straddle', 'legs', 'note')]);
    expect(validateGraph(g, registry).problems).toEqual([]);
  });
});

describe('validateGraph: shape of the flow', () => {
  it('reports a loop naming the nodes in it, by label where they have one', () => {
    const a = node('a', 'transform.delay', {}, { label: 'Wait A' });
    const b = node('b', 'transform.delay');
    const problems = problemsOf(graph([tv, a, b, note], [edge('tv', 'signal', 'a'), edge('a', 'out', 'b'), edge('b', 'out', 'a'), edge('b', 'out', 'note')]));
    expect(problems).toEqual([
      { code: 'cycle', nodeId: 'a', message: 'These nodes feed each other in a loop: Wait A (a) → b → Wait A (a). Remove one of the connections.' },
    ]);
  });

  it('reports a graph with nothing to start it', () => {
    expect(problemsOf(graph([]))).toEqual([
      {
        code: 'missing_source',
        message: 'The graph has no signal source: add a TradingView, Python, schedule, manual or position source so something can start it.',
      },
    ]);
  });

  it('does not claim the source is missing when the source is there with a wrong param', () => {
    const problems = problemsOf(graph([node('tv', 'source.tradingview', { channel: 'nifty straddle' }), note], [edge('tv', 'signal', 'note')]));
    expect(problems.map((p) => [p.code, p.nodeId, p.path])).toEqual([['invalid_params', 'tv', 'channel']]);
  });

  it('reports every input left unconnected', () => {
    const problems = problemsOf(graph([tv, straddle, enter], [edge('straddle', 'legs', 'enter')]));
    expect(problems).toEqual([
      {
        code: 'unconnected_input',
        nodeId: 'straddle',
        message: '"Strategy preset" (straddle) has nothing connected to its input "In"; connect it or remove the node.',
      },
    ]);
  });
});

describe('validateGraph: every problem at once', () => {
  it('reports all the problems of a badly broken graph together, each pinned to its node or connection', () => {
    const problems = problemsOf(
      graph(
        [
          node('tv', 'source.tradingview', { channel: 'bad channel' }),
          node('magic', 'transform.magic'),
          { ...node('future', 'exec.exit'), typeVersion: 2 },
          node('legs', 'legs.strategy', { lots: 0 }),
          node('note', 'exec.notify'),
          node('note', 'exec.notify'),
          node('cond', 'transform.condition', { rule: { var: '__proto__' } }),
          enter,
          node('lonely', 'risk.leg'),
        ],
        [
          edge('tv', 'signal', 'enter', 'in', 'e1'),
          edge('tv', 'signal', 'enter', 'in', 'e1'),
          edge('ghost', 'signal', 'legs', 'in', 'e3'),
          edge('note', 'bogus', 'cond', 'in', 'e4'),
          edge('note', 'out', 'enter', 'in', 'e5'),
        ],
      ),
    );
    expect(problems.map((p) => [p.code, p.nodeId ?? p.edgeId])).toEqual([
      ['invalid_params', 'tv'],
      ['unknown_node_type', 'magic'],
      ['newer_node_version', 'future'],
      ['invalid_params', 'legs'],
      ['duplicate_id', 'note'],
      ['invalid_params', 'cond'],
      ['duplicate_id', 'e1'],
      ['duplicate_edge', 'e1'],
      ['unknown_node', 'e3'],
      ['unknown_port', 'note'],
      ['wrong_port_kind', 'enter'],
      ['unconnected_input', 'note'],
      ['unconnected_input', 'lonely'],
    ]);
    for (const p of problems) expect(p.message.length).toBeGreaterThan(20);
  });
});

describe('settings a node does not know', () => {
  const wired = (legs: ReturnType<typeof node>, risk: ReturnType<typeof node>) =>
    graph([tv, legs, risk, enter], [edge('tv', 'signal', legs.id), edge(legs.id, 'legs', risk.id), edge(risk.id, 'out', 'enter')]);

  it('a misspelt setting is reported, never silently replaced by its default', () => {
    const problems = problemsOf(wired(node('straddle', 'legs.strategy', { lot: 2 }), node('sl', 'risk.leg', { stopLoss: { type: 'pct', valeu: 30 } })));
    expect(problems.map((p) => [p.nodeId, p.path])).toEqual([
      ['straddle', 'lot'],
      ['sl', 'stopLoss.valeu'],
    ]);
    expect(problems[0]!.message).toMatch(/"lot" is not a setting of this node/);
  });

  it('inside lists too (custom legs)', () => {
    const custom = node('custom', 'legs.strategy', {
      preset: 'custom',
      legs: [
        { optionType: 'CE', side: 'SELL', strike: { mode: 'atm', offset: 0 } },
        { optionType: 'PE', sde: 'SELL' },
      ],
    });
    expect(problemsOf(wired(custom, node('sl', 'risk.leg'))).map((p) => p.path)).toEqual(['legs.1.sde']);
  });

  it('free-form places accept any name: JSON Logic rules and computed fields', () => {
    const cond = node('cond', 'transform.condition', { rule: { and: [{ '>': [{ var: 'price' }, 100] }, { in: [{ var: 'action' }, ['ENTRY']] }] } });
    const set = node('set', 'transform.set', { fields: { myLevel: { '*': [{ var: 'price' }, 1.01] }, another: { var: 'symbol' } } });
    const g = graph([tv, cond, set, note], [edge('tv', 'signal', 'cond'), edge('cond', 'true', 'set'), edge('set', 'out', 'note')]);
    expect(validateGraph(g, registry).problems).toEqual([]);
  });
});
