/** The legs of a leg node, one row each: strike, CE/PE, BUY/SELL and lots (editable), and what they resolve to now. */
import { expiryParam, strikeParam, type ExpiryParam, type StrikeParam } from '../../../../nodes/shared/params.ts';
import type { PricedLeg } from './leg-preview.ts';
import type { LegRow, RowPatch } from './leg-rows.ts';

export const STRIKE_MODES: readonly string[] = strikeParam.unwrap().shape.mode.unwrap().options;

/** The strike setting each mode reads (ATM ± steps, a premium, a delta, a fixed strike). */
const STRIKE_VALUE: Record<string, { key: keyof StrikeParam; label: string; integer?: boolean }> = {
  atm: { key: 'offset', label: 'steps from ATM', integer: true },
  premium: { key: 'premium', label: 'premium ₹' },
  'premium-above': { key: 'premium', label: 'premium ₹' },
  'premium-below': { key: 'premium', label: 'premium ₹' },
  delta: { key: 'delta', label: 'delta' },
  absolute: { key: 'strike', label: 'strike' },
};

/** The strike setting in another mode; a fixed strike starts at the strike the leg resolves to now. */
function switchedTo(mode: StrikeParam['mode'], strike: StrikeParam, leg: PricedLeg | undefined): StrikeParam {
  const next = { ...strike, mode };
  if (STRIKE_VALUE[mode]?.key === 'strike' && next.strike === null && leg) next.strike = leg.strike;
  return next;
}

/** A number that commits on blur or Enter; text that is not a number stays, marked invalid. */
function NumberCell({ label, value, integer, onCommit }: { label: string; value: number | null; integer?: boolean; onCommit: (n: number) => void }) {
  const commit = (input: HTMLInputElement) => {
    const n = Number(input.value.trim());
    const ok = input.value.trim() !== '' && Number.isFinite(n) && (!integer || Number.isInteger(n));
    input.setAttribute('aria-invalid', ok ? 'false' : 'true');
    if (ok && n !== value) onCommit(n);
  };
  return (
    <input
      key={String(value)}
      className="lf-leg-number"
      aria-label={label}
      inputMode={integer ? 'numeric' : 'decimal'}
      defaultValue={value === null ? '' : String(value)}
      onBlur={(e) => commit(e.currentTarget)}
      onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget)}
    />
  );
}

/** Text that commits on blur or Enter; empty commits null. */
function TextCell({ label, value, onCommit }: { label: string; value: string | null; onCommit: (v: string | null) => void }) {
  const commit = (input: HTMLInputElement) => {
    const v = input.value.trim() === '' ? null : input.value.trim();
    if (v !== value) onCommit(v);
  };
  return (
    <input
      key={String(value)}
      className="lf-leg-name"
      aria-label={label}
      defaultValue={value ?? ''}
      onBlur={(e) => commit(e.currentTarget)}
      onKeyDown={(e) => e.key === 'Enter' && commit(e.currentTarget)}
    />
  );
}

const EXPIRY_KINDS = expiryParam.unwrap().shape.kind.unwrap().options;
const STRATEGY_EXPIRY = 'the strategy’s';

/** A custom leg's own expiry: the strategy's (null), a rule, or a date. */
function ExpiryCell({ label, value, onCommit }: { label: string; value: ExpiryParam | null; onCommit: (v: ExpiryParam | null) => void }) {
  return (
    <>
      <select
        aria-label={label}
        value={value?.kind ?? STRATEGY_EXPIRY}
        onChange={(e) => onCommit(e.target.value === STRATEGY_EXPIRY ? null : expiryParam.parse({ ...value, kind: e.target.value }))}
      >
        {[STRATEGY_EXPIRY, ...EXPIRY_KINDS].map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </select>
      {value?.kind === 'date' && (
        <input
          type="date"
          aria-label={`${label} date`}
          defaultValue={value.date ?? ''}
          onBlur={(e) => onCommit({ ...value, date: e.currentTarget.value || null })}
        />
      )}
    </>
  );
}

function Choice<T extends string>({
  label,
  value,
  options,
  onChange,
  disabled,
}: {
  label: string;
  value: T;
  options: readonly T[];
  onChange: (v: T) => void;
  disabled: boolean;
}) {
  return (
    <select aria-label={label} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as T)}>
      {options.map((o) => (
        <option key={o} value={o}>
          {o}
        </option>
      ))}
    </select>
  );
}

export interface LegTableProps {
  rows: readonly LegRow[];
  /** The legs as resolved now, in row order; null while the market loads. */
  legs: readonly PricedLeg[] | null;
  onRow: (index: number, patch: RowPatch) => void;
  onRemove?: (index: number) => void;
}

export function LegTable({ rows, legs, onRow, onRemove }: LegTableProps) {
  return (
    <table className="lf-leg-table">
      <thead>
        <tr>
          <th scope="col">Leg</th>
          {rows.some((r) => r.editable) && <th scope="col">Name</th>}
          {rows.some((r) => r.expiry !== undefined) && <th scope="col">Expiry</th>}
          <th scope="col">Strike</th>
          <th scope="col">Type</th>
          <th scope="col">Side</th>
          <th scope="col">{rows[0]?.sizeLabel ?? 'Lots'}</th>
          <th scope="col">Now</th>
          {onRemove && (
            <th scope="col">
              <span className="lf-visually-hidden">Remove</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => {
          const name = `Leg ${row.key}`;
          const value = STRIKE_VALUE[row.strike.mode];
          const leg = legs?.[i];
          const locked = !row.editable;
          return (
            <tr key={`${row.key}-${i}`}>
              <th scope="row">{row.key}</th>
              {rows.some((r) => r.editable) && (
                <td>{locked ? row.name : <TextCell label={`${name} name`} value={row.name} onCommit={(v) => onRow(i, { name: v })} />}</td>
              )}
              {rows.some((r) => r.expiry !== undefined) && (
                <td>{row.expiry !== undefined && <ExpiryCell label={`${name} expiry`} value={row.expiry} onCommit={(v) => onRow(i, { expiry: v })} />}</td>
              )}
              <td>
                <Choice
                  label={`${name} strike by`}
                  value={row.strike.mode}
                  options={STRIKE_MODES as StrikeParam['mode'][]}
                  disabled={locked}
                  onChange={(mode) => onRow(i, { strike: switchedTo(mode, row.strike, leg) })}
                />
                {value &&
                  (locked ? (
                    <span className="lf-muted"> {String(row.strike[value.key])}</span>
                  ) : (
                    <NumberCell
                      label={`${name} ${value.label}`}
                      value={row.strike[value.key] as number | null}
                      integer={value.integer ?? false}
                      onCommit={(n) => onRow(i, { strike: { ...row.strike, [value.key]: n } })}
                    />
                  ))}
              </td>
              <td>
                <Choice
                  label={`${name} call or put`}
                  value={row.optionType}
                  options={['CE', 'PE'] as const}
                  disabled={locked}
                  onChange={(optionType) => onRow(i, { optionType })}
                />
              </td>
              <td>
                <Choice
                  label={`${name} buy or sell`}
                  value={row.side}
                  options={['BUY', 'SELL'] as const}
                  disabled={locked}
                  onChange={(side) => onRow(i, { side })}
                />
              </td>
              <td>
                {locked ? (
                  row.size
                ) : (
                  <NumberCell label={`${name} ${row.sizeLabel.toLowerCase()}`} value={row.size} integer onCommit={(size) => onRow(i, { size })} />
                )}
              </td>
              <td className="lf-leg-now">
                {leg ? (
                  <>
                    {leg.strike} {leg.optionType} · {leg.expiry}
                    <br />₹{leg.ltp?.toFixed(2) ?? '—'} × {leg.qty}
                  </>
                ) : (
                  '…'
                )}
              </td>
              {onRemove && (
                <td>
                  <button type="button" onClick={() => onRemove(i)}>
                    Remove <span className="lf-visually-hidden">{name}</span>
                  </button>
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
