import { describe, expect, it } from 'vitest';
import { toPaise } from '../money.ts';
import { PositionBook, positionView } from './position-book.ts';

const SYM = 'NIFTY01DEC2626000CE';

function view(book: PositionBook, mark: number) {
  const b = book.get('A', SYM);
  if (b === undefined) throw new Error('no book');
  return positionView('A', SYM, b, toPaise(mark));
}

describe('PositionBook', () => {
  it('closes the oldest lot first (FIFO) on a partial close and keeps the rest open', () => {
    const book = new PositionBook();
    book.apply('A', SYM, 'BUY', 65, toPaise(100));
    book.apply('A', SYM, 'BUY', 65, toPaise(110));
    const realised = book.apply('A', SYM, 'SELL', 100, toPaise(120.05));
    // (120.05 − 100) × 65 = 1,303.25; (120.05 − 110) × 35 = 351.75; total 1,655.00
    expect(realised).toBe(165_500);
    expect(view(book, 115)).toEqual({
      accountId: 'A',
      symbol: SYM,
      qty: 30,
      avgPrice: 110,
      ltp: 115,
      realisedPnl: 1655,
      unrealisedPnl: 150, // (115 − 110) × 30
      pnl: 1805,
      charges: 0,
      netPnl: 1805,
    });
  });

  it('keeps what each fill was charged: P&L stays gross, netPnl is after charges', () => {
    const book = new PositionBook();
    book.apply('A', SYM, 'SELL', 65, toPaise(120.05), 3463);
    book.apply('A', SYM, 'BUY', 65, toPaise(100), 2980);
    // Gross (120.05 − 100) × 65 = 1,303.25; charges 34.63 + 29.80 = 64.43; net 1,238.82.
    expect(view(book, 100)).toMatchObject({ qty: 0, realisedPnl: 1303.25, pnl: 1303.25, charges: 64.43, netPnl: 1238.82 });
  });

  it('flips through flat: the surplus of a closing order opens a position the other way', () => {
    const book = new PositionBook();
    book.apply('A', SYM, 'BUY', 30, toPaise(110));
    expect(book.apply('A', SYM, 'SELL', 50, toPaise(120))).toBe(30_000); // (120 − 110) × 30
    const v = view(book, 125);
    expect(v.qty).toBe(-20);
    expect(v.avgPrice).toBe(120);
    expect(v.unrealisedPnl).toBe(-100); // short 20 from 120 marked at 125
  });

  it('a short straddle leg bought back at its stop realises exactly −₹1,953.25', () => {
    const book = new PositionBook();
    book.apply('A', SYM, 'SELL', 65, toPaise(120.05));
    expect(book.apply('A', SYM, 'BUY', 65, toPaise(150.1))).toBe(-195_325);
    expect(view(book, 150.1)).toMatchObject({ qty: 0, avgPrice: 0, realisedPnl: -1953.25, unrealisedPnl: 0, pnl: -1953.25 });
  });

  it('keeps accounts apart', () => {
    const book = new PositionBook();
    book.apply('A', SYM, 'BUY', 65, toPaise(100));
    expect(book.get('B', SYM)).toBeUndefined();
    expect(book.symbols('A')).toEqual([SYM]);
  });
});
