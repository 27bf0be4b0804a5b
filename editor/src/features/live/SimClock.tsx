import { useAppSelector } from '../../store/hooks.ts';
import { useMarketClockQuery } from '../deployments/deployments-api.ts';
import type { MarketClock } from '../deployments/deployment-schemas.ts';

const istTime = new Intl.DateTimeFormat('en-IN', { timeZone: 'Asia/Kolkata', hour12: false, hour: '2-digit', minute: '2-digit', second: '2-digit' });
const istDay = new Intl.DateTimeFormat('en-IN', {
  timeZone: 'Asia/Kolkata',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour12: false,
  hour: '2-digit',
  minute: '2-digit',
});

/** How the clock runs, in a trader's words. */
function howItRuns(clock: MarketClock): string {
  if (clock.mode === 'replay') return `practice: trading sessions replayed at ${clock.speed}×, closed hours skipped`;
  if (clock.mode === 'virtual') return 'virtual: moves only when told';
  const nse = clock.exchanges.NSE;
  return nse && !nse.open && nse.nextOpen ? `NSE closed, opens ${istDay.format(new Date(nse.nextOpen))}` : 'the exchange’s own hours';
}

/** The SIM market's time (IST, from the ticks) and how its clock runs: a replayed day is not today. */
export function SimClock() {
  const { data: clock } = useMarketClockQuery();
  const marketTime = useAppSelector((s) => s.live.marketTime);
  if (!clock || marketTime === null) return null;
  return (
    <p className={`lf-sim-clock is-${clock.mode}`} aria-label="SIM clock">
      SIM clock <strong>{istTime.format(new Date(marketTime))} IST</strong> · {howItRuns(clock)}
    </p>
  );
}
