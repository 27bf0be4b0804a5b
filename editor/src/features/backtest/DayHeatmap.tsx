import { formatRupees } from '../live/format.ts';
import { WEEKDAY_NAMES } from '../../../../runtime/weekdays.ts';
import type { BacktestDay } from './backtest-schemas.ts';
import { heatmap } from './calendar-heatmap.ts';

/** The day-wise P&L as a calendar: a column per week, a square per day, green for a gain and red for a loss, deeper as it grows. */
export function DayHeatmap({ days }: { days: readonly BacktestDay[] }) {
  const map = heatmap(days);
  if (map.weeks.length === 0) return <p className="lf-muted">No trading day in the range.</p>;
  return (
    <figure className="lf-bt-heatmap" aria-label="Day-wise P&L">
      <figcaption>Day-wise P&amp;L</figcaption>
      <div className="lf-bt-heatmap-grid" style={{ gridTemplateColumns: `auto repeat(${map.weeks.length}, 14px)` }}>
        <span />
        {map.weeks.map((w) => (
          <span key={w.monday} className="lf-bt-month">
            {w.month ?? ''}
          </span>
        ))}
        {map.rows.map((weekday, r) => [
          <span key={`l${weekday}`} className="lf-bt-weekday">
            {WEEKDAY_NAMES[weekday]!.slice(0, 3)}
          </span>,
          ...map.weeks.map((w) => {
            const cell = w.cells[r]!;
            const title = cell.pnl === null ? `${cell.date}: not traded` : `${cell.date}: ${formatRupees(cell.pnl)}`;
            return <span key={cell.date} className={`lf-bt-day${cell.pnl === null ? ' is-off' : ''}`} title={title} data-level={cell.level} />;
          }),
        ])}
      </div>
    </figure>
  );
}
