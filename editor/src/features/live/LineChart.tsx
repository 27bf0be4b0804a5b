import {
  createChart,
  createSeriesMarkers,
  LineSeries,
  TickMarkType,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useRef, useState } from 'react';
import { formatTime } from './format.ts';
import type { Point, SignalMarker } from './series.ts';

interface Props {
  title: string;
  /** The latest value, as the trader reads it beside the title. */
  latest: string;
  points: readonly Point[];
  color: string;
  markers?: readonly SignalMarker[];
  empty: string;
}

interface Drawn {
  chart: IChartApi;
  series: ISeriesApi<'Line'>;
  markers: ISeriesMarkersPluginApi<Time>;
  /** Points drawn last time: a jump of more than one is the history arriving, shown whole. */
  shown: number;
}

const NO_MARKERS: SignalMarker[] = [];
/** lightweight-charts' default pixels per point. */
const DEFAULT_BAR_SPACING = 6;
const EXITS = new Set(['EXIT', 'SELL', 'SHORT', 'FLAT']);

/** The charts read the clock as the tables do (the browser's time zone); the library's own labels are UTC. */
const clock = (time: Time) => formatTime((time as number) * 1000);
const tickLabel = (time: Time, kind: TickMarkType) => {
  const d = new Date((time as number) * 1000);
  if (kind === TickMarkType.Time) return d.toLocaleTimeString('en-IN', { hour12: false, hour: '2-digit', minute: '2-digit' });
  if (kind === TickMarkType.TimeWithSeconds) return clock(time);
  return d.toLocaleDateString('en-IN', { day: 'numeric', month: 'short' });
};

/** Charts draw on a 2D canvas; without one (an old browser, the test DOM) the latest values stay readable. */
const canDraw = () => document.createElement('canvas').getContext('2d') !== null;

/** One live line (lightweight-charts), with optional signal markers; the chart follows `points`. */
export function LineChart({ title, latest, points, color, markers = NO_MARKERS, empty }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const drawn = useRef<Drawn | null>(null);
  const [drawable] = useState(canDraw);

  // The chart is a canvas outside React: created with the element, removed with it.
  useEffect(() => {
    if (!box.current || !drawable) return;
    const chart = createChart(box.current, {
      autoSize: true,
      // Bars as thin as needed to show an hour of seconds (the history) at once.
      timeScale: { timeVisible: true, secondsVisible: true, minBarSpacing: 0.05, tickMarkFormatter: tickLabel },
      localization: { timeFormatter: clock },
      layout: { attributionLogo: true },
    });
    const series = chart.addSeries(LineSeries, { color, lineWidth: 2 });
    drawn.current = { chart, series, markers: createSeriesMarkers(series, []), shown: 0 };
    return () => {
      drawn.current?.chart.remove();
      drawn.current = null;
    };
  }, [color, drawable]);

  useEffect(() => {
    const d = drawn.current;
    if (!d) return;
    d.series.setData(points.map((p) => ({ time: p.time as UTCTimestamp, value: p.value })));
    // A point at a time (live) keeps the trader's scrolling; a history too long for the default spacing is
    // shown whole (a short one already is).
    const time = d.chart.timeScale();
    if (points.length > d.shown + 1 && points.length * DEFAULT_BAR_SPACING > time.width()) time.fitContent();
    d.shown = points.length;
    d.markers.setMarkers(
      markers.map((m) => ({
        time: m.time as UTCTimestamp,
        position: EXITS.has(m.action) ? ('aboveBar' as const) : ('belowBar' as const),
        shape: EXITS.has(m.action) ? ('arrowDown' as const) : ('arrowUp' as const),
        color: EXITS.has(m.action) ? '#c62828' : '#1f8a4c',
        text: `${m.action} (${m.source})`,
      })),
    );
  }, [points, markers]);

  return (
    <figure className="lf-chart">
      <figcaption>
        {title} <strong>{latest}</strong>
      </figcaption>
      <div
        ref={box}
        className="lf-chart-canvas"
        role="img"
        aria-label={`${title} chart${points.length === 0 ? `: ${empty}` : markers.length > 0 ? `, ${markers.length} signal${markers.length === 1 ? '' : 's'} marked` : ''}`}
      />
      {(!drawable || points.length === 0) && <p className="lf-muted">{drawable ? empty : 'This browser cannot draw the chart; the latest value is above.'}</p>}
    </figure>
  );
}
