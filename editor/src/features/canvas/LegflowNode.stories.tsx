/** The test-run trace on canvas nodes: a node that ran (with its duration) and one that failed (red, with its message). */
import type { Meta, StoryObj } from '@storybook/react-vite';
import { storyStore, withStore } from '../../testing/story-store.tsx';
import type { RunRecord, TraceStep } from '../../api/schemas.ts';
import { emptyDoc, type GraphDoc } from '../graph/graph-doc.ts';
import { Canvas } from './Canvas.tsx';

const doc: GraphDoc = {
  ...emptyDoc('Trace'),
  nodes: [
    { id: 'tv', type: 'source.tradingview', typeVersion: 1, position: { x: 0, y: 40 }, params: { channel: 'nifty-straddle' } },
    { id: 'straddle', type: 'legs.strategy', typeVersion: 1, position: { x: 280, y: 40 }, params: { preset: 'straddle', side: 'SELL', lots: 1 } },
    { id: 'enter', type: 'exec.enter', typeVersion: 1, position: { x: 560, y: 40 }, params: {} },
  ],
  edges: [
    { id: 'e1', source: 'tv', sourceHandle: 'signal', target: 'straddle', targetHandle: 'in' },
    { id: 'e2', source: 'straddle', sourceHandle: 'legs', target: 'enter', targetHandle: 'in' },
  ],
};

const message = { action: 'ENTRY', channel: 'nifty-straddle', source: 'tradingview' };
const step = (nodeId: string, type: string, durationUs: number, output: TraceStep['output'], error?: string): TraceStep => ({
  nodeId,
  type,
  label: nodeId,
  status: error ? 'failed' : 'ok',
  startedAt: 0,
  durationUs,
  input: message,
  output,
  ...(error ? { error } : {}),
});

function traced(steps: TraceStep[], status: RunRecord['status']) {
  return () =>
    storyStore(doc, [], {
      testRun: {
        sample: '',
        status: 'done',
        error: null,
        run: { signalId: 's_1', status, startedAt: 0, durationUs: steps.reduce((t, s) => t + s.durationUs, 0), steps },
      },
    });
}

function TracedCanvas() {
  return (
    <div className="lf-story-canvas" style={{ height: '100vh' }}>
      <Canvas />
    </div>
  );
}

export default { title: 'Canvas/Test-run trace', render: () => <TracedCanvas /> } satisfies Meta;

export const AllRan: StoryObj = {
  decorators: [
    withStore(
      traced(
        [
          step('tv', 'source.tradingview', 40, { signal: [message] }),
          step('straddle', 'legs.strategy', 1250, {
            legs: [
              {
                ...message,
                legs: [
                  { id: 'ce', symbol: 'NIFTY01DEC2626000CE', side: 'SELL', qty: 65 },
                  { id: 'pe', symbol: 'NIFTY01DEC2626000PE', side: 'SELL', qty: 65 },
                ],
              },
            ],
          }),
          step('enter', 'exec.enter', 3400, { out: [message] }),
        ],
        'completed',
      ),
    ),
  ],
};

export const OneFailed: StoryObj = {
  decorators: [
    withStore(
      traced(
        [
          step('tv', 'source.tradingview', 40, { signal: [message] }),
          step('straddle', 'legs.strategy', 980, {}, 'no NIFTY 2026-12-01 CE option with a premium near ₹100 within 40 strikes of ATM'),
        ],
        'failed',
      ),
    ),
  ],
};
