import './live.css';
import { skipToken } from '@reduxjs/toolkit/query/react';
import { useEffect } from 'react';
import { useAppDispatch, useAppSelector } from '../../store/hooks.ts';
import { ChannelDetails } from '../deploy/ChannelDetails.tsx';
import { ModeBadge } from '../deploy/ModeBadge.tsx';
import { manualTriggers, underlyingOf } from '../deployments/deployment-graph.ts';
import { useVersionQuery } from '../../api/legflow-api.ts';
import { useDeploymentQuery, useOrdersQuery, usePositionsQuery, useSignalsQuery } from '../deployments/deployments-api.ts';
import { navigated } from '../ui/uiSlice.ts';
import { DeploymentControls } from './DeploymentControls.tsx';
import { openLiveFeed } from './live-feed.ts';
import { usePositionTotalsQuery } from './live-api.ts';
import { LiveCharts } from './LiveCharts.tsx';
import { selectConnection } from './liveSlice.ts';
import { OrdersTable } from './OrdersTable.tsx';
import { PositionsPanel } from './PositionsPanel.tsx';
import { SignalHistory } from './SignalHistory.tsx';
import { SimClock } from './SimClock.tsx';
import { BackLink } from '../ui/BackLink.tsx';

const CONNECTION = { connecting: 'Connecting…', live: '● Live', reconnecting: 'Reconnecting…', closed: 'Not connected' } as const;

/** One deployment as it trades: controls, charts, positions, orders and signals, kept current over `/ws`. */
export function LivePage({ deploymentId }: { deploymentId: string }) {
  const dispatch = useAppDispatch();
  const connection = useAppSelector(selectConnection);
  const stoppedBecause = useAppSelector((s) => s.live.stoppedBecause);
  const { data: deployment, error } = useDeploymentQuery(deploymentId);
  const { data: published } = useVersionQuery(deployment ? { id: deployment.graphId, version: deployment.version } : skipToken);
  const { data: signals = [] } = useSignalsQuery(deploymentId);
  const { data: orders = [] } = useOrdersQuery(deploymentId);
  const { data: groups = [] } = usePositionsQuery(deploymentId);
  // Over every group (the positions are the newest page of them): the MTM shown, and the lines' points (liveSlice).
  const { data: totals } = usePositionTotalsQuery(deploymentId);

  // The WebSocket is an outside system: opened with the page, closed when it goes.
  useEffect(() => dispatch(openLiveFeed(deploymentId)), [dispatch, deploymentId]);

  if (error) {
    return (
      <main className="lf-page">
        <p role="alert">{'message' in error ? error.message : 'The deployment could not be loaded.'}</p>
        <button type="button" onClick={() => dispatch(navigated({ name: 'deployments' }))}>
          Back to your deployments
        </button>
      </main>
    );
  }
  if (!deployment) return <p className="lf-page">Loading the deployment…</p>;
  const nodes = published?.graph.nodes ?? [];

  return (
    <main className={`lf-page lf-live is-${deployment.mode}`} aria-label={`Live view, ${deployment.mode === 'sim' ? 'SIM' : 'live'}`}>
      <header className="lf-page-head">
        <BackLink to={{ name: 'deployments' }} label="Deployments" />
        <h1>
          {published?.graph.name ?? deployment.graphId} <span className="lf-muted">v{deployment.version}</span>
        </h1>
        <ModeBadge mode={deployment.mode} />
        <span className={`lf-status is-${deployment.status}`}>{deployment.status}</span>
        <span className={`lf-connection is-${connection}`} role="status">
          {CONNECTION[connection]}
        </span>
        <button type="button" className="lf-link" onClick={() => dispatch(navigated({ name: 'editor', graphId: deployment.graphId }))}>
          Open the graph
        </button>
      </header>
      <p className="lf-muted">
        Account {deployment.accountId}
        {deployment.multiplier > 1 ? ` · every leg × ${deployment.multiplier}` : ''} · deployed {new Date(deployment.createdAt).toLocaleString()}
      </p>
      {deployment.mode === 'sim' && <SimClock />}
      {deployment.schedule && (
        <p className={`lf-schedule-state is-${deployment.schedule.open ? 'open' : 'closed'}`} title={deployment.schedule.closedBecause}>
          Schedule: takes signals {deployment.schedule.description} · {deployment.schedule.open ? 'open now' : 'closed now: a signal is recorded as skipped'}
        </p>
      )}
      {stoppedBecause && (
        <p role="alert" className="lf-error-text">
          Legflow stopped this deployment ({stoppedBecause}); it takes no signal until you start it again.
        </p>
      )}
      <DeploymentControls deployment={deployment} triggers={manualTriggers(nodes)} />
      <LiveCharts underlying={underlyingOf(nodes)} signals={signals} mtmNow={totals?.mtm} />
      <div className="lf-live-grid">
        <PositionsPanel groups={groups} />
        <OrdersTable orders={orders} />
        <SignalHistory signals={signals} />
        <details className="lf-live-panel">
          <summary>Webhook URL, secret and alert message</summary>
          <ChannelDetails channels={deployment.channels ?? []} />
        </details>
      </div>
    </main>
  );
}
