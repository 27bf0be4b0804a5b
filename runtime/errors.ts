/**
 * Legflow's typed errors share one shape: a code to branch on, a message a trader can act on, and details
 * that become the `details` of an API error body. Each area names its own codes in a subclass.
 */
export class LegflowError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The message of anything thrown, for traces and logs. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The default of a switch that handles every member of a union: the compiler rejects the call when one is
 * missing. Reached at run time only through a cast or unparsed data.
 */
export function unreachable(value: never, what: string): never {
  throw new Error(`Unknown ${what} ${JSON.stringify(value)}.`);
}
