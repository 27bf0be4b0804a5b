/**
 * The leg table of a leg node with the payoff of its legs: strikes are resolved by the node's own code
 * against the live option chain (refreshed every few seconds, with the near-month future for a
 * futures-based ATM), priced at their last price.
 */
import { useMemo } from 'react';
import { formatFutureSymbol } from '../../../../runtime/market/option-symbol.ts';
import { NEAR_FUTURE_EXPIRY } from '../../../../nodes/shared/legs.ts';
import { defaultOf, itemsOf, propertyOf, type JsonSchema } from '../../../../runtime/json-schema.ts';
import type { AnyNodeDefinition } from '../catalog/definitions.ts';
import { selectCatalog } from '../catalog/node-types.ts';
import { expiryDates, previewLegs } from './leg-preview.ts';
import { customised, expirySettings, legRows, withRow, type LegNodeParams } from './leg-rows.ts';
import { LegTable } from './LegTable.tsx';
import { useExpiriesQuery, useInstrumentQuery, useLiveMarketQuery } from './market-api.ts';
import { PayoffPanel } from './PayoffPanel.tsx';
import { useAppSelector } from '../../store/hooks.ts';

/** Live enough to watch premiums move; cheap for the server (one chain per expiry). */
const REFRESH_MS = 5000;

const problem = (e: unknown) => (e && typeof e === 'object' && 'message' in e ? String(e.message) : 'the market is not available');

/**
 * What the node will ask the market: the date of each expiry setting (and of the near-month future when ATM
 * is measured from it), then those chains and the future's quote, re-read together.
 */
function useLegPreview(def: AnyNodeDefinition, nodeId: string, node: LegNodeParams) {
  const underlying = node.params.underlying;
  const legSettings = expirySettings(node);
  const futures = node.params.atmBasis === 'futures';
  const settings = futures ? [...legSettings, NEAR_FUTURE_EXPIRY] : legSettings;
  const instrument = useInstrumentQuery(underlying);
  const expiries = useExpiriesQuery({ underlying, expiries: settings });
  const dates = [...new Set(expiries.data?.slice(0, legSettings.length) ?? [])];
  const futureExpiry = futures ? expiries.data?.[legSettings.length] : undefined;
  const future = futureExpiry ? formatFutureSymbol(underlying, futureExpiry) : null;
  const market = useLiveMarketQuery({ underlying, expiries: dates, future }, { skip: dates.length === 0, pollingInterval: REFRESH_MS });
  const preview = useMemo(
    () =>
      instrument.data && expiries.data && market.data
        ? previewLegs(def, nodeId, node.params, instrument.data, expiryDates(settings, expiries.data), market.data)
        : null,
    // `settings` follows from node.params.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [def, nodeId, node.params, instrument.data, expiries.data, market.data],
  );
  const error = instrument.error ?? expiries.error ?? market.error;
  return { preview, error: error ? problem(error) : null, spot: market.data?.chains[0]?.spot };
}

function Legs({
  def,
  nodeId,
  node,
  schema,
  onCommit,
}: {
  def: AnyNodeDefinition;
  nodeId: string;
  node: LegNodeParams;
  schema: JsonSchema;
  onCommit: (params: Record<string, unknown>) => void;
}) {
  const { preview, error, spot } = useLegPreview(def, nodeId, node);
  const rows = legRows(node);
  const custom = node.type === 'legs.strategy' && node.params.preset === 'custom' ? node.params : null;
  const addLeg = () => {
    const items = itemsOf(propertyOf(schema, 'legs') ?? {});
    if (items) onCommit({ ...node.params, legs: [...(custom?.legs ?? []), defaultOf(items, schema)] });
  };
  return (
    <section className="lf-legs" aria-label="Leg table">
      <h3>Legs</h3>
      <div className="lf-leg-scroll">
        <LegTable
          rows={rows}
          legs={preview?.ok ? preview.legs : null}
          onRow={(i, patch) => onCommit(withRow(node, i, patch))}
          {...(custom ? { onRemove: (i: number) => onCommit({ ...custom, legs: custom.legs.filter((_, k) => k !== i) }) } : {})}
        />
      </div>
      {custom && (
        <button type="button" onClick={addLeg}>
          Add a leg
        </button>
      )}
      {node.type === 'legs.strategy' && !custom && (
        <button type="button" onClick={() => onCommit(customised(node.params))}>
          Customise these legs
        </button>
      )}
      {error && <p role="alert">Live prices unavailable: {error}</p>}
      {preview && !preview.ok && <p role="alert">These legs cannot be resolved now: {preview.error}</p>}
      {preview?.ok && <PayoffPanel legs={preview.legs} {...(spot ? { spot } : {})} />}
    </section>
  );
}

/** For `legs.option` and `legs.strategy`: their legs once the params parse, else a pointer to the form. */
export function LegEditor({
  nodeId,
  type,
  params,
  schema,
  onCommit,
}: {
  nodeId: string;
  type: string;
  params: Record<string, unknown>;
  schema: JsonSchema;
  onCommit: (params: Record<string, unknown>) => void;
}) {
  const def = useAppSelector(selectCatalog).get(type)?.definition;
  const parsed = def?.params.safeParse(params);
  if (!def || !parsed?.success) return <p className="lf-muted">Fix the settings above to see the legs and their payoff.</p>;
  return <Legs def={def} nodeId={nodeId} node={{ type, params: parsed.data } as LegNodeParams} schema={schema} onCommit={onCommit} />;
}
