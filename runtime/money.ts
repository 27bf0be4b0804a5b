/**
 * Money is exact: prices and P&L are carried as integer paise inside the broker and the position book, and
 * turned back into rupees only at the edge. 0.05 is not representable in binary floating point, so
 * `(173.50 - 154.05) * 65` in floats is 1264.2499999999993; in paise it is (17350 - 15405) * 65 = 126425.
 */
export type Paise = number;

/** Half a paisa rounds away from zero on both sides, and −0 never appears. */
export function toPaise(rupees: number): Paise {
  const paise = Math.round(Math.abs(rupees) * 100);
  return rupees < 0 && paise !== 0 ? -paise : paise;
}

export function toRupees(paise: Paise): number {
  return paise / 100;
}

/** Rounds a price in paise to the instrument's tick (in paise), half away from zero. */
export function roundToTickPaise(paise: number, tickPaise: Paise): Paise {
  const ticks = Math.round(Math.abs(paise) / tickPaise);
  return paise < 0 && ticks !== 0 ? -ticks * tickPaise : ticks * tickPaise;
}

/** Rounds a rupee price to the tick (0.05 by default) and returns rupees with no float noise. */
export function roundToTick(rupees: number, tick = 0.05): number {
  return toRupees(roundToTickPaise(rupees * 100, toPaise(tick)));
}
