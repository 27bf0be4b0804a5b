import './deploy.css';
import type { Mode } from '../deployments/deployment-schemas.ts';

/** SIM or live, never to be mistaken: its own word, colour and explanation. */
export function ModeBadge({ mode }: { mode: Mode }) {
  return (
    <span className={`lf-mode is-${mode}`} title={mode === 'sim' ? 'Paper trading on a SIM account: no real orders' : 'Real orders on a broker account'}>
      {mode === 'sim' ? 'SIM · paper' : 'LIVE · real money'}
    </span>
  );
}
