import { formatRupees, pnlClass } from '../live/format.ts';
import type { BacktestResult } from './backtest-schemas.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const money = (n: number | null) => (n === null ? '' : formatRupees(n));
const pct = (n: number | null) => (n === null ? '–' : `${n} %`);

/** Net P&L by month and year: a row per year, a cell per month (blank outside the range) and the year's total. */
export function MonthYearTable({ rows }: { rows: BacktestResult['tables']['monthYear'] }) {
  return (
    <table className="lf-table" data-testid="month-year">
      <caption>Month × year</caption>
      <thead>
        <tr>
          <th>Year</th>
          {MONTHS.map((m) => (
            <th key={m}>{m}</th>
          ))}
          <th>Total</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.year}>
            <th scope="row">{r.year}</th>
            {r.months.map((m, i) => (
              <td key={MONTHS[i]} className={pnlClass(m)}>
                {money(m)}
              </td>
            ))}
            <td className={pnlClass(r.total)}>{money(r.total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Days, trades, net P&L and the share of winning days per weekday. */
export function WeekdayTable({ rows }: { rows: BacktestResult['tables']['weekday'] }) {
  return (
    <table className="lf-table" data-testid="weekday">
      <caption>Weekday</caption>
      <thead>
        <tr>
          <th>Day</th>
          <th>Days traded</th>
          <th>Trades</th>
          <th>Net P&amp;L</th>
          <th>Winning days</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.weekday}>
            <th scope="row">{r.weekday}</th>
            <td>
              {r.daysTraded} of {r.days}
            </td>
            <td>{r.trades}</td>
            <td className={pnlClass(r.pnl)}>{formatRupees(r.pnl)}</td>
            <td>{pct(r.winRate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
