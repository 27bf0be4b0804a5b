import type { BacktestResult } from './backtest-schemas.ts';
import type { CurveLine } from './CurvesChart.tsx';

/** The equity at each trading day's close (the daily curve the summary's drawdown is measured on). */
export const equityLine = (result: BacktestResult, name: string, color: string): CurveLine => ({
  name,
  color,
  points: result.curves.daily.equity.map((p) => ({ date: p.date, value: p.equity })),
});

/** How far below its high the equity closed each day, drawn below 0 (never −0). */
export const drawdownLine = (result: BacktestResult, name: string, color: string): CurveLine => ({
  name,
  color,
  points: result.curves.daily.drawdown.map((p) => ({ date: p.date, value: p.drawdown === 0 ? 0 : -p.drawdown })),
});
