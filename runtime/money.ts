/**
 * Money is exact: prices and P&L are carried as integer paise inside the broker and the position book, and
 * turned back into rupees only at the edge. 0.05 is not representable in binary floating point, so
 * `120.05 * 65` in floats is 7803.249999…; in paise it is 12005 * 65 = 780325 exactly.
 */
export type Paise = number;

export function toPaise(rupees: number): Paise {
  return Math.round(rupees * 100);
}

export function toRupees(paise: Paise): number {
  return paise / 100;
}

/** Rounds a price in paise to the instrument's tick (in paise), half away from zero. */
export function roundToTickPaise(paise: number, tickPaise: Paise): Paise {
  return Math.sign(paise) * Math.round(Math.abs(paise) / tickPaise) * tickPaise;
}

/** Rounds a rupee price to the tick (0.05 by default) and returns rupees with no float noise. */
export function roundToTick(rupees: number, tick = 0.05): number {
  return toRupees(roundToTickPaise(rupees * 100, toPaise(tick)));
}
