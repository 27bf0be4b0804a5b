/** The legs a leg node would trade right now, resolved by the node's own `run` against the live chain. */
import type { Leg, Message } from '../../../../runtime/message.ts';
import { messageFromSignal } from '../../../../runtime/message.ts';
import { errorMessage } from '../../../../runtime/errors.ts';
import { toExpiryRule, type ExpiryParam } from '../../../../nodes/shared/params.ts';
import type { AnyNodeDefinition } from '../catalog/definitions.ts';
import type { Instrument, LiveMarket } from './market-api.ts';
import { previewContext, ruleKey } from './preview-context.ts';

export interface PricedLeg extends Leg {
  /** Last traded price per unit now; null when the chain has no quote. */
  ltp: number | null;
}

export type LegPreview = { ok: true; legs: PricedLeg[] } | { ok: false; error: string };

const PREVIEW_SIGNAL = { id: 'preview', source: 'manual', channel: 'preview', action: 'ENTRY', receivedAt: '', data: {}, dedupeKey: 'preview' } as const;

/** Expiry settings and the dates the server resolved them to (in the same order) as the lookup a preview uses. */
export function expiryDates(settings: readonly ExpiryParam[], dates: readonly string[]): Map<string, string> {
  return new Map(settings.map((s, i) => [ruleKey(toExpiryRule(s)), dates[i] ?? '']));
}

export function previewLegs(
  def: AnyNodeDefinition,
  nodeId: string,
  params: unknown,
  instrument: Instrument,
  expiries: ReadonlyMap<string, string>,
  market: LiveMarket,
): LegPreview {
  try {
    const ctx = previewContext(nodeId, instrument, expiries, market);
    const out = def.run(ctx, messageFromSignal({ ...PREVIEW_SIGNAL, data: {} }), params);
    if (!out || out instanceof Promise) return { ok: false, error: 'this node does not resolve legs at once' };
    const sent = out.legs;
    const message = (Array.isArray(sent) ? sent[0] : sent) as Message | undefined;
    if (!message) return { ok: false, error: 'this node sent no legs' };
    return { ok: true, legs: message.legs.map((leg) => ({ ...leg, ltp: ctx.market.quote(leg.symbol)?.ltp ?? null })) };
  } catch (e) {
    return { ok: false, error: errorMessage(e) };
  }
}
