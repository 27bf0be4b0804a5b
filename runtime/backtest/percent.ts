/** Rounds to `decimals` places, half away from zero (as money.ts rounds), never −0. */
export function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return (Math.sign(x * f) * Math.round(Math.abs(x * f))) / f + 0;
}

/** `part` as a percentage of `whole`, to 2 decimals: the summary's win rate and the tables' alike. */
export function percent(part: number, whole: number): number {
  return roundTo((part / whole) * 100, 2);
}
