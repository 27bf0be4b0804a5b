import { describe, expect, it } from 'vitest';
import { csvRows } from '../csv-table.ts';
import { istToMs } from '../time.ts';
import { daysCsv, tradesCsv } from './trades-csv.ts';
import { dayRow, tradeRow, type LegTrade } from './trades.ts';

const CE = {
  groupId: 'g-1',
  legId: 'ce',
  symbol: 'NIFTY23NOV2626000CE',
  side: 'SELL',
  qty: 130,
  entryMs: istToMs('2026-11-16', '09:15'),
  entryPaise: 12005,
  exitMs: istToMs('2026-11-16', '15:20:30'),
  exitPaise: 9000,
  exitReason: 'stop "hard", 25%',
  grossPaise: 390650, // (120.05 − 90.00) × 130 = 3,906.50
  chargesPaise: 4567,
  netPaise: 386083, // 3,906.50 − 45.67 = 3,860.83
} satisfies LegTrade;
const PE = {
  groupId: 'g-1',
  legId: 'pe',
  symbol: 'ODD,SYMBOL',
  side: 'BUY',
  qty: 65,
  entryMs: istToMs('2026-11-16', '09:15') + 250,
  entryPaise: 5,
  exitMs: istToMs('2026-11-17', '10:00'),
  exitPaise: 10,
  exitReason: 'target',
  grossPaise: 325, // (0.10 − 0.05) × 65 = 3.25
  chargesPaise: 4000,
  netPaise: -3675, // 3.25 − 40.00 = −36.75
} satisfies LegTrade;
const ROWS = [tradeRow(CE), tradeRow(PE)];

describe('the trade log as CSV', () => {
  it('writes a header of the row’s fields and a line per exit: IST times, 2-decimal rupees, quoted where RFC 4180 says', () => {
    expect(tradesCsv(ROWS).split('\r\n')).toEqual([
      'legId,groupId,symbol,side,qty,entryTime,entryPrice,exitTime,exitPrice,exitReason,grossPnl,charges,pnl',
      'ce,g-1,NIFTY23NOV2626000CE,SELL,130,2026-11-16T09:15:00+05:30,120.05,2026-11-16T15:20:30+05:30,90.00,"stop ""hard"", 25%",3906.50,45.67,3860.83',
      'pe,g-1,"ODD,SYMBOL",BUY,65,2026-11-16T09:15:00.250+05:30,0.05,2026-11-17T10:00:00+05:30,0.10,target,3.25,40.00,-36.75',
      '', // every record ends in CRLF, the last too
    ]);
  });

  it('reads back through the project’s CSV reader as the same rows', () => {
    const [header, ...lines] = csvRows(tradesCsv(ROWS));
    const read = lines.map((line) => Object.fromEntries(header!.cells.map((key, i) => [key, line.cells[i]!])));
    expect(read).toHaveLength(ROWS.length);
    read.forEach((cells, i) => {
      const row = ROWS[i]!;
      expect(Object.keys(cells).sort()).toEqual(Object.keys(row).sort()); // every field, none twice
      expect([cells.legId, cells.groupId, cells.symbol, cells.side, cells.exitReason]).toEqual([row.legId, row.groupId, row.symbol, row.side, row.exitReason]);
      expect([cells.entryTime, cells.exitTime].map((t) => Date.parse(t!))).toEqual([Date.parse(row.entryTime), Date.parse(row.exitTime)]);
      const numbers = ['qty', 'entryPrice', 'exitPrice', 'grossPnl', 'charges', 'pnl'] as const;
      expect(numbers.map((k) => Number(cells[k]))).toEqual(numbers.map((k) => row[k]));
    });
  });

  it('is a header alone without trades', () => {
    expect(tradesCsv([])).toBe('legId,groupId,symbol,side,qty,entryTime,entryPrice,exitTime,exitPrice,exitReason,grossPnl,charges,pnl\r\n');
  });
});

describe('the day-wise P&L as CSV', () => {
  const DAYS = [
    dayRow({ date: '2026-11-16', trades: 1, grossPaise: 390650, chargesPaise: 4567, netPaise: 386083 }),
    dayRow({ date: '2026-11-17', trades: 1, grossPaise: -5, chargesPaise: 0, netPaise: -5 }),
    dayRow({ date: '2026-11-18', trades: 0, grossPaise: 0, chargesPaise: 0, netPaise: 0 }),
  ];

  it('writes a line per date, a day without a trade at 0.00 and a loss of a paisa as -0.05', () => {
    expect(daysCsv(DAYS)).toBe(
      'date,trades,grossPnl,charges,pnl\r\n2026-11-16,1,3906.50,45.67,3860.83\r\n2026-11-17,1,-0.05,0.00,-0.05\r\n2026-11-18,0,0.00,0.00,0.00\r\n',
    );
  });

  it('reads back as the same rows', () => {
    const [header, ...lines] = csvRows(daysCsv(DAYS));
    expect(header!.cells).toEqual(Object.keys(DAYS[0]!));
    expect(lines.map((l) => [l.cells[0], ...l.cells.slice(1).map(Number)])).toEqual(DAYS.map((d) => [d.date, d.trades, d.grossPnl, d.charges, d.pnl]));
  });
});
