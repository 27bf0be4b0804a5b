import { createChart, LineSeries, type IChartApi, type ISeriesApi } from 'lightweight-charts';
import { useEffect, useRef, useState } from 'react';

export interface CurveLine {
  name: string;
  color: string;
  /** One point per IST date, oldest first (a result's daily curve). */
  points: ReadonlyArray<{ date: string; value: number }>;
}

/** Charts draw on a 2D canvas; without one (an old browser, the test DOM) the caption still says what is drawn. */
const canDraw = () => document.createElement('canvas').getContext('2d') !== null;

/** Lines over trading dates (lightweight-charts, a business day per point): an equity or a drawdown curve, or two runs' curves on one chart. */
export function CurvesChart({ title, lines, note }: { title: string; lines: readonly CurveLine[]; note?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<Array<ISeriesApi<'Line'>>>([]);
  const [drawable] = useState(canDraw);

  // The chart is a canvas outside React: made with the element, removed with it.
  useEffect(() => {
    if (!box.current || !drawable) return;
    chart.current = createChart(box.current, { autoSize: true, layout: { attributionLogo: true }, timeScale: { timeVisible: false } });
    return () => {
      chart.current?.remove();
      chart.current = null;
      series.current = [];
    };
  }, [drawable]);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    for (const s of series.current) c.removeSeries(s);
    series.current = lines.map((line) => {
      const s = c.addSeries(LineSeries, { color: line.color, lineWidth: 2, title: lines.length > 1 ? line.name : '' });
      s.setData(line.points.map((p) => ({ time: p.date, value: p.value })));
      return s;
    });
    c.timeScale().fitContent();
  }, [lines]);

  const points = lines.reduce((n, l) => n + l.points.length, 0);
  return (
    <figure className="lf-chart">
      <figcaption>
        {title}
        {note && <span className="lf-muted"> · {note}</span>}
      </figcaption>
      <div
        ref={box}
        className="lf-chart-canvas"
        role="img"
        aria-label={`${title} chart: ${lines.map((l) => `${l.name}, ${l.points.length} days`).join('; ')}`}
      />
      {(!drawable || points === 0) && <p className="lf-muted">{drawable ? 'No trading day in the range.' : 'This browser cannot draw the chart.'}</p>}
    </figure>
  );
}
