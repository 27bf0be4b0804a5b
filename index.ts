/**
 * Legflow's programmatic API: `import { blackScholes, impliedVolatility } from 'legflow'`. TypeScript source,
 * run through tsx as the rest of Legflow is (no build step).
 */
export { bsValuation as blackScholes, impliedVolatility, type OptionInput, type OptionValuation } from './runtime/market/black-scholes.ts';
export { MarketError, type MarketErrorCode } from './runtime/market/market-error.ts';
export { normalizeSignal, type Signal } from './runtime/signal.ts';
export { validateGraph } from './runtime/validate.ts';
export { compileGraph } from './runtime/plan.ts';
export { SimEngine } from './runtime/sim-engine.ts';
export { registry as nodeRegistry } from './nodes/catalogue.ts';
