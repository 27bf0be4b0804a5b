import { skipToken } from '@reduxjs/toolkit/query/react';
import { useState, type FormEvent } from 'react';
import { useGraphsQuery, useVersionsQuery } from '../../api/legflow-api.ts';
import { useDeploymentsQuery } from '../deployments/deployments-api.ts';
import type { NewBacktest } from './backtest-schemas.ts';
import { useRunBacktestMutation } from './backtests-api.ts';

type SignalsChoice = 'none' | 'csv' | 'journal';

/**
 * What to backtest: a published version of one of your graphs, the IST dates, the synthetic market's seed,
 * the capital, and the signals (none: the graph's own sources fire; a pasted or chosen CSV file; or what one
 * of the graph's deployments really received). Run queues the job; `onQueued` gets its id.
 */
export function BacktestForm({ onQueued }: { onQueued: (id: string) => void }) {
  const { data: graphs = [] } = useGraphsQuery();
  const published = graphs.filter((g) => g.versions > 0);
  const [graphId, setGraphId] = useState('');
  const { data: versions = [] } = useVersionsQuery(graphId || skipToken);
  const [version, setVersion] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [seed, setSeed] = useState('1');
  const [capital, setCapital] = useState('1000000');
  const [signals, setSignals] = useState<SignalsChoice>('none');
  const [csv, setCsv] = useState('');
  const { data: deployments = [] } = useDeploymentsQuery(signals === 'journal' ? undefined : skipToken);
  const ofGraph = deployments.filter((d) => d.graphId === graphId);
  const [deploymentId, setDeploymentId] = useState('');
  const [run, { isLoading, error, reset }] = useRunBacktestMutation();

  // The newest version unless one is chosen.
  const chosenVersion = version || String(versions[versions.length - 1]?.version ?? '');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: NewBacktest = {
      graphId,
      version: Number(chosenVersion),
      from,
      to,
      seed: Number(seed),
      capital: Number(capital),
      ...(signals === 'csv' ? { signals: { kind: 'csv' as const, text: csv } } : {}),
      ...(signals === 'journal' ? { signals: { kind: 'journal' as const, deploymentId: deploymentId || (ofGraph[0]?.id ?? '') } } : {}),
    };
    const answer = await run(body);
    if ('data' in answer && answer.data) onQueued(answer.data.id);
  };

  return (
    <form className="lf-bt-form" onSubmit={(e) => void submit(e)} onChange={() => error && reset()} aria-label="New backtest">
      <label>
        Graph
        <select
          value={graphId}
          required
          onChange={(e) => {
            setGraphId(e.target.value);
            setVersion('');
            setDeploymentId('');
          }}
        >
          <option value="">{published.length === 0 ? 'Publish a graph first' : 'Choose a graph'}</option>
          {published.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Version
        <select value={chosenVersion} required onChange={(e) => setVersion(e.target.value)}>
          {versions.map((v) => (
            <option key={v.version} value={v.version}>
              v{v.version}
            </option>
          ))}
        </select>
      </label>
      <label>
        From
        <input type="date" value={from} required onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label>
        To
        <input type="date" value={to} required onChange={(e) => setTo(e.target.value)} />
      </label>
      <label>
        Seed
        <input type="number" min={0} step={1} value={seed} required onChange={(e) => setSeed(e.target.value)} />
      </label>
      <label>
        Capital (₹)
        {/* Any step: paise are checked by the server, which says so; a step of 0.01 trips float checks on large sums. */}
        <input type="number" min={1} step="any" value={capital} required onChange={(e) => setCapital(e.target.value)} />
      </label>
      <fieldset>
        <legend>Signals</legend>
        <label>
          <input type="radio" name="bt-signals" checked={signals === 'none'} onChange={() => setSignals('none')} /> The graph’s own sources only
        </label>
        <label>
          <input type="radio" name="bt-signals" checked={signals === 'csv'} onChange={() => setSignals('csv')} /> A signals file (CSV)
        </label>
        <label>
          <input type="radio" name="bt-signals" checked={signals === 'journal'} onChange={() => setSignals('journal')} /> A deployment’s real alerts
        </label>
        {signals === 'csv' && (
          <>
            <textarea
              aria-label="Signals CSV"
              rows={5}
              required
              placeholder={'time,action\n2026-11-23 09:30,ENTRY\n2026-11-23 14:00,EXIT'}
              value={csv}
              onChange={(e) => setCsv(e.target.value)}
            />
            <input type="file" accept=".csv,text/csv,text/plain" aria-label="Signals file" onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)} />
          </>
        )}
        {signals === 'journal' && (
          <select aria-label="Deployment" required value={deploymentId || (ofGraph[0]?.id ?? '')} onChange={(e) => setDeploymentId(e.target.value)}>
            {ofGraph.length === 0 && <option value="">This graph has no deployment</option>}
            {ofGraph.map((d) => (
              <option key={d.id} value={d.id}>
                {d.mode.toUpperCase()} v{d.version} · deployed {new Date(d.createdAt).toLocaleDateString()}
              </option>
            ))}
          </select>
        )}
      </fieldset>
      <button type="submit" disabled={isLoading || !graphId}>
        {isLoading ? 'Queuing…' : 'Run backtest'}
      </button>
      {error && (
        <p role="alert" className="lf-error-text">
          {'message' in error ? error.message : 'The backtest could not be queued.'}
        </p>
      )}
    </form>
  );
}
