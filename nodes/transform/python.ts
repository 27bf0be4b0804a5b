import { z } from 'zod';
import { errorMessage } from '../../runtime/errors.ts';
import { FUNCTION_NAME_PATTERN, FUNCTION_TIMEOUT_MS } from '../../runtime/functions.ts';
import { defineNode } from '../../runtime/node-contract.ts';
import { applyAnswer, functionPayload } from '../shared/function-result.ts';

const ON_FAILURE = {
  fail: 'fail the node',
  pass: 'pass on unchanged',
  stop: 'stop quietly',
} as const;

/**
 * A function in the owner's connected Python process (a `legflow` worker), called with the message. The
 * call holds the deployment's queue while it waits, so its timeout is bounded.
 */
export const pythonTransform = defineNode({
  type: 'transform.python',
  version: 1,
  category: 'transform',
  title: 'Python function',
  description:
    'Calls a function of your connected Python worker with the message (signal, vars, legs); it returns fields to set in vars, legs to replace, or None to stop the path.',
  inputs: [{ name: 'in', kind: 'signal', label: 'In' }],
  outputs: [{ name: 'out', kind: 'same', label: 'Out' }],
  params: z.object({
    function: z
      .string()
      .regex(FUNCTION_NAME_PATTERN, 'start with a letter or "_"; then letters, digits, "_", ".", ":" or "-" (at most 100)')
      .default('my_function')
      .describe('Name your worker registers, as in @worker.function("my_function")'),
    timeoutMs: z
      .number()
      .int()
      .min(FUNCTION_TIMEOUT_MS.min, `at least ${FUNCTION_TIMEOUT_MS.min} ms`)
      .max(FUNCTION_TIMEOUT_MS.max, `at most ${FUNCTION_TIMEOUT_MS.max} ms: the deployment's next signals wait for this call`)
      .default(2000)
      .describe(
        `How long to wait for the answer, in milliseconds (${FUNCTION_TIMEOUT_MS.min} to ${FUNCTION_TIMEOUT_MS.max}); later signals of the deployment wait too`,
      ),
    onFailure: z
      .enum(['fail', 'pass', 'stop'])
      .default('fail')
      .describe(
        'When no worker serves the function, it times out or raises: "fail" marks the node failed and stops the path; "pass" sends the message on unchanged; "stop" ends the path without failing (both log the cause)',
      ),
  }),
  summary: (p) => `${p.function}() · timeout ${p.timeoutMs / 1000} s · on failure: ${ON_FAILURE[p.onFailure]}`,
  run: async (ctx, input, p) => {
    try {
      const answer = await ctx.functions.call(p.function, functionPayload(ctx, input), { timeoutMs: p.timeoutMs });
      const out = applyAnswer(ctx, input, answer);
      return out ? { out } : undefined;
    } catch (err) {
      const message = `Python function "${p.function}": ${errorMessage(err)}`;
      if (p.onFailure === 'fail') throw new Error(message, { cause: err });
      const outcome = p.onFailure === 'pass' ? 'the message went on unchanged' : 'the path stopped';
      ctx.log.warn(`${message} (${outcome})`, { nodeId: ctx.nodeId, signalId: input.signal.id });
      return p.onFailure === 'pass' ? { out: input } : undefined;
    }
  },
});
