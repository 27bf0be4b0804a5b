import { useId, useState } from 'react';
import { useVersionsQuery } from '../../api/legflow-api.ts';
import { useAppDispatch } from '../../store/hooks.ts';
import type { Mode } from '../deployments/deployment-schemas.ts';
import { useAccountsQuery, useCreateDeploymentMutation } from '../deployments/deployments-api.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { navigated } from '../ui/uiSlice.ts';
import { ChannelDetails } from './ChannelDetails.tsx';
import { ModeBadge } from './ModeBadge.tsx';
import { DEFAULT_SCHEDULE, ScheduleFields, scheduleError, type ScheduleDraft } from './ScheduleFields.tsx';

const MAX_MULTIPLIER = 100;

/** Deploys a published version to SIM or live, then shows what to paste into TradingView. */
export function DeployDialog({ graphId, onClose }: { graphId: string; onClose: () => void }) {
  const dispatch = useAppDispatch();
  const ids = { version: useId(), account: useId(), multiplier: useId() };
  const { data: versions = [] } = useVersionsQuery(graphId);
  const { data: accounts = [], isLoading: accountsLoading } = useAccountsQuery();
  const [deploy, { data: deployed, error, isLoading: deploying, reset }] = useCreateDeploymentMutation();
  const latest = versions[versions.length - 1]?.version;
  const [version, setVersion] = useState<number | null>(null);
  const [mode, setMode] = useState<Mode>('sim');
  const [accountId, setAccountId] = useState('');
  const [multiplier, setMultiplier] = useState('1');
  const [schedule, setSchedule] = useState<ScheduleDraft>(DEFAULT_SCHEDULE);

  const chosenVersion = version ?? latest;
  const ofMode = accounts.filter((a) => a.mode === mode);
  const account = ofMode.find((a) => a.id === accountId) ?? ofMode[0];
  const lots = Number(multiplier);
  const multiplierError = Number.isInteger(lots) && lots >= 1 && lots <= MAX_MULTIPLIER ? null : `A whole number from 1 to ${MAX_MULTIPLIER}.`;
  const invalid = multiplierError !== null || scheduleError(schedule) !== null;

  if (deployed) {
    return (
      <Dialog title="Deployed" onClose={onClose} wide>
        <p role="status">
          Version {deployed.version} is {deployed.status} on account {deployed.accountId} <ModeBadge mode={deployed.mode} />
          {deployed.multiplier > 1 ? ` · every leg × ${deployed.multiplier}` : ''}
          {deployed.schedule ? ` · takes signals ${deployed.schedule.description}` : ''}
        </p>
        {(deployed.warnings ?? []).map((warning) => (
          <p key={warning} role="alert" className="lf-warning">
            {warning}
          </p>
        ))}
        <ChannelDetails channels={deployed.channels ?? []} />
        <div className="lf-row">
          <button type="button" onClick={() => dispatch(navigated({ name: 'live', deploymentId: deployed.id }))}>
            Open the live view
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title="Deploy" onClose={onClose}>
      <form
        className="lf-deploy-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (chosenVersion === undefined || invalid) return;
          const { on, ...chosen } = schedule;
          void deploy({
            graphId,
            version: chosenVersion,
            mode,
            multiplier: lots,
            ...(account ? { accountId: account.id } : {}),
            ...(on ? { schedule: chosen } : {}),
          });
        }}
      >
        <label htmlFor={ids.version}>Version</label>
        <select id={ids.version} value={chosenVersion ?? ''} onChange={(e) => setVersion(Number(e.target.value))}>
          {[...versions].reverse().map((v) => (
            <option key={v.version} value={v.version}>
              Version {v.version} · published {new Date(v.createdAt).toLocaleString()}
            </option>
          ))}
        </select>

        <fieldset className="lf-modes">
          <legend>Mode</legend>
          {(['sim', 'live'] as const).map((m) => (
            <label key={m} className={`lf-check lf-mode-choice is-${m}`}>
              <input
                type="radio"
                name="mode"
                value={m}
                checked={mode === m}
                onChange={() => {
                  setMode(m);
                  setAccountId('');
                  reset();
                }}
              />
              {m === 'sim' ? 'SIM: paper trading on virtual money' : 'Live: real orders through a broker'}
            </label>
          ))}
        </fieldset>

        <label htmlFor={ids.account}>Account</label>
        <select id={ids.account} value={account?.id ?? ''} onChange={(e) => setAccountId(e.target.value)} disabled={ofMode.length === 0}>
          {ofMode.length === 0 && <option value="">{accountsLoading ? 'Loading…' : `No ${mode === 'sim' ? 'SIM' : 'live'} account`}</option>}
          {ofMode.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} · capital ₹{a.capital.toLocaleString('en-IN')}
              {a.marginFree === undefined
                ? ''
                : ` · margin free ₹${a.marginFree.toLocaleString('en-IN')} (used ₹${(a.marginUsed ?? 0).toLocaleString('en-IN')})`}
            </option>
          ))}
        </select>

        <label htmlFor={ids.multiplier}>Multiplier (lots × this)</label>
        <input
          id={ids.multiplier}
          type="number"
          min={1}
          max={MAX_MULTIPLIER}
          step={1}
          value={multiplier}
          aria-invalid={multiplierError !== null}
          aria-describedby={multiplierError ? `${ids.multiplier}-error` : undefined}
          onChange={(e) => setMultiplier(e.target.value)}
        />
        {multiplierError && (
          <p id={`${ids.multiplier}-error`} className="lf-field-error">
            {multiplierError}
          </p>
        )}

        <ScheduleFields value={schedule} onChange={setSchedule} />

        {error && (
          <p role="alert" className="lf-error-text">
            {'message' in error ? error.message : 'The deployment failed.'}
          </p>
        )}
        <div className="lf-row">
          <button type="submit" disabled={deploying || chosenVersion === undefined || invalid}>
            {deploying ? 'Deploying…' : mode === 'sim' ? 'Deploy to SIM' : 'Deploy live'}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
