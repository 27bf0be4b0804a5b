import { LegflowError } from '../errors.ts';

export type BacktestErrorCode =
  /** The signals file as a whole cannot be read: empty, or a header that names no time and action. */
  | 'INVALID_SIGNALS_FILE'
  /** The date range, capital, seed or step is not usable. */
  | 'INVALID_SETTINGS';

/** A backtest refused before it ran: its message says what to change. */
export class BacktestError extends LegflowError<BacktestErrorCode> {
  override readonly name = 'BacktestError';
}
