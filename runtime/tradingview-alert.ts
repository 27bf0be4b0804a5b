/**
 * The alert message Legflow gives for TradingView: each signal field and the placeholder TradingView fills
 * it from. The server hands it out per channel, and the editor's sample signal has the same fields, so a
 * test run hears what a real alert would send. `action` follows the strategy's order; a graph that routes
 * ENTRY/EXIT needs those words instead.
 */
export const TRADINGVIEW_ALERT_FIELDS = {
  action: 'strategy.order.action',
  symbol: 'ticker',
  price: 'close',
  qty: 'strategy.order.contracts',
  position: 'strategy.market_position',
  time: 'timenow',
  id: 'strategy.order.id',
} as const;

export type TradingviewAlertField = keyof typeof TRADINGVIEW_ALERT_FIELDS;

/** The message to paste into the alert, with the channel's secret first. */
export function tradingviewAlertMessage(secret: string): string {
  const fields = Object.entries(TRADINGVIEW_ALERT_FIELDS).map(([field, placeholder]) => [field, `{{${placeholder}}}`]);
  return JSON.stringify({ secret, ...Object.fromEntries(fields) });
}
