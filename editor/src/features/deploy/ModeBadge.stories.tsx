/** SIM or live, never to be mistaken: the badge, and the live view's colour edge to edge. */
import '../live/live.css';
import type { Meta, StoryObj } from '@storybook/react-vite';
import type { Mode } from '../deployments/deployment-schemas.ts';
import { ModeBadge } from './ModeBadge.tsx';

function InLiveHeader({ mode }: { mode: Mode }) {
  return (
    <main className={`lf-page lf-live is-${mode}`} aria-label={`Live view, ${mode === 'sim' ? 'SIM' : 'live'}`}>
      <header className="lf-page-head">
        <h1>NIFTY short straddle on TradingView</h1>
        <ModeBadge mode={mode} />
        <span className="lf-status is-running">running</span>
      </header>
    </main>
  );
}

export default { title: 'Live/SIM or live badge', component: InLiveHeader } satisfies Meta<typeof InLiveHeader>;
type Story = StoryObj<typeof InLiveHeader>;

export const Sim: Story = { args: { mode: 'sim' } };
export const Live: Story = { args: { mode: 'live' } };
