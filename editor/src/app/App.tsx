import { useMeQuery } from '../api/legflow-api.ts';
import { BacktestPage } from '../features/backtest/BacktestPage.tsx';
import { LoginPage } from '../features/auth/LoginPage.tsx';
import { selectAuth } from '../features/auth/authSlice.ts';
import { DeploymentsPage } from './DeploymentsPage.tsx';
import { EditorPage } from './EditorPage.tsx';
import { GraphListPage } from '../features/graphs/GraphListPage.tsx';
import { LivePage } from '../features/live/LivePage.tsx';
import { selectPage } from '../features/ui/uiSlice.ts';
import { UsersPage } from './UsersPage.tsx';
import { useAppSelector } from '../store/hooks.ts';

/** Who is signed in decides between the sign-in page and the rest; the page decides the rest. */
export function App() {
  useMeQuery();
  const { status } = useAppSelector(selectAuth);
  const page = useAppSelector(selectPage);
  if (status === 'checking') return <p className="lf-page">Loading…</p>;
  if (status === 'signedOut') return <LoginPage />;
  switch (page.name) {
    case 'editor':
      return <EditorPage graphId={page.graphId} />;
    case 'deployments':
      return <DeploymentsPage />;
    case 'live':
      return <LivePage deploymentId={page.deploymentId} />;
    case 'users':
      return <UsersPage />;
    case 'backtests':
      return <BacktestPage />;
    default:
      return <GraphListPage />;
  }
}
