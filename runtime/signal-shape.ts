/**
 * The normalised signal's shape, apart from the parsing in signal.ts (which hashes with node:crypto), so
 * node definitions and the browser editor can name it without reaching a Node built-in.
 */
export const SIGNAL_SOURCES = ['tradingview', 'python', 'schedule', 'manual', 'price', 'position', 'replay'] as const;
export type SignalSource = (typeof SIGNAL_SOURCES)[number];

/** Actions with a meaning across the catalogue; any other upper-case word is allowed and routable. */
export const KNOWN_ACTIONS = ['ENTRY', 'EXIT', 'BUY', 'SELL', 'LONG', 'SHORT', 'FLAT', 'ADJUST'] as const;

/** The normalised signal every source produces and every node reads. */
export interface Signal {
  id: string;
  source: SignalSource;
  channel: string;
  action: string;
  symbol?: string;
  price?: number;
  qty?: number;
  position?: string;
  time?: string;
  receivedAt: string;
  data: Record<string, unknown>;
  text?: string;
  dedupeKey: string;
  /** Fields that arrived as a TradingView placeholder left unfilled (`{{…}}`), taken as not given. */
  unfilled?: string[];
}

/** What a run's trace warns about its signal: the fields it did not get because TradingView left them unfilled. */
export function signalWarnings(signal: Signal): string[] {
  if (!signal.unfilled?.length) return [];
  return [
    `The alert left ${signal.unfilled.map((f) => `"${f}"`).join(', ')} as an unfilled TradingView placeholder; the graph ran as if ${signal.unfilled.length === 1 ? 'it was' : 'they were'} not sent.`,
  ];
}
