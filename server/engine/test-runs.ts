import { registry } from '../../nodes/catalogue.ts';
import type { Kernel } from '../../runtime/kernel/kernel.ts';
import { compileGraph } from '../../runtime/plan.ts';
import type { Signal } from '../../runtime/signal.ts';
import type { RunRecord } from '../../runtime/trace.ts';
import type { FunctionRouter } from '../workers/function-router.ts';

/**
 * The editor's test run: a signal through a graph against the live market without placing anything. Python
 * nodes call the user's connected workers, as the deployed graph would: a function call places no order.
 */
export class TestRuns {
  private count = 0;

  constructor(
    private readonly kernel: Kernel,
    private readonly functions: FunctionRouter,
  ) {}

  async run(graph: unknown, signal: Signal, userId: string): Promise<RunRecord> {
    const plan = compileGraph(graph, registry);
    const deployment = this.kernel.deploy(
      plan,
      { id: `test-run-${++this.count}`, dryRun: true },
      {},
      { register: false, functions: this.functions.forUser(userId) },
    );
    return deployment.submit(signal);
  }
}
