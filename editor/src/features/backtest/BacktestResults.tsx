import { useMemo } from 'react';
import type { BacktestJob, BacktestResult } from './backtest-schemas.ts';
import { CurvesChart } from './CurvesChart.tsx';
import { drawdownLine, equityLine } from './curve-lines.ts';
import { DayHeatmap } from './DayHeatmap.tsx';
import { MonthYearTable, WeekdayTable } from './ResultTables.tsx';
import { SummaryPanel } from './SummaryPanel.tsx';
import { TradeLog } from './TradeLog.tsx';

/** What the run left out or could not do, said beside the figures rather than hidden. */
function Caveats({ result }: { result: BacktestResult }) {
  const problems = result.inputs.signalsFile?.problems ?? [];
  const { failures } = result.runs;
  return (
    <>
      {problems.length > 0 && (
        <details className="lf-bt-caveat">
          <summary>
            {problems.length} row{problems.length === 1 ? '' : 's'} of the signals file did not become signals
          </summary>
          <ul>
            {problems.map((p) => (
              <li key={p.line}>
                Line {p.line}: {p.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      {failures.length > 0 && (
        <p className="lf-bt-caveat">
          {failures.length} signal{failures.length === 1 ? '' : 's'} failed to run (the first: {failures[0]!.action} at {failures[0]!.time}:{' '}
          {failures[0]!.errors.join('; ')}).
        </p>
      )}
      {result.openGroups > 0 && (
        <p className="lf-bt-caveat">{result.openGroups} position group(s) were still open at the end of the range: not in the trade log.</p>
      )}
    </>
  );
}

/** A completed run: the summary, the equity and drawdown curves, the day calendar, the tables and the trade log. */
export function BacktestResults({ job, result }: { job: Pick<BacktestJob, 'request'>; result: BacktestResult }) {
  const equity = useMemo(() => [equityLine(result, 'Equity', '#0f8a83')], [result]);
  const drawdown = useMemo(() => [drawdownLine(result, 'Drawdown', '#c62828')], [result]);
  const market = result.inputs.seed === null ? result.inputs.settings.market : `${result.inputs.settings.market} market, seed ${result.inputs.seed}`;
  return (
    <section className="lf-bt-results" aria-label="Backtest results">
      <p className="lf-muted">
        {result.inputs.graph.name} · {result.inputs.from} to {result.inputs.to} · {market} · charges: {result.inputs.settings.charges} ·{' '}
        {result.inputs.signals.count} signal{result.inputs.signals.count === 1 ? '' : 's'} replayed
        {result.inputs.journal ? ` from deployment ${result.inputs.journal.deploymentId}'s journal` : ''}
      </p>
      <Caveats result={result} />
      <SummaryPanel summary={result.summary} />
      <div className="lf-bt-charts">
        <CurvesChart title="Equity" lines={equity} note="at each day's close" />
        <CurvesChart title="Drawdown" lines={drawdown} note="below the running high" />
      </div>
      <DayHeatmap days={result.days} />
      <div className="lf-bt-tables">
        <MonthYearTable rows={result.tables.monthYear} />
        <WeekdayTable rows={result.tables.weekday} />
      </div>
      <TradeLog job={job} graphName={result.inputs.graph.name} trades={result.trades} />
    </section>
  );
}
