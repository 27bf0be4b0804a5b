import { describe, expect, it } from 'vitest';
import { istToMs } from '../time.ts';
import { ExchangeHours } from './exchange-hours.ts';

const hours = ExchangeHours.default();
const CE = 'NIFTY08DEC2626000CE';

describe('ExchangeHours.exchangeOf', () => {
  it('finds the exchange of an option, a future and an index from the instrument file', () => {
    expect(hours.exchangeOf(CE)).toBe('NSE');
    expect(hours.exchangeOf('NIFTY29DEC26FUT')).toBe('NSE');
    expect(hours.exchangeOf('BANKNIFTY')).toBe('NSE');
    expect(hours.exchangeOf('SENSEX10DEC2685000CE')).toBe('BSE');
    expect(hours.exchangeOf('SENSEX')).toBe('BSE');
    expect(hours.exchangeOf('RELIANCE')).toBeUndefined();
  });
});

describe('ExchangeHours.closedFor', () => {
  it('is open from 09:15 (inclusive) to 15:30 (exclusive) on a trading day', () => {
    expect(hours.closedFor(CE, istToMs('2026-12-07', '09:15'))).toBeUndefined();
    expect(hours.closedFor(CE, istToMs('2026-12-07', '15:29:59'))).toBeUndefined();
    expect(hours.closedFor(CE, istToMs('2026-12-07', '09:14:59'))).toMatchObject({ code: 'MARKET_CLOSED', opensAt: istToMs('2026-12-07', '09:15') });
  });

  it('says when and why it is closed, and when it opens: a weekend night, a holiday, before the open, at the close', () => {
    expect(hours.closedFor(CE, istToMs('2026-12-05', '23:30'))).toEqual({
      code: 'MARKET_CLOSED',
      exchange: 'NSE',
      opensAt: istToMs('2026-12-07', '09:15'),
      message: 'NSE is closed (Saturday 5 Dec 2026 23:30 IST); it opens Mon 7 Dec 09:15.',
    });
    expect(hours.closedFor(CE, istToMs('2026-12-25', '10:00'))?.message).toBe(
      'NSE is closed (Friday 25 Dec 2026 10:00 IST, Christmas); it opens Mon 28 Dec 09:15.',
    );
    expect(hours.closedFor(CE, istToMs('2026-12-07', '08:00'))?.message).toBe('NSE is closed (Monday 7 Dec 2026 08:00 IST); it opens Mon 7 Dec 09:15.');
    expect(hours.closedFor(CE, istToMs('2026-12-07', '15:30'))?.message).toBe('NSE is closed (Monday 7 Dec 2026 15:30 IST); it opens Tue 8 Dec 09:15.');
    expect(hours.closedFor('SENSEX10DEC2685000CE', istToMs('2026-12-05', '23:30'))?.message).toBe(
      'BSE is closed (Saturday 5 Dec 2026 23:30 IST); it opens Mon 7 Dec 09:15.',
    );
  });

  it('refuses to guess past the calendar, and names a symbol no exchange lists', () => {
    expect(hours.closedFor(CE, istToMs('2035-01-08', '10:00'))).toMatchObject({ code: 'CALENDAR_NOT_COVERED', exchange: 'NSE' });
    expect(hours.closedFor('RELIANCE', istToMs('2026-12-07', '10:00'))).toEqual({
      code: 'UNKNOWN_EXCHANGE',
      message:
        'RELIANCE is not an index, option or future of the instrument file, so no exchange hours apply to it; add its underlying to the instrument file.',
    });
  });
});
