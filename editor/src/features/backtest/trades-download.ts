import { tradesCsv } from '../../../../runtime/backtest/trades-csv.ts';
import type { BacktestJob, BacktestTrade } from './backtest-schemas.ts';

/**
 * The trade log as `legflow backtest --trades-csv` writes it (the same module, so the columns, IST times and
 * rupee digits cannot drift apart), named for the run: "backtest-<graph>-<from>-to-<to>-trades.csv".
 */
export function tradesFile(job: Pick<BacktestJob, 'request'>, graphName: string, trades: readonly BacktestTrade[]): { name: string; text: string } {
  const slug = graphName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return { name: `backtest-${slug || job.request.graphId}-${job.request.from}-to-${job.request.to}-trades.csv`, text: tradesCsv(trades) };
}

/** Hands a text file to the browser's download, built here: nothing is fetched again. */
export function downloadText({ name, text }: { name: string; text: string }): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}
