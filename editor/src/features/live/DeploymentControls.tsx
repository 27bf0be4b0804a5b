import { useState } from 'react';
import type { ApiErrorBody } from '../../api/client.ts';
import type { ManualTrigger } from '../deployments/deployment-graph.ts';
import type { Deployment } from '../deployments/deployment-schemas.ts';
import { useDeploymentActionMutation, useManualTriggerMutation } from '../deployments/deployments-api.ts';

const messageOf = (e: unknown) => (typeof e === 'object' && e !== null && 'message' in e ? String((e as ApiErrorBody).message) : 'The request failed.');

/** Start, stop, square off, and one button per manual-trigger node of the graph. */
export function DeploymentControls({ deployment, triggers }: { deployment: Deployment; triggers: readonly ManualTrigger[] }) {
  const [act, action] = useDeploymentActionMutation();
  const [press, pressed] = useManualTriggerMutation();
  const [said, setSaid] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const running = deployment.status === 'running';
  const busy = action.isLoading || pressed.isLoading;

  const run = async (what: () => Promise<string>) => {
    setSaid(null);
    try {
      setSaid({ tone: 'info', text: await what() });
    } catch (e) {
      setSaid({ tone: 'error', text: messageOf(e) });
    }
  };

  return (
    <div className="lf-row lf-controls" role="group" aria-label="Deployment controls">
      <button
        type="button"
        disabled={busy || running}
        onClick={() => void run(async () => (await act({ id: deployment.id, action: 'start' }).unwrap(), 'Started: taking signals.'))}
      >
        Start
      </button>
      <button
        type="button"
        disabled={busy || !running}
        onClick={() => void run(async () => (await act({ id: deployment.id, action: 'stop' }).unwrap(), 'Stopped: open legs keep their stops.'))}
      >
        Stop
      </button>
      <button
        type="button"
        disabled={busy}
        onClick={() =>
          void run(async () => (await act({ id: deployment.id, action: 'squareoff' }).unwrap(), 'Square-off sent: every open leg exits at market.'))
        }
      >
        Square off all legs
      </button>
      {triggers.map((t) => (
        <button
          key={t.nodeId}
          type="button"
          className="lf-trigger"
          disabled={busy || !running}
          onClick={() => void run(async () => `${t.label}: signal ${(await press({ id: deployment.id, nodeId: t.nodeId }).unwrap()).status}.`)}
        >
          Fire “{t.label}” ({t.action})
        </button>
      ))}
      {said && (
        <span role={said.tone === 'error' ? 'alert' : 'status'} className={said.tone === 'error' ? 'lf-error-text' : 'lf-muted'}>
          {said.text}
        </span>
      )}
    </div>
  );
}
