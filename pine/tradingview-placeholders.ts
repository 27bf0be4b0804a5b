/**
 * TradingView's alert placeholders, and where each one works (docs/pine.md, "Placeholders"). Names are
 * case-sensitive: TradingView replaces a misspelt one with nothing, so the tests refuse any name not here.
 */

/** Filled from the bar that triggered the alert: in alertcondition() messages and in any alert's Message box. */
export const BAR_PLACEHOLDERS = ['ticker', 'exchange', 'open', 'high', 'low', 'close', 'volume', 'time', 'timenow', 'interval'] as const;

/** Only in the Message box of an alert on a strategy. */
export const STRATEGY_PLACEHOLDERS = [
  'strategy.order.action',
  'strategy.order.contracts',
  'strategy.order.price',
  'strategy.order.id',
  'strategy.order.comment',
  'strategy.order.alert_message',
  'strategy.position_size',
  'strategy.market_position',
  'strategy.market_position_size',
  'strategy.prev_market_position',
  'strategy.prev_market_position_size',
] as const;

/** `{{plot_0}}` … `{{plot_19}}`: the script's first 20 plots, in plot order. */
const PLOT = /^plot_(1?\d)$/;

export type PlaceholderContext = 'indicator' | 'strategy';

/** The placeholder names in a message, in order. */
export function placeholdersIn(message: string): string[] {
  return [...message.matchAll(/\{\{(.*?)\}\}/g)].map((m) => m[1]!);
}

export function isKnownPlaceholder(name: string, context: PlaceholderContext): boolean {
  if ((BAR_PLACEHOLDERS as readonly string[]).includes(name) || PLOT.test(name)) return true;
  return context === 'strategy' && (STRATEGY_PLACEHOLDERS as readonly string[]).includes(name);
}

/** The message as TradingView sends it: every placeholder replaced by its value; an unknown name throws. */
export function fillPlaceholders(message: string, values: Record<string, string>, context: PlaceholderContext): string {
  return message.replace(/\{\{(.*?)\}\}/g, (_, name: string) => {
    if (!isKnownPlaceholder(name, context)) throw new Error(`{{${name}}} is not a TradingView placeholder in ${context} alerts`);
    const value = values[name];
    if (value === undefined) throw new Error(`no example value for {{${name}}}`);
    return value;
  });
}
