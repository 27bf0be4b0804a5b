import { useMemo } from 'react';
import { useAppSelector } from '../../store/hooks.ts';
import type { SignalRow } from '../deployments/deployment-schemas.ts';
import { formatPrice, formatRupees } from './format.ts';
import { LineChart } from './LineChart.tsx';
import { selectLive } from './liveSlice.ts';
import { markersOn, type Point } from './series.ts';

const last = (points: readonly Point[]) => points[points.length - 1]?.value ?? null;
const NO_POINTS: Point[] = [];

/** The signal list with the history's older signals it no longer holds. */
function withPast(signals: readonly SignalRow[], past: readonly SignalRow[]): readonly SignalRow[] {
  if (past.length === 0) return signals;
  const ids = new Set(signals.map((s) => s.id));
  return [...signals, ...past.filter((s) => !ids.has(s.id))];
}

/**
 * The underlying with the signals on it, the combined premium of the held legs, and the MTM: the server's last
 * hour, then live. `mtmNow`, the server's latest figure, is the MTM read out (the line's last point until then).
 */
export function LiveCharts({ underlying, signals, mtmNow }: { underlying: string; signals: readonly SignalRow[]; mtmNow?: number | undefined }) {
  const live = useAppSelector(selectLive);
  const spots = live.spots[underlying] ?? NO_POINTS;
  const pastSignals = live.pastSignals;
  const markers = useMemo(() => markersOn(spots, withPast(signals, pastSignals)), [spots, signals, pastSignals]);
  const mtm = mtmNow ?? last(live.mtm);
  return (
    <section className="lf-live-charts" aria-label="Charts">
      <LineChart title={underlying} latest={formatPrice(last(spots))} points={spots} markers={markers} color="#2459d6" empty="Waiting for the first tick…" />
      <LineChart title="Combined premium" latest={formatPrice(last(live.premium))} points={live.premium} color="#b86e00" empty="No leg held." />
      <LineChart title="MTM" latest={mtm === null ? '–' : formatRupees(mtm)} points={live.mtm} color="#0f8a83" empty="No position yet." />
    </section>
  );
}
