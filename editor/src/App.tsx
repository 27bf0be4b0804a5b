import { useMeQuery } from './api/legflow-api.ts';
import { LoginPage } from './features/auth/LoginPage.tsx';
import { selectAuth } from './features/auth/authSlice.ts';
import { EditorPage } from './features/graph/EditorPage.tsx';
import { GraphListPage } from './features/graphs/GraphListPage.tsx';
import { selectPage } from './features/ui/uiSlice.ts';
import { useAppSelector } from './store/hooks.ts';

/** Who is signed in decides between the sign-in page and the rest; the page decides the rest. */
export function App() {
  useMeQuery();
  const { status } = useAppSelector(selectAuth);
  const page = useAppSelector(selectPage);
  if (status === 'checking') return <p className="lf-page">Loading…</p>;
  if (status === 'signedOut') return <LoginPage />;
  return page.name === 'editor' ? <EditorPage graphId={page.graphId} /> : <GraphListPage />;
}
