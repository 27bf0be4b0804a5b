/**
 * Every node type as the trader meets it: on the canvas (title, summary from its definition, ports, badge)
 * beside its inspector form. One line per catalogue entry (CSF needs a named export per story); the
 * Storybook build test checks that no entry is missing.
 */
import type { Meta, StoryObj } from '@storybook/react-vite';
import { Canvas } from '../editor/src/features/canvas/Canvas.tsx';
import { emptyDoc, nodeIdFor, type GraphDoc } from '../editor/src/features/graph/graph-doc.ts';
import { Inspector } from '../editor/src/features/inspector/Inspector.tsx';
import { storyNodeTypes, storyStore, withStore } from '../editor/src/testing/story-store.tsx';

export default { title: 'Nodes/Each node type' } satisfies Meta;

function NodeAndForm() {
  return (
    <div className="lf-story-node">
      <div className="lf-story-canvas">
        <Canvas />
      </div>
      <Inspector />
    </div>
  );
}

/** One node of `type` with its default params, selected, so the inspector shows its form. */
function nodeStory(type: string): StoryObj {
  const described = storyNodeTypes.find((t) => t.type === type);
  if (!described) throw new Error(`${type} is not in the catalogue`);
  const id = nodeIdFor(type, emptyDoc());
  const doc: GraphDoc = {
    ...emptyDoc(described.title),
    nodes: [{ id, type, typeVersion: described.version, position: { x: 40, y: 60 }, params: described.defaults }],
  };
  return { name: described.title, decorators: [withStore(() => storyStore(doc, [id]))], render: () => <NodeAndForm /> };
}

export const SourceTradingview = nodeStory('source.tradingview');
export const SourcePython = nodeStory('source.python');
export const SourceSchedule = nodeStory('source.schedule');
export const SourceManual = nodeStory('source.manual');
export const SourcePrice = nodeStory('source.price');
export const SourcePosition = nodeStory('source.position');
export const TransformCondition = nodeStory('transform.condition');
export const TransformSwitch = nodeStory('transform.switch');
export const TransformSet = nodeStory('transform.set');
export const TransformTimeWindow = nodeStory('transform.time-window');
export const TransformDedupe = nodeStory('transform.dedupe');
export const TransformDelay = nodeStory('transform.delay');
export const TransformPython = nodeStory('transform.python');
export const LegsOption = nodeStory('legs.option');
export const LegsStrategy = nodeStory('legs.strategy');
export const LegsFuture = nodeStory('legs.future');
export const RiskLeg = nodeStory('risk.leg');
export const RiskCombined = nodeStory('risk.combined');
export const RiskLimits = nodeStory('risk.limits');
export const RiskSquareOff = nodeStory('risk.square-off');
export const ExecEnter = nodeStory('exec.enter');
export const ExecExit = nodeStory('exec.exit');
export const ExecNotify = nodeStory('exec.notify');
