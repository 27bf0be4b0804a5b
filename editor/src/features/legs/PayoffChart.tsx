/** The payoff at expiry drawn with lightweight-charts (an options chart: price on the horizontal scale). Its own chunk. */
import { BaselineSeries, createOptionsChart, type IChartApiBase, type ISeriesApi } from 'lightweight-charts';
import { useEffect, useRef } from 'react';

export interface PayoffPoint {
  price: number;
  pnl: number;
}

export default function PayoffChart({ points }: { points: readonly PayoffPoint[] }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<{ api: IChartApiBase<number>; series: ISeriesApi<'Baseline', number> } | null>(null);

  // The chart is a canvas the library owns: made once, removed with the component.
  useEffect(() => {
    const api = createOptionsChart(box.current!, { height: 180, autoSize: true, layout: { attributionLogo: false }, handleScroll: false, handleScale: false });
    const series = api.addSeries(BaselineSeries, { baseValue: { type: 'price', price: 0 }, lineWidth: 2, priceLineVisible: false, lastValueVisible: false });
    chart.current = { api, series };
    return () => {
      chart.current = null;
      api.remove();
    };
  }, []);

  useEffect(() => {
    chart.current?.series.setData(points.map((p) => ({ time: p.price, value: p.pnl })));
    chart.current?.api.timeScale().fitContent();
  }, [points]);

  return <div ref={box} className="lf-payoff-chart" />;
}
