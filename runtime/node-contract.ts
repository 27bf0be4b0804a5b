import type { z } from 'zod';
import type { CalendarPort, NodeContext } from './context.ts';
import type { Message } from './message.ts';
import type { InputKind, OutputKind } from './ports.ts';
import type { Signal, SignalSource } from './signal-shape.ts';

export const NODE_CATEGORIES = ['source', 'transform', 'legs', 'risk', 'exec'] as const;
export type NodeCategory = (typeof NODE_CATEGORIES)[number];

export interface InputPort {
  name: string;
  kind: InputKind;
  label: string;
}

export interface OutputPort {
  name: string;
  kind: OutputKind;
  label: string;
}

/** What `run` returns: messages by output port name. A port left out sends nothing; `undefined` stops. */
export type NodeOutput = Partial<Record<string, Message | readonly Message[]>> | undefined | void;

/** How a source node is reached by signals. Only source nodes have one. */
export interface SourceTrigger<P> {
  /** The signal source this node listens to. */
  source: SignalSource;
  /** The channel this node listens on, for routing signals to deployments. */
  channel?(params: P): string | undefined;
  /** Whether this node receives the signal. */
  matches(signal: Signal, params: P, nodeId: string): boolean;
  /** Time-driven sources: the first firing time strictly after `after` (epoch ms), if any. */
  nextFire?(params: P, after: number, calendar: CalendarPort): number | undefined;
  /** Price-driven sources: read on every market step. */
  watchPrice?: PriceWatch<P>;
}

/** A source that fires when an underlying's price moves a certain way, checked on every market step. */
export interface PriceWatch<P> {
  /** The underlying whose spot is read. */
  underlying(params: P): string;
  /**
   * Whether the move from `previous` (the last reading) to `current` fires. Answers a key naming this firing
   * (the day, for a once-a-day source), which becomes part of the signal id, so the same firing after a
   * restart is the same signal and enters once; undefined when it does not fire.
   */
  fires(params: P, move: { previous: number; current: number; now: number; lastFiredAt: number | undefined }): string | undefined;
}

export interface NodeDefinition<P = unknown> {
  /** Dotted, stable: `source.tradingview`, `legs.strategy`, `exec.enter`. */
  type: string;
  /** Bumped when params change incompatibly; `migrate` upgrades older params. */
  version: number;
  category: NodeCategory;
  title: string;
  description: string;
  inputs: readonly InputPort[];
  outputs: readonly OutputPort[];
  /** zod schema with a default and a description on every field. */
  params: z.ZodType<P>;
  trigger?: SourceTrigger<P>;
  /** One line for the canvas, e.g. "SELL ATM straddle · 1 lot · NIFTY". */
  summary(params: P): string;
  /** Checks beyond the schema (for example JSON Logic safety); each string is a problem for the trader. */
  check?(params: P): string[];
  /** Upgrades params saved by an older `version` of this node type. */
  migrate?(params: unknown, fromVersion: number): unknown;
  run(ctx: NodeContext, input: Message, params: P): NodeOutput | Promise<NodeOutput>;
}

/** Erased form the registry holds; the runtime only passes params that `params` parsed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds every P at once
export type AnyNodeDefinition = NodeDefinition<any>;

/** Declares a node type; `P` is inferred from the zod params schema. */
export function defineNode<S extends z.ZodType>(def: NodeDefinition<z.output<S>> & { params: S }): NodeDefinition<z.output<S>> {
  return Object.freeze(def);
}
