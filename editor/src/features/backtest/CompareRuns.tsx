import { useMemo } from 'react';
import type { BacktestJob } from './backtest-schemas.ts';
import { useBacktestQuery } from './backtests-api.ts';
import { CurvesChart } from './CurvesChart.tsx';
import { equityLine } from './curve-lines.ts';
import { summaryItems } from './summary-items.ts';

const COLORS = ['#2459d6', '#b86e00'] as const;
const titleOf = (job: BacktestJob) =>
  `${job.result?.inputs.graph.name ?? job.request.graphId} v${job.request.version}, ${job.request.from} to ${job.request.to}`;

/** Two completed runs side by side: their summaries in two columns, both equity curves on one chart. */
export function CompareRuns({ ids }: { ids: readonly [string, string] }) {
  const a = useBacktestQuery(ids[0]).data;
  const b = useBacktestQuery(ids[1]).data;
  const lines = useMemo(
    () => (a?.result && b?.result ? [equityLine(a.result, `A: ${titleOf(a)}`, COLORS[0]), equityLine(b.result, `B: ${titleOf(b)}`, COLORS[1])] : []),
    [a, b],
  );
  if (!a?.result || !b?.result) return <p className="lf-muted">Loading the two runs…</p>;
  const left = summaryItems(a.result.summary);
  const right = summaryItems(b.result.summary);
  return (
    <section className="lf-bt-compare" aria-label="Compare two runs">
      <table className="lf-table" data-testid="compare">
        <thead>
          <tr>
            <th />
            <th style={{ color: COLORS[0] }}>A: {titleOf(a)}</th>
            <th style={{ color: COLORS[1] }}>B: {titleOf(b)}</th>
          </tr>
        </thead>
        <tbody>
          {left.map((item, i) => (
            <tr key={item.label}>
              <th scope="row">{item.label}</th>
              <td className={item.tone}>{item.value}</td>
              <td className={right[i]!.tone}>{right[i]!.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <CurvesChart title="Equity, A and B" lines={lines} />
    </section>
  );
}
