import { useId } from 'react';
import { MON_TO_FRI, WEEK_FROM_MONDAY, weekdayLabel, type Weekday } from '../../../../runtime/weekdays.ts';
import type { ScheduleInput } from '../deployments/deployment-schemas.ts';

export interface ScheduleDraft extends ScheduleInput {
  /** Off: the deployment takes signals at any time. */
  on: boolean;
}

export const DEFAULT_SCHEDULE: ScheduleDraft = { on: false, days: [...MON_TO_FRI], start: '09:20', stop: '15:00' };

/** What is wrong with a schedule draft, as the trader reads it; null when it can be sent. */
export function scheduleError(s: ScheduleDraft): string | null {
  if (!s.on) return null;
  if (s.days.length === 0) return 'Pick at least one day.';
  if (!s.start || !s.stop) return 'Give both times.';
  if (s.start >= s.stop) return '“From” must be before “Until” (the same day).';
  return null;
}

/** The deploy dialog's schedule: on or off, the weekdays, and the IST hours it takes signals. */
export function ScheduleFields({ value, onChange }: { value: ScheduleDraft; onChange: (next: ScheduleDraft) => void }) {
  const ids = { start: useId(), stop: useId(), hint: useId(), error: useId() };
  const error = scheduleError(value);
  const set = (patch: Partial<ScheduleDraft>) => onChange({ ...value, ...patch });
  const toggleDay = (day: Weekday) =>
    set({ days: value.days.includes(day) ? value.days.filter((d) => d !== day) : WEEK_FROM_MONDAY.filter((d) => d === day || value.days.includes(d)) });

  return (
    <fieldset className="lf-schedule" aria-describedby={ids.hint}>
      <legend>Schedule</legend>
      <label className="lf-check">
        <input type="checkbox" checked={value.on} onChange={(e) => set({ on: e.target.checked })} />
        Take signals only on chosen days and hours
      </label>
      {value.on && (
        <>
          <div className="lf-schedule-days" role="group" aria-label="Days">
            {WEEK_FROM_MONDAY.map((day) => (
              <label key={day} className="lf-check">
                <input type="checkbox" checked={value.days.includes(day)} onChange={() => toggleDay(day)} />
                {weekdayLabel(day)}
              </label>
            ))}
          </div>
          <div className="lf-schedule-times">
            <label htmlFor={ids.start}>From (IST)</label>
            <input
              id={ids.start}
              type="time"
              value={value.start}
              required
              aria-invalid={error !== null}
              aria-describedby={error ? ids.error : undefined}
              onChange={(e) => set({ start: e.target.value })}
            />
            <label htmlFor={ids.stop}>Until (IST)</label>
            <input
              id={ids.stop}
              type="time"
              value={value.stop}
              required
              aria-invalid={error !== null}
              aria-describedby={error ? ids.error : undefined}
              onChange={(e) => set({ stop: e.target.value })}
            />
          </div>
          {error && (
            <p id={ids.error} className="lf-field-error">
              {error}
            </p>
          )}
        </>
      )}
      <p id={ids.hint} className="lf-muted lf-hint">
        {value.on
          ? 'Exchange holidays are skipped. Outside these hours a signal is recorded as skipped; the deployment keeps running and keeps watching what it holds.'
          : 'Signals are taken at any time.'}
      </p>
    </fieldset>
  );
}
