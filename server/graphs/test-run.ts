import { listenersOf, sampleSignal } from '../../runtime/sample-signal.ts';
import type { RunRecord } from '../../runtime/trace.ts';
import { validateGraph } from '../../runtime/validate.ts';
import type { AppContext } from '../context.ts';
import { ApiError, invalidSignal } from '../http/api-error.ts';
import { randomId } from '../ids.ts';

/** Runs a draft on a sample signal against the live SIM market; nothing is ordered and nothing is stored. */
export async function testRunDraft(ctx: AppContext, userId: string, draft: unknown, raw: Record<string, unknown>): Promise<RunRecord> {
  const checked = validateGraph(draft, ctx.nodes);
  if (!checked.ok) {
    throw new ApiError(422, 'invalid_graph', `The graph has ${checked.problems.length} problem(s) to fix before it can run.`, { problems: checked.problems });
  }
  // Listeners in the order the nodes are saved: the first source is the one a bare {action} goes to.
  const sample = sampleSignal(raw, listenersOf(checked.nodes.values()), { id: `test-${randomId(12)}`, receivedAt: new Date(ctx.trading.now()) });
  if (!sample.ok) {
    throw invalidSignal('The sample signal is not valid', sample.problems);
  }
  return ctx.engine.testRun(draft, sample.signal, userId);
}
