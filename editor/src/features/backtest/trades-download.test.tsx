import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { storyJob, storyResult } from './story-data.ts';
import { TradeLog } from './TradeLog.tsx';
import { tradesFile } from './trades-download.ts';

const HEADER = 'legId,groupId,symbol,side,qty,entryTime,entryPrice,exitTime,exitPrice,exitReason,grossPnl,charges,pnl\r\n';
// 23 Nov CE: sold 65 at 120.00 (09:30 IST), bought back at 100.00 (14:00 IST): (120 − 100) × 65 = 1300.00, less 50.00 = 1250.00.
const FIRST = 'ce,g_2026-11-23,NIFTY01DEC2626000CE,SELL,65,2026-11-23T09:30:00+05:30,120.00,2026-11-23T14:00:00+05:30,100.00,signal,1300.00,50.00,1250.00\r\n';
// 25 Nov CE, stopped at 11:42: (110 − 137.50) × 65 = −1787.50, less 50.00 = −1837.50.
const STOPPED =
  'ce,g_2026-11-25,NIFTY01DEC2626000CE,SELL,65,2026-11-25T09:30:00+05:30,110.00,2026-11-25T11:42:00+05:30,137.50,stop,-1787.50,50.00,-1837.50\r\n';

afterEach(() => vi.restoreAllMocks());

describe('the trade log’s CSV', () => {
  it('has the CLI’s columns, IST times and rupees to the paisa, named for the graph and the range', () => {
    const file = tradesFile(storyJob, 'NIFTY short straddle', [storyResult.trades[0]!, storyResult.trades[2]!]);
    expect(file.name).toBe('backtest-nifty-short-straddle-2026-11-23-to-2026-11-26-trades.csv');
    expect(file.text).toBe(HEADER + FIRST + STOPPED);
  });

  it('is what "Download CSV" hands the browser, every leg of the log in it', async () => {
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:trades';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('backtest-nifty-short-straddle-2026-11-23-to-2026-11-26-trades.csv');
    });
    render(<TradeLog job={storyJob} graphName="NIFTY short straddle" trades={storyResult.trades} />);
    expect(screen.getAllByRole('row')).toHaveLength(5);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(clicked).toHaveBeenCalledTimes(1);
    const text = await blobs[0]!.text();
    expect(text.split('\r\n')).toHaveLength(6);
    expect(text.startsWith(HEADER + FIRST)).toBe(true);
    expect(text).toContain(STOPPED);
  });
});
