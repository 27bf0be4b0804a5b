import { VirtualClock } from '../runtime/market/clock.ts';
import { ReplayClock } from '../runtime/market/replay-clock.ts';
import type { TradingCalendar } from '../runtime/market/calendar.ts';
import type { SimEngine } from '../runtime/sim-engine.ts';
import { addDays, formatIst, istParts, istToMs } from '../runtime/time.ts';
import type { SimClockSetting } from './env.ts';

/**
 * Where a replayed SIM clock starts (epoch ms), or undefined for the real clock. Without a date it is the
 * previous trading day's open. It never starts before the SIM's saved state (the market levels and fills
 * of an earlier run): a SIM clock that ran backwards would meet orders from its own future.
 */
export function replayStartMs(setting: SimClockSetting, calendar: TradingCalendar, wallNow: number, savedAt: number | null): number | undefined {
  if (setting.mode === 'real') return undefined;
  const asked = setting.from
    ? istToMs(setting.from.date, setting.from.time ?? '09:15')
    : calendar.sessionOpenMs(calendar.previousTradingDay(addDays(istParts(wallNow).date, -1)));
  return savedAt !== null && savedAt > asked ? savedAt : asked;
}

export interface SimClockView {
  /** The SIM market's time. */
  now: string;
  /** real: the exchange's hours; replay: trading sessions only, at `speed`; virtual: moved by hand (tests, `legflow run`). */
  mode: 'real' | 'replay' | 'virtual';
  speed: number;
  /** replay: the moment the replay started from. */
  replayFrom: string | null;
  /** Per exchange: open now, and the next open when closed. */
  exchanges: Record<string, { open: boolean; nextOpen: string | null }>;
}

/** What the SIM clock reads and how it runs, for the API, the live view and the start-up line. */
export function describeSimClock(sim: SimEngine): SimClockView {
  const now = sim.clock.now();
  const clock = sim.clock;
  const mode = clock instanceof ReplayClock ? 'replay' : clock instanceof VirtualClock ? 'virtual' : 'real';
  const exchanges: SimClockView['exchanges'] = {};
  for (const exchange of new Set(sim.instruments.underlyings().map((u) => sim.instruments.get(u).exchange))) {
    const open = sim.calendar.isMarketOpen(now, exchange);
    exchanges[exchange] = { open, nextOpen: open ? null : new Date(sim.calendar.nextOpenMs(now, exchange)).toISOString() };
  }
  return {
    now: new Date(now).toISOString(),
    mode,
    speed: clock instanceof ReplayClock ? clock.speed : 1,
    replayFrom: clock instanceof ReplayClock ? new Date(clock.startedAtMs).toISOString() : null,
    exchanges,
  };
}

/** The start-up line that says what the SIM clock is, and how to practise when the exchange is closed. */
export function simClockLine(view: SimClockView): string {
  if (view.mode === 'replay') {
    return `SIM clock: practising on trading sessions from ${formatIst(Date.parse(view.replayFrom!))} at ${view.speed}× (nights, weekends and holidays are skipped).`;
  }
  const nse = view.exchanges.NSE;
  if (!nse || nse.open) return 'SIM clock: the exchange’s own hours (NSE is open now).';
  return `SIM clock: the exchange’s own hours. NSE is closed now and opens ${formatIst(Date.parse(nse.nextOpen!))}; to practise now, start with LEGFLOW_SIM_CLOCK=replay.`;
}
