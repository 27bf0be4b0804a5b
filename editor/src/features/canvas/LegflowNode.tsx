import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { formatDuration } from '../testrun/trace-view.ts';
import type { FlowNode } from './flow-elements.ts';

/** A node on the canvas: title, one line of params, its ports, whether it is valid, and its test-run trace. */
function LegflowNodeView({ data, selected }: NodeProps<FlowNode>) {
  const { title, typeTitle, summary, type, outputLabels, problems, trace } = data;
  const failed = trace?.status === 'failed';
  const classes = [
    'lf-node',
    selected ? 'is-selected' : '',
    problems.length > 0 ? 'is-invalid' : '',
    failed ? 'is-failed' : '',
    trace?.status === 'ok' ? 'is-ran' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={classes} data-category={type?.category}>
      <div className="lf-node-head">
        <span className="lf-node-title">{title}</span>
        {problems.length > 0 ? (
          <span className="lf-badge lf-badge-warn" title={problems.join('\n')} aria-label={`${problems.length} problem(s): ${problems.join(' ')}`}>
            ⚠ {problems.length}
          </span>
        ) : (
          <span className="lf-badge lf-badge-ok" aria-label="no problems found">
            ✓
          </span>
        )}
      </div>
      {typeTitle && <div className="lf-node-type">{typeTitle}</div>}
      {summary && <div className="lf-node-summary">{summary}</div>}
      {trace && (
        <div className={`lf-node-trace ${failed ? 'is-failed' : 'is-ok'}`} role="status">
          {failed ? '✗ failed' : '✓ ran'} · {formatDuration(trace.durationUs)}
          {trace.runs > 1 ? ` · ${trace.runs}×` : ''}
          {trace.error && <div className="lf-node-error">{trace.error}</div>}
        </div>
      )}
      <div className="lf-node-ports">
        <div>
          {type?.inputs.map((p) => (
            <div key={p.name} className="lf-port lf-port-in" title={`${p.label}: takes ${p.kind}`}>
              <Handle type="target" position={Position.Left} id={p.name} />
              {p.label}
            </div>
          ))}
        </div>
        <div>
          {type?.outputs.map((p) => (
            <div key={p.name} className="lf-port lf-port-out" title={`${p.label}: sends ${p.kind === 'same' ? 'what came in' : p.kind}`}>
              {outputLabels[p.name] ?? p.label}
              <Handle type="source" position={Position.Right} id={p.name} />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

export const LegflowNode = memo(LegflowNodeView);
