import { describe, it, expect } from 'vitest';
import { istToMs } from '../time.ts';
import { bundledCalendarFile, TradingCalendar } from './calendar.ts';
import { mergeCalendars } from './calendar-file.ts';
import bundledInstruments from '../data/instruments.json' with { type: 'json' };
import { Instruments, instrumentsFileSchema } from './instruments.ts';
import { MarketError } from './market-error.ts';

const ins = Instruments.default(TradingCalendar.default());
const at = (date: string, time = '10:00') => istToMs(date, time);

describe('Instruments data', () => {
  it('carries the Jan 2026 lot sizes, steps, freeze limits and expiry days', () => {
    expect(ins.get('NIFTY')).toEqual({
      underlying: 'NIFTY',
      exchange: 'NSE',
      lotSize: 65,
      strikeStep: 50,
      freezeQty: 1800,
      tickSize: 0.05,
      expiry: { weekly: true, weekday: 2 },
    });
    expect(ins.get('SENSEX')).toMatchObject({ exchange: 'BSE', lotSize: 20, strikeStep: 100, expiry: { weekly: true, weekday: 4 } });
    expect(ins.get('BANKNIFTY')).toMatchObject({ lotSize: 30, strikeStep: 100, freezeQty: 600, expiry: { weekly: false } });
    // FINNIFTY's freeze was 1,800 in February 2026 only (NSE/FAOP/72534); NSE/FAOP/73039 set it back to 1,200
    // from 2 Mar 2026, the latest revision in the file's sources.
    expect(ins.get('FINNIFTY')).toMatchObject({ lotSize: 60, strikeStep: 50, freezeQty: 1200 });
    expect(ins.get('MIDCPNIFTY')).toMatchObject({ lotSize: 120, strikeStep: 25, freezeQty: 2800 });
    expect(ins.qtyForLots('NIFTY', 3)).toBe(195);
    expect(ins.lotSize('BANKNIFTY')).toBe(30);
  });

  it('cites a source for every figure, with the date it took effect for lots, freeze quantities and expiry days on NSE', () => {
    const file = instrumentsFileSchema.parse(bundledInstruments);
    for (const u of file.underlyings) {
      expect(Object.keys(u.sources ?? {}).sort(), u.underlying).toEqual(['expiry', 'freezeQty', 'futureMonths', 'lotSize', 'strikeStep', 'tickSize']);
      if (u.exchange === 'NSE') {
        expect([u.sources?.lotSize?.effective, u.sources?.freezeQty?.effective, u.sources?.expiry?.effective], u.underlying).toEqual([
          '2025-12-31',
          '2026-03-02',
          '2025-09-01',
        ]);
        expect(u.sources?.freezeQty?.source, u.underlying).toMatch(/^NSE circular NSE\/FAOP\/73039 of 27 Feb 2026/);
      }
    }
    expect(file.underlyings.find((u) => u.underlying === 'SENSEX')?.sources?.freezeQty?.source).toMatch(/^Not verified/);
    expect(() =>
      Instruments.fromData(
        {
          underlyings: [
            {
              underlying: 'NIFTY',
              exchange: 'NSE',
              lotSize: 65,
              strikeStep: 50,
              freezeQty: 1800,
              expiry: { weekly: true, weekday: 'TUE' },
              sources: { lotSize: { source: '', effective: '2026-13-01' }, lots: { source: 'x' } },
            },
          ],
        },
        TradingCalendar.default(),
        'my.json',
      ),
    ).toThrow(
      /underlyings\.0\.sources\.lotSize\.source: say where[\s\S]*underlyings\.0\.sources\.lotSize\.effective: must be a date[\s\S]*underlyings\.0\.sources: Unrecognized key: "lots"/,
    );
  });

  it('rejects unknown underlyings and bad lot counts clearly', () => {
    expect(() => ins.get('NIFTYIT')).toThrow(/Underlying "NIFTYIT" is not in the instrument file. Known: NIFTY, BANKNIFTY/);
    expect(() => ins.qtyForLots('NIFTY', 1.5)).toThrow(/whole number of at least 1/);
    expect(() => ins.qtyForLots('NIFTY', 0)).toThrow(/whole number/);
  });

  it('loads a user object and reports mistakes with their path', () => {
    const custom = Instruments.fromData(
      { underlyings: [{ underlying: 'NIFTYNXT50', exchange: 'NSE', lotSize: 25, strikeStep: 100, freezeQty: 600, expiry: { weekly: false, weekday: 'TUE' } }] },
      TradingCalendar.default(),
    );
    expect(custom.get('NIFTYNXT50').tickSize).toBe(0.05);
    expect(() =>
      Instruments.fromData(
        { underlyings: [{ underlying: 'NIFTY', exchange: 'NSE', lotSize: -65, strikeStep: 50, freezeQty: 1800, expiry: { weekly: true, weekday: 'SUN' } }] },
        TradingCalendar.default(),
        'my.json',
      ),
    ).toThrow(/my\.json is not valid:[\s\S]*underlyings\.0\.lotSize[\s\S]*underlyings\.0\.expiry\.weekday: must be MON, TUE/);
  });
});

describe('expiry calendar', () => {
  it('moves an expiry on a holiday to the previous trading day', () => {
    // Tuesdays on Holi, Mahavir Jayanti, Ambedkar Jayanti, Dussehra, Diwali Balipratipada, Guru Nanak Jayanti.
    expect(ins.listExpiries('NIFTY', at('2026-02-25'), 8)).toEqual([
      '2026-03-02',
      '2026-03-10',
      '2026-03-17',
      '2026-03-24',
      '2026-03-30',
      '2026-04-07',
      '2026-04-13',
      '2026-04-21',
    ]);
    expect(ins.listExpiries('NIFTY', at('2026-10-14'), 6)).toEqual(['2026-10-19', '2026-10-27', '2026-11-03', '2026-11-09', '2026-11-17', '2026-11-23']);
    // SENSEX Thursdays: 15 Jan (elections) → Wed 14 Jan, 26 Mar (Ram Navami) → 25 Mar.
    expect(ins.listExpiries('SENSEX', at('2026-01-09'), 3)).toEqual(['2026-01-14', '2026-01-22', '2026-01-29']);
    expect(ins.monthlyExpiry('SENSEX', '2026-03')).toBe('2026-03-25');
  });

  it('lists only the last Tuesday of the month for monthly-only underlyings', () => {
    expect(ins.listExpiries('BANKNIFTY', at('2026-03-01'), 3)).toEqual(['2026-03-30', '2026-04-28', '2026-05-26']);
    expect(ins.isExpiryDate('BANKNIFTY', '2026-03-24')).toBe(false);
    expect(ins.isExpiryDate('BANKNIFTY', '2026-03-30')).toBe(true);
    expect(ins.isExpiryDate('NIFTY', '2026-03-24')).toBe(true);
    expect(ins.isExpiryDate('NIFTY', '2026-03-03')).toBe(false); // Holi itself
  });

  it('resolves week and month rules for a weekly underlying', () => {
    const now = at('2026-03-18'); // Wednesday
    expect(ins.resolveExpiry('NIFTY', { kind: 'current-week' }, now)).toBe('2026-03-24');
    expect(ins.resolveExpiry('NIFTY', { kind: 'next-week' }, now)).toBe('2026-03-30');
    expect(ins.resolveExpiry('NIFTY', { kind: 'current-month' }, now)).toBe('2026-03-30');
    expect(ins.resolveExpiry('NIFTY', { kind: 'next-month' }, now)).toBe('2026-04-28');
  });

  it('keeps expiry day current until 15:30 IST, then rolls to the next', () => {
    expect(ins.resolveExpiry('NIFTY', { kind: 'current-week' }, at('2026-03-02', '15:29:59'))).toBe('2026-03-02');
    expect(ins.resolveExpiry('NIFTY', { kind: 'current-week' }, at('2026-03-02', '15:30'))).toBe('2026-03-10');
    expect(ins.resolveExpiry('NIFTY', { kind: 'current-month' }, at('2026-03-30', '15:31'))).toBe('2026-04-28');
    expect(ins.resolveExpiry('NIFTY', { kind: 'next-month' }, at('2026-03-30', '15:31'))).toBe('2026-05-26');
  });

  it('counts weekly expiries for the n-th weekly, across holiday moves', () => {
    const now = at('2026-03-18');
    // 24 Mar, 30 Mar (Mon: 31 Mar is a holiday), 7 Apr, 13 Apr (Mon: 14 Apr is Ambedkar Jayanti).
    expect(ins.resolveExpiry('NIFTY', { kind: 'nth-week', n: 1 }, now)).toBe('2026-03-24');
    expect(ins.resolveExpiry('NIFTY', { kind: 'nth-week', n: 3 }, now)).toBe('2026-04-07');
    expect(ins.resolveExpiry('NIFTY', { kind: 'nth-week', n: 4 }, now)).toBe('2026-04-13');
    expect(() => ins.resolveExpiry('NIFTY', { kind: 'nth-week', n: 0 }, now)).toThrow(/counts 1 \(the current one\) to 8; got 0/);
  });

  it('on an expiry day, trades the contract expiring today unless told to roll to the following one', () => {
    const expiryDay = at('2026-03-24'); // Tuesday, NIFTY weekly expiry
    expect(ins.resolveExpiry('NIFTY', { kind: 'current-week' }, expiryDay)).toBe('2026-03-24');
    expect(ins.resolveExpiry('NIFTY', { kind: 'current-week', roll: true }, expiryDay)).toBe('2026-03-30');
    expect(ins.resolveExpiry('NIFTY', { kind: 'next-week', roll: true }, expiryDay)).toBe('2026-04-07');
    expect(ins.resolveExpiry('NIFTY', { kind: 'current-week', roll: true }, at('2026-03-23'))).toBe('2026-03-24'); // the day before
    expect(ins.resolveExpiry('NIFTY', { kind: 'current-month', roll: true }, at('2026-03-30'))).toBe('2026-04-28');
  });

  it('treats week rules as nearest / next expiry for a monthly-only underlying', () => {
    const now = at('2026-03-18');
    expect(ins.resolveExpiry('BANKNIFTY', { kind: 'current-week' }, now)).toBe('2026-03-30');
    expect(ins.resolveExpiry('BANKNIFTY', { kind: 'next-week' }, now)).toBe('2026-04-28');
    expect(ins.resolveExpiry('MIDCPNIFTY', { kind: 'current-month' }, now)).toBe('2026-03-30');
    expect(ins.resolveExpiry('FINNIFTY', { kind: 'next-month' }, now)).toBe('2026-04-28');
    // Year end: December's last Tuesday is 29 Dec; January 2027's is 26 Jan, Republic Day, so Monday the 25th.
    expect(ins.resolveExpiry('BANKNIFTY', { kind: 'next-month' }, at('2026-12-10'))).toBe('2027-01-25');
  });

  it('accepts a listed date and explains an unlisted or expired one', () => {
    const now = at('2026-03-18');
    expect(ins.resolveExpiry('NIFTY', { kind: 'date', date: '2026-04-13' }, now)).toBe('2026-04-13');
    expect(() => ins.resolveExpiry('NIFTY', { kind: 'date', date: '2026-04-14' }, now)).toThrow(
      '2026-04-14 is not a NIFTY expiry: NIFTY expires every Tuesday, on the previous trading day when that is ' +
        'a holiday. Next expiries: 2026-03-24, 2026-03-30, 2026-04-07.',
    );
    expect(() => ins.resolveExpiry('BANKNIFTY', { kind: 'date', date: '2026-04-21' }, now)).toThrow(/BANKNIFTY expires on the last Tuesday of each month/);
    expect(() => ins.resolveExpiry('NIFTY', { kind: 'date', date: '2026-03-10' }, now)).toThrow(/already expired/);
  });
});

describe('strikes', () => {
  it('picks the nearest strike as ATM, a tie going up', () => {
    expect(ins.atmStrike('NIFTY', 26024.95)).toBe(26000);
    expect(ins.atmStrike('NIFTY', 26025)).toBe(26050);
    expect(ins.atmStrike('NIFTY', 25975.05)).toBe(26000);
    expect(ins.atmStrike('BANKNIFTY', 59149.9)).toBe(59100);
    expect(ins.atmStrike('BANKNIFTY', 59150)).toBe(59200);
    expect(ins.atmStrike('MIDCPNIFTY', 13512.5)).toBe(13525);
    expect(ins.atmStrike('MIDCPNIFTY', 13512.45)).toBe(13500);
  });

  it('moves OTM for positive offsets: calls up, puts down', () => {
    expect(ins.strikeByOffset('NIFTY', 26010, 'CE', 2)).toBe(26100);
    expect(ins.strikeByOffset('NIFTY', 26010, 'PE', 2)).toBe(25900);
    expect(ins.strikeByOffset('NIFTY', 26010, 'CE', -1)).toBe(25950);
    expect(ins.strikeByOffset('NIFTY', 26010, 'PE', -1)).toBe(26050);
    expect(ins.strikeByOffset('SENSEX', 85049, 'CE', 0)).toBe(85000);
    expect(() => ins.strikeByOffset('NIFTY', 26010, 'CE', 0.5)).toThrow(/whole number of steps/);
    expect(() => ins.strikeByOffset('NIFTY', 100, 'PE', 3)).toThrow(/not listed/);
  });
});

describe('symbols', () => {
  it('builds OpenAlgo-style symbols', () => {
    expect(ins.optionSymbol('NIFTY', '2026-12-01', 26000, 'CE')).toBe('NIFTY01DEC2626000CE');
    expect(ins.optionSymbol('MIDCPNIFTY', '2026-03-30', 13525, 'PE')).toBe('MIDCPNIFTY30MAR2613525PE');
    expect(ins.optionSymbol('SENSEX', '2026-01-14', 85000, 'PE')).toBe('SENSEX14JAN2685000PE');
    expect(() => ins.optionSymbol('NIFTY', '2026-12-02', 26000, 'CE')).toThrow(/2026-12-02 is not a NIFTY expiry/);
    expect(() => ins.optionSymbol('NIFTY', '2026-12-01', 26010, 'CE')).toThrow(/multiples of 50/);
  });

  it('parses symbols back, and nothing else', () => {
    expect(ins.parseSymbol('NIFTY01DEC2626000CE')).toEqual({
      underlying: 'NIFTY',
      expiry: '2026-12-01',
      strike: 26000,
      optionType: 'CE',
    });
    expect(ins.parseSymbol('BANKNIFTY30MAR2659000PE')).toEqual({
      underlying: 'BANKNIFTY',
      expiry: '2026-03-30',
      strike: 59000,
      optionType: 'PE',
    });
    expect(ins.parseSymbol('NIFTY')).toBeUndefined();
    expect(ins.parseSymbol('NIFTY31FEB2626000CE')).toBeUndefined();
    expect(ins.parseSymbol('NIFTY01XYZ2626000CE')).toBeUndefined();
    expect(ins.parseSymbol('RELIANCE01DEC261400CE')).toBeUndefined();
    expect(ins.parseSymbol('NIFTY01DEC2626000FUT')).toBeUndefined();
  });
});

describe('index futures', () => {
  it('lists three monthly futures, each expiring with the month’s options (last Tuesday, moved off a holiday)', () => {
    // March 2026: the last Tuesday, the 31st, is Mahavir Jayanti, so the March contracts expire Monday the 30th.
    expect(ins.futureExpiries('NIFTY', at('2026-03-04'))).toEqual(['2026-03-30', '2026-04-28', '2026-05-26']);
    expect(ins.futureExpiries('BANKNIFTY', at('2026-03-04'))).toEqual(['2026-03-30', '2026-04-28', '2026-05-26']);
    // At 15:30 on expiry day the near month is gone and June (Tuesday the 30th) is listed.
    expect(ins.futureExpiries('NIFTY', at('2026-03-30', '15:30'))).toEqual(['2026-04-28', '2026-05-26', '2026-06-30']);
    // SENSEX futures expire on BSE's last Thursday; 26 March and 28 May 2026 are holidays.
    expect(ins.futureExpiries('SENSEX', at('2026-03-04'))).toEqual(['2026-03-25', '2026-04-30', '2026-05-27']);
    expect(ins.isFutureListed('NIFTY', '2026-04-28', at('2026-03-04'))).toBe(true);
    expect(ins.isFutureListed('NIFTY', '2026-06-30', at('2026-03-04'))).toBe(false); // the fourth month is not listed yet
  });

  it('spells futures symbols for monthly expiries only, and reads them back', () => {
    expect(ins.futureSymbol('NIFTY', '2026-03-30')).toBe('NIFTY30MAR26FUT');
    expect(ins.parseFuture('NIFTY30MAR26FUT')).toEqual({ underlying: 'NIFTY', expiry: '2026-03-30' });
    expect(ins.parseFuture('NIFTY30MAR2626000CE')).toBeUndefined();
    expect(() => ins.futureSymbol('NIFTY', '2026-03-31')).toThrow(/2026-03-31 is not a NIFTY futures expiry: futures expire monthly, on the last Tuesday/);
    expect(() => ins.futureSymbol('NIFTY', '2026-03-10')).toThrow(/not a NIFTY futures expiry/);
  });

  it('an underlying with futureMonths 0 has no futures', () => {
    const custom = Instruments.fromData(
      {
        underlyings: [
          {
            underlying: 'NIFTYNXT50',
            exchange: 'NSE',
            lotSize: 25,
            strikeStep: 100,
            freezeQty: 600,
            expiry: { weekly: false, weekday: 'TUE' },
            futureMonths: 0,
          },
        ],
      },
      TradingCalendar.default(),
    );
    expect(custom.futureExpiries('NIFTYNXT50', at('2026-03-04'))).toEqual([]);
    expect(() => custom.futureSymbol('NIFTYNXT50', '2026-03-30')).toThrow(/NIFTYNXT50 has no futures/);
  });
});

describe('expiries in 2027 (provisional calendar) and past the calendar', () => {
  const NSE_MONTHLY = ['NIFTY', 'BANKNIFTY', 'FINNIFTY', 'MIDCPNIFTY'];

  it('moves January 2027 off Republic Day (Tue 26 Jan) to Monday the 25th: weekly, monthly and futures', () => {
    // NIFTY Tuesdays 19 Jan, 26 Jan → Mon 25 Jan, 2 Feb.
    expect(ins.listExpiries('NIFTY', at('2027-01-18'), 3)).toEqual(['2027-01-19', '2027-01-25', '2027-02-02']);
    for (const u of NSE_MONTHLY) {
      expect(ins.monthlyExpiry(u, '2027-01')).toBe('2027-01-25');
      // Futures on 4 Dec 2026: December (last Tuesday, the 29th), January (25th), February (Tue 23 Feb; 28 Feb is a Sunday).
      expect(ins.futureExpiries(u, at('2026-12-04'))).toEqual(['2026-12-29', '2027-01-25', '2027-02-23']);
    }
    expect(ins.isExpiryDate('NIFTY', '2027-01-26')).toBe(false);
    expect(ins.futureSymbol('FINNIFTY', '2027-01-25')).toBe('FINNIFTY25JAN27FUT');
    expect(() => ins.futureSymbol('NIFTY', '2027-01-26')).toThrow(/2027-01-26 is not a NIFTY futures expiry/);
  });

  it('next-month asked on 4 Dec 2026 is the January 2027 monthly, 25 Jan', () => {
    const now = at('2026-12-04');
    for (const u of NSE_MONTHLY) expect(ins.resolveExpiry(u, { kind: 'next-month' }, now)).toBe('2027-01-25');
    expect(ins.resolveExpiry('NIFTY', { kind: 'nth-week', n: 8 }, now)).toBe('2027-01-25'); // 8 Tuesdays from 8 Dec, the last moved
  });

  it('leaves the week of Good Friday (Fri 26 Mar 2027) alone: neither a Tuesday nor a Thursday', () => {
    expect(ins.listExpiries('NIFTY', at('2027-03-17'), 3)).toEqual(['2027-03-23', '2027-03-30', '2027-04-06']);
    expect(ins.monthlyExpiry('BANKNIFTY', '2027-03')).toBe('2027-03-30');
    // SENSEX: Thursday 25 Mar, the day before Good Friday, is a trading day.
    expect(ins.listExpiries('SENSEX', at('2027-03-22'), 2)).toEqual(['2027-03-25', '2027-04-01']);
  });

  it('moves a SENSEX Thursday expiry to Wednesday once a BSE list with a Thursday holiday is loaded', () => {
    // The shipped 2027 list has no BSE Thursday holiday; this stands in for the list BSE will publish.
    const calendar = new TradingCalendar(
      mergeCalendars(bundledCalendarFile(), {
        exchanges: {
          BSE: {
            years: { 2027: { status: 'published', source: 'test list' } },
            holidays: [{ date: '2027-03-25', name: 'A Thursday holiday (test data)' }],
          },
        },
      }),
    );
    const loaded = Instruments.default(calendar);
    expect(calendar.isProvisional('2027-03-25', 'BSE')).toBe(false);
    expect(loaded.listExpiries('SENSEX', at('2027-03-22'), 2)).toEqual(['2027-03-24', '2027-04-01']);
    expect(loaded.monthlyExpiry('SENSEX', '2027-03')).toBe('2027-03-24');
    expect(loaded.listExpiries('NIFTY', at('2027-03-22'), 1)).toEqual(['2027-03-23']); // NSE untouched
  });

  it('refuses an expiry in 2028, saying which expiry, how far the calendar reaches and how to update it', () => {
    const err = (() => {
      try {
        ins.resolveExpiry('NIFTY', { kind: 'next-month' }, at('2027-12-10'));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(MarketError);
    expect((err as MarketError).code).toBe('CALENDAR_NOT_COVERED');
    expect((err as MarketError).message).toBe(
      'Cannot place the NIFTY expiry due on 2028-01-25: The NSE holiday calendar covers 2019-01-01 to 2027-12-31; ' +
        '2028-01-25 is beyond its last covered date (2027-12-31), so Legflow cannot tell whether it is a trading day. ' +
        "Load NSE's 2028 holiday list: legflow calendar load <file> --exchange NSE --year 2028 " +
        '(it writes $LEGFLOW_DATA/holidays.json; see docs/calendar.md), then restart the server.',
    );
    expect((err as MarketError).details).toMatchObject({ underlying: 'NIFTY', exchange: 'NSE', coversThrough: '2027-12-31' });
    // December 2027 itself is inside (the last Tuesday, the 28th), and so is a near-month future; only what
    // needs a 2028 date is refused.
    expect(ins.resolveExpiry('NIFTY', { kind: 'current-month' }, at('2027-12-10'))).toBe('2027-12-28');
    expect(ins.resolveExpiry('NIFTY', { kind: 'current-week' }, at('2027-12-22'))).toBe('2027-12-28');
    expect(ins.isFutureListed('NIFTY', '2027-11-30', at('2027-11-01'))).toBe(true);
    expect(() => ins.resolveExpiry('NIFTY', { kind: 'current-week', roll: true }, at('2027-12-28'))).toThrow(/NIFTY expiry due on 2028-01-04/);
    expect(() => ins.resolveExpiry('SENSEX', { kind: 'date', date: '2028-01-06' }, at('2027-12-10'))).toThrow(
      /Cannot place the SENSEX expiry due on 2028-01-06: The BSE holiday calendar/,
    );
    expect(() => ins.futureExpiries('BANKNIFTY', at('2027-11-01'))).toThrow(/BANKNIFTY expiry due on 2028-01-25/);
  });
});

describe('contract rules as they were on each date', () => {
  it('NIFTY on 2 Jan 2019: lot 75 and monthly expiries only, the last Thursday (weeklies were listed from 11 Feb 2019)', () => {
    const now = at('2019-01-02');
    expect(ins.listExpiries('NIFTY', now, 3)).toEqual(['2019-01-31', '2019-02-28', '2019-03-28']);
    expect(ins.resolveExpiry('NIFTY', { kind: 'current-week' }, now)).toBe('2019-01-31');
    expect(ins.resolveExpiry('NIFTY', { kind: 'next-month' }, now)).toBe('2019-02-28');
    expect(ins.lotSize('NIFTY', '2019-01-31')).toBe(75);
    expect(ins.qtyForLots('NIFTY', 2, '2019-01-31')).toBe(150);
    expect(ins.futureExpiries('NIFTY', now)).toEqual(['2019-01-31', '2019-02-28', '2019-03-28']);
    // 14 Feb 2019 was the first weekly expiry, but on 2 Jan it was not listed yet.
    expect(ins.isExpiryDate('NIFTY', '2019-02-14')).toBe(true);
    expect(ins.isListed('NIFTY', '2019-02-14', now)).toBe(false);
    expect(() => ins.resolveExpiry('NIFTY', { kind: 'date', date: '2019-02-14' }, now)).toThrow(/NIFTY 2019-02-14 weekly was not listed yet on 2019-01-02/);
    expect(() => ins.resolveExpiry('NIFTY', { kind: 'date', date: '2019-01-24' }, now)).toThrow(
      /2019-01-24 is not a NIFTY expiry: NIFTY expires on the last Thursday of each month/,
    );
  });

  it('NIFTY weeklies from 11 Feb 2019, on Thursdays moved off holidays (Holi, Thu 21 Mar 2019)', () => {
    expect(ins.listExpiries('NIFTY', at('2019-02-11'), 4)).toEqual(['2019-02-14', '2019-02-21', '2019-02-28', '2019-03-07']);
    expect(ins.listExpiries('NIFTY', at('2019-03-18'), 2)).toEqual(['2019-03-20', '2019-03-28']);
    expect(ins.optionSymbol('NIFTY', '2019-03-20', 11500, 'CE')).toBe('NIFTY20MAR1911500CE');
  });

  it('NIFTY lot 75 → 50 from the July 2021 monthly (NSE/FAOP/47854): the lot of the contract’s expiry, not of the trade date', () => {
    expect(['2021-06-24', '2021-07-01', '2021-07-22', '2021-07-29', '2021-08-05'].map((e) => ins.lotSize('NIFTY', e))).toEqual([75, 75, 75, 50, 50]);
    // On 1 Jul 2021 the current weekly (1 Jul) was a 75 lot while the month's own monthly (29 Jul) was 50.
    expect(ins.listExpiries('NIFTY', at('2021-07-01'), 5)).toEqual(['2021-07-01', '2021-07-08', '2021-07-15', '2021-07-22', '2021-07-29']);
  });

  it('NIFTY in 2024: 50 → 25 from 2 May 2024, then 25 → 75 for weeklies from 2 Jan 2025 but monthlies only from 27 Feb 2025', () => {
    expect(['2024-04-25', '2024-05-02', '2024-05-30'].map((e) => ins.lotSize('NIFTY', e))).toEqual([50, 25, 25]);
    // NSE/FAOP/64625: the monthlies listed before 20 Nov 2024 (to 30 Jan 2025) kept 25.
    expect(['2024-12-19', '2024-12-26', '2025-01-02', '2025-01-23', '2025-01-30', '2025-02-27'].map((e) => ins.lotSize('NIFTY', e))).toEqual([
      25, 25, 75, 75, 25, 75,
    ]);
    // 75 → 65 with January 2026 (NSE/FAOP/70616).
    expect(['2025-12-23', '2025-12-30', '2026-01-06', '2026-01-27'].map((e) => ins.lotSize('NIFTY', e))).toEqual([75, 75, 65, 65]);
  });

  it('NIFTY moves from Thursday to Tuesday expiries with September 2025; today’s lot is 65', () => {
    expect(ins.listExpiries('NIFTY', at('2025-08-25'), 3)).toEqual(['2025-08-28', '2025-09-02', '2025-09-09']);
    expect(ins.monthlyExpiry('NIFTY', '2025-08')).toBe('2025-08-28');
    expect(ins.monthlyExpiry('NIFTY', '2025-09')).toBe('2025-09-30');
    expect([ins.lotSize('NIFTY'), ins.lotSize('NIFTY', '2026-03-24')]).toEqual([65, 65]);
  });

  it('BANKNIFTY: Wednesday weeklies with Thursday monthlies (Sep 2023), Wednesday monthlies (Mar 2024), monthly only (Nov 2024)', () => {
    // From 4 Sep 2023 weeklies on Wednesday, none in the monthly's week: the September monthly is Thursday the 28th.
    expect(ins.listExpiries('BANKNIFTY', at('2023-09-01'), 5)).toEqual(['2023-09-06', '2023-09-13', '2023-09-20', '2023-09-28', '2023-10-04']);
    expect(ins.isExpiryDate('BANKNIFTY', '2023-09-27')).toBe(false);
    expect([ins.monthlyExpiry('BANKNIFTY', '2024-02'), ins.monthlyExpiry('BANKNIFTY', '2024-03')]).toEqual(['2024-02-29', '2024-03-27']);
    // The last weekly on 13 Nov 2024; the December monthly's Wednesday is Christmas, so Tuesday the 24th; January 2025 is Thursday again.
    expect(ins.listExpiries('BANKNIFTY', at('2024-11-04'), 5)).toEqual(['2024-11-06', '2024-11-13', '2024-11-27', '2024-12-24', '2025-01-30']);
    expect(ins.resolveExpiry('BANKNIFTY', { kind: 'current-week' }, at('2024-11-14'))).toBe('2024-11-27');
  });

  it('BANKNIFTY lots 20, 25, 15, 30, 35 and 30, each from its first expiry', () => {
    const lots = [
      '2019-01-31',
      '2020-07-23',
      '2020-07-30',
      '2023-07-20',
      '2023-07-27',
      '2025-01-30',
      '2025-02-27',
      '2025-06-26',
      '2025-07-31',
      '2025-12-30',
      '2026-01-27',
    ];
    expect(lots.map((e) => ins.lotSize('BANKNIFTY', e))).toEqual([20, 20, 25, 25, 15, 15, 30, 30, 35, 35, 30]);
  });

  it('refuses a date before an underlying’s rules start, naming the underlying and the first covered expiry', () => {
    const err = (() => {
      try {
        ins.resolveExpiry('NIFTY', { kind: 'current-week' }, at('2018-12-31'));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(MarketError);
    expect(err).toMatchObject({ code: 'INSTRUMENT_NOT_COVERED', details: { underlying: 'NIFTY', date: '2018-12-31', coversFrom: '2019-01-01' } });
    expect((err as MarketError).message).toMatch(
      /^The instrument file's NIFTY contract rules \(lot sizes, expiry days\) start with the contracts expiring on 2019-01-01/,
    );
    expect(() => ins.lotSize('NIFTY', '2018-12-27')).toThrow(/NIFTY contract rules .* 2019-01-01; a contract expiring 2018-12-27 is before them/);
    // FINNIFTY and MIDCPNIFTY history is not in the file: their rules start with today's lot (31 Dec 2025); SENSEX's with Sep 2025.
    expect(() => ins.listExpiries('FINNIFTY', at('2025-06-02'))).toThrow(/FINNIFTY contract rules .* 2025-12-31/);
    expect(ins.listExpiries('FINNIFTY', at('2025-12-31'), 2)).toEqual(['2026-01-27', '2026-02-24']);
    expect(() => ins.futureExpiries('MIDCPNIFTY', at('2025-11-03'))).toThrow(/MIDCPNIFTY contract rules .* 2025-12-31/);
    expect(() => ins.listExpiries('SENSEX', at('2025-08-29'))).toThrow(/SENSEX contract rules .* 2025-09-01/);
    expect(ins.listExpiries('SENSEX', at('2025-09-01'), 2)).toEqual(['2025-09-04', '2025-09-11']);
  });

  it('validates a history: it starts the coverage and hands over to today’s figures at their effective dates', () => {
    const nifty =
      (history: unknown, sources: unknown = { lotSize: { source: 'x', effective: '2026-01-01' }, expiry: { source: 'x', effective: '2025-09-01' } }) =>
      () =>
        Instruments.fromData(
          {
            underlyings: [
              {
                underlying: 'NIFTY',
                exchange: 'NSE',
                lotSize: 65,
                strikeStep: 50,
                freezeQty: 1800,
                expiry: { weekly: true, weekday: 'TUE' },
                sources,
                history,
              },
            ],
          },
          TradingCalendar.default(),
          'my.json',
        );
    expect(
      nifty({
        coversFrom: '2024-01-01',
        lotSizes: [
          { from: '2024-02-01', lotSize: 50, source: 'a' },
          { from: '2026-02-01', lotSize: 25, source: '' },
        ],
      }),
    ).toThrow(
      /history\.lotSizes\.1\.source: say where[\s\S]*history\.lotSizes\.0\.from: must be coversFrom \(2024-01-01\)[\s\S]*history\.lotSizes\.1\.from: must be before sources\.lotSize\.effective \(2026-01-01\)/,
    );
    expect(nifty({ coversFrom: '2024-01-01' })).toThrow(
      /history\.coversFrom: today's lotSize applies from 2026-01-01: list the earlier ones in history\.lotSizes/,
    );
    expect(nifty({ coversFrom: '2024-01-01', expiries: [{ from: '2024-01-01', weekly: true, weekday: 'THU', source: 'a' }] }, {})).toThrow(
      /history\.expiries: give sources\.expiry\.effective/,
    );
    // A well-formed one.
    const ok = nifty(
      {
        coversFrom: '2025-01-01',
        lotSizes: [{ from: '2025-01-01', lotSize: 75, source: 'a' }],
        expiries: [{ from: '2025-01-01', weekly: true, weekday: 'THU', source: 'b' }],
      },
      { lotSize: { source: 'x', effective: '2026-01-01' }, expiry: { source: 'x', effective: '2025-09-01' } },
    )();
    expect([ok.lotSize('NIFTY', '2025-08-28'), ok.lotSize('NIFTY', '2026-01-06'), ok.monthlyExpiry('NIFTY', '2025-08')]).toEqual([75, 65, '2025-08-28']);
  });
});
