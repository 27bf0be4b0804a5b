import type { SimBroker } from './broker/sim-broker.ts';
import { simEnvironment, type SimEnvironmentOptions } from './kernel/environment.ts';
import { Kernel, type KernelOptions } from './kernel/kernel.ts';
import type { SyntheticMarket } from './market/synthetic-market.ts';

export type { EngineSavedState, LogEntry } from './kernel/kernel.ts';

/** keepFinishedMs: the broker's finished orders and the manager's closed groups alike. */
export type SimEngineOptions = SimEnvironmentOptions & KernelOptions;

/**
 * The kernel on the SIM environment (seeded synthetic market, SIM broker): what `legflow run`, the server,
 * tests and benchmarks run. A name kept for its many callers; it adds nothing to the kernel.
 */
export class SimEngine extends Kernel<SyntheticMarket, SimBroker> {
  constructor(options: SimEngineOptions) {
    super(simEnvironment(options), options);
  }
}
