import { LegflowError } from '../errors.ts';
export type MarketErrorCode =
  | 'INVALID_DATA'
  | 'DATA_FILE_UNREADABLE'
  | 'UNKNOWN_UNDERLYING'
  | 'UNKNOWN_EXCHANGE'
  | 'EXPIRY_NOT_LISTED'
  | 'INVALID_ARGUMENT'
  | 'PRICE_OUTSIDE_BOUNDS'
  | 'CLOCK_BACKWARDS'
  /** A date outside the years the holiday calendar covers: Legflow will not guess whether it trades. */
  | 'CALENDAR_NOT_COVERED'
  /** A contract expiring before the instrument file's dated rules start: Legflow will not guess its lot size or expiry day. */
  | 'INSTRUMENT_NOT_COVERED';

/** The typed error of market data, instruments and calendar: a code to branch on, a message for a human. */
export class MarketError extends LegflowError<MarketErrorCode> {
  override readonly name = 'MarketError';
}
