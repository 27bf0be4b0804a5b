import type { BacktestSummary } from './backtest-schemas.ts';
import { summaryItems } from './summary-items.ts';

/** The run's figures at a glance: net, gross, charges, trades, rates, drawdown, ratios, days. */
export function SummaryPanel({ summary }: { summary: BacktestSummary }) {
  return (
    <dl className="lf-bt-summary" aria-label="Summary">
      {summaryItems(summary).map((item) => (
        <div key={item.label}>
          <dt>{item.label}</dt>
          <dd className={item.tone}>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
