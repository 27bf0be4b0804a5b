import { useMemo } from 'react';
import { useAppSelector } from '../../store/hooks.ts';
import type { SignalRow } from '../deployments/deployment-schemas.ts';
import { formatPrice, formatRupees } from './format.ts';
import { LineChart } from './LineChart.tsx';
import { selectLive } from './liveSlice.ts';
import { markersOn, type Point } from './series.ts';

const last = (points: readonly Point[]) => points[points.length - 1]?.value ?? null;
const NO_POINTS: Point[] = [];

/** The underlying with the signals on it, the combined premium of the held legs, and the MTM: since the view opened. */
export function LiveCharts({ underlying, signals }: { underlying: string; signals: readonly SignalRow[] }) {
  const live = useAppSelector(selectLive);
  const spots = live.spots[underlying] ?? NO_POINTS;
  const markers = useMemo(() => markersOn(spots, signals), [spots, signals]);
  const mtm = last(live.mtm);
  return (
    <section className="lf-live-charts" aria-label="Charts">
      <LineChart title={underlying} latest={formatPrice(last(spots))} points={spots} markers={markers} color="#2459d6" empty="Waiting for the first tick…" />
      <LineChart title="Combined premium" latest={formatPrice(last(live.premium))} points={live.premium} color="#b86e00" empty="No leg held." />
      <LineChart title="MTM" latest={mtm === null ? '–' : formatRupees(mtm)} points={live.mtm} color="#0f8a83" empty="No position yet." />
    </section>
  );
}
