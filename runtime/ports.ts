/**
 * Port kinds and the one compatibility rule that the editor (drawing an edge) and the server (validating a
 * graph) both call.
 *
 * - `signal`: a message carrying a signal (and whatever vars and legs it picked up).
 * - `legs`: a message that also carries resolved option legs. A legs message is still a signal message,
 *   so it may enter a `signal` input; a plain signal may not enter a `legs` input.
 * - `any`: an input that takes either (notify).
 * - `same` (outputs only): the output carries the kind that entered the node (condition, switch, gates).
 */
export const INPUT_KINDS = ['signal', 'legs', 'any'] as const;
export const OUTPUT_KINDS = ['signal', 'legs', 'same'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];
export type OutputKind = (typeof OUTPUT_KINDS)[number];
/** The kind a value actually has once `same` is resolved. */
export type ValueKind = 'signal' | 'legs';

export function canConnect(from: ValueKind, to: InputKind): boolean {
  return to === 'any' || from === to || (from === 'legs' && to === 'signal');
}

/** The kind an output carries, given the kinds that arrive at the node's inputs. */
export function resolveOutputKind(declared: OutputKind, incoming: readonly ValueKind[]): ValueKind {
  if (declared !== 'same') return declared;
  // Mixed or unknown input: only the general guarantee holds.
  return incoming.length > 0 && incoming.every((k) => k === 'legs') ? 'legs' : 'signal';
}
