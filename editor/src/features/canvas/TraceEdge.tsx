import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { useState } from 'react';
import type { MessageSummary } from '../../api/schemas.ts';
import type { FlowEdge } from './flow-elements.ts';

function describe(values: MessageSummary[]): string {
  if (values.length === 0) return 'nothing passed here';
  return values.map((v) => JSON.stringify(v, null, 1).replace(/\n\s*/g, ' ')).join('\n');
}

/** An edge that shows, on hover, what the last test run sent along it. */
export function TraceEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd }: EdgeProps<FlowEdge>) {
  const [hover, setHover] = useState(false);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const values = data?.values ?? null;
  const carried = values !== null && values.length > 0;
  return (
    <>
      <BaseEdge id={id} path={path} {...(markerEnd !== undefined && { markerEnd })} className={carried ? 'lf-edge-carried' : undefined} interactionWidth={24} />
      <path d={path} fill="none" stroke="transparent" strokeWidth={24} onMouseEnter={() => setHover(true)} onMouseLeave={() => setHover(false)} />
      {values !== null && (hover || selected) && (
        <EdgeLabelRenderer>
          <div className="lf-edge-value nodrag nopan" style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }} role="tooltip">
            {describe(values)}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}
