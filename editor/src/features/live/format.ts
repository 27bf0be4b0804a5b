const rupees = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const price = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const formatRupees = (n: number) => rupees.format(n);
export const formatPrice = (n: number | null) => (n === null ? '–' : price.format(n));
export const formatTime = (iso: string | number) => new Date(iso).toLocaleTimeString('en-IN', { hour12: false });

/** Positive P&L reads green, negative red. */
export const pnlClass = (n: number | null) => (n === null || n === 0 ? '' : n > 0 ? 'is-gain' : 'is-loss');

const SOURCES: Record<string, string> = {
  tradingview: 'TradingView',
  python: 'Python',
  schedule: 'Schedule',
  manual: 'Manual',
  price: 'Price',
  position: 'Position',
  replay: 'Replay',
};
export const sourceName = (source: string) => SOURCES[source] ?? source;
