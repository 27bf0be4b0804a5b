import { serverEvent } from '../../../../contracts/events.ts';
import type { AppDispatch, RootState, ThunkExtra } from '../../store/store.ts';
import { deploymentsApi } from '../deployments/deployments-api.ts';
import { connectLive, type ConnectionState } from './live-socket.ts';
import { connectionChanged, liveClosed, liveOpened, stoppedByServer, tickReceived } from './liveSlice.ts';
import { liveApi } from './live-api.ts';

const TAGS = ['Signals', 'Orders', 'Positions'] as const;
/** The connection's own frames (greeting, acknowledgements, pong, errors): never an engine event. */
const IGNORED: ReadonlySet<string> = new Set(['welcome', 'subscribed', 'unsubscribed', 'pong', 'error']);

/**
 * Opens the live feed of one deployment: subscribes to its events, its signals and the ticks, and keeps the
 * signals, orders and positions caches current. Signal statuses and orders are patched in place (and the
 * signals fetched again, so a list fetched before a status converges on it); a
 * position change (and, while legs are held, each tick) refetches the positions and their totals, whose
 * answers carry the legs' LTPs. After a reconnection everything is fetched again, so nothing missed stays missing.
 * Returns the function that closes the feed.
 */
export const openLiveFeed =
  (deploymentId: string) =>
  (dispatch: AppDispatch, getState: () => RootState, extra: ThunkExtra): (() => void) => {
    dispatch(liveOpened(deploymentId));
    // The charts from before the view opened; live events append after (or fill in) what it brings.
    // With it, the SIM clock's time, so the lines sit on the market's time line from the first answer on.
    const loadHistory = () => {
      void dispatch(deploymentsApi.endpoints.marketClock.initiate(undefined, { subscribe: false, forceRefetch: true }));
      void dispatch(deploymentsApi.endpoints.history.initiate(deploymentId, { subscribe: false, forceRefetch: true }));
    };
    loadHistory();
    const refetch = (tags: ReadonlyArray<(typeof TAGS)[number]>) =>
      dispatch(deploymentsApi.util.invalidateTags(tags.map((type) => ({ type, id: deploymentId }))));
    let dropped = false;

    const onFrame = (raw: unknown) => {
      // The server's own event contract; what the live view does not read (welcome, pong, run steps) is passed over.
      const parsed = serverEvent.safeParse(raw);
      if (!parsed.success) {
        // A frame this editor cannot read may have carried a change: read the lists again rather than show stale ones.
        if (typeof raw === 'object' && raw !== null && !IGNORED.has(String((raw as { type?: unknown }).type))) refetch(TAGS);
        return;
      }
      const frame = parsed.data;
      switch (frame.type) {
        case 'tick': {
          dispatch(tickReceived(frame.data));
          // Held legs anywhere in the history (an old open group may be past the positions' page).
          const totals = liveApi.endpoints.positionTotals.select(deploymentId)(getState()).data;
          if (totals && totals.heldLegs > 0) refetch(['Positions']);
          break;
        }
        case 'signal.received':
          refetch(['Signals']);
          break;
        case 'signal.status':
          dispatch(
            deploymentsApi.util.updateQueryData('signals', deploymentId, (rows) => {
              const row = rows.find((r) => r.id === frame.data.signalId);
              if (row) row.status = frame.data.status;
            }),
          );
          // The list may be on its way from before this status (a signal just received): fetch it again after.
          refetch(['Signals']);
          break;
        case 'order.updated':
          if (frame.data.deploymentId !== deploymentId) break;
          dispatch(
            deploymentsApi.util.updateQueryData('orders', deploymentId, (rows) => {
              const i = rows.findIndex((o) => o.id === frame.data.order.id);
              if (i >= 0) rows[i] = frame.data.order;
              else rows.unshift(frame.data.order);
            }),
          );
          // A fill moves the positions (a stopped deployment's groups still change when its legs exit); the
          // list is fetched again too, in case one was on its way from before this order.
          refetch(['Orders', 'Positions']);
          break;
        case 'position.updated':
          if (frame.data.deploymentId === deploymentId) refetch(['Positions']);
          break;
        case 'deployment.stopped':
          if (frame.data.deploymentId !== deploymentId) break;
          dispatch(stoppedByServer(frame.data.reason));
          dispatch(deploymentsApi.util.invalidateTags([{ type: 'Deployments', id: deploymentId }]));
          break;
        case 'run.node':
        case 'backtest.progress':
        case 'backtest.finished':
          // A test run's steps and backtests are other pages' (this feed does not subscribe to them).
          break;
      }
    };

    const onState = (state: ConnectionState) => {
      dispatch(connectionChanged(state));
      if (state === 'reconnecting') dropped = true;
      if (state !== 'live') return;
      // Whatever happened between the first reads and the subscription (or while the socket was down) came
      // as no event: read it all again now that no event can be missed.
      refetch(TAGS);
      if (dropped) loadHistory();
    };

    const feed = connectLive({ open: extra.openSocket, topics: ['signals', 'ticks', `deployment:${deploymentId}`], onFrame, onState });
    return () => {
      feed.close();
      dispatch(liveClosed());
    };
  };
