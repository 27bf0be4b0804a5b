import { describe, expect, it } from 'vitest';
import type { BacktestJobSummary } from './backtest-schemas.ts';
import { finished, progressed, progressShare } from './job-progress.ts';
import { storyJob } from './story-data.ts';

const queued = (): BacktestJobSummary => {
  const { result: _result, ...summary } = storyJob;
  return { ...summary, id: 'bt_1', status: 'queued', progress: { day: 0, days: 4 }, startedAt: null, finishedAt: null };
};
const progress = (day: number) => ({ backtestId: 'bt_1', date: '2026-11-23', day, days: 4 });

describe('a job’s progress from the backtests topic', () => {
  it('runs once a day is played, and never moves back on a late event', () => {
    const job = queued();
    progressed(job, progress(2));
    expect(job).toMatchObject({ status: 'running', progress: { day: 2, days: 4 } });
    progressed(job, progress(1));
    expect(job.progress).toEqual({ day: 2, days: 4 });
    expect(progressShare(job)).toBe(0.5);
  });

  it('is untouched by another job’s events and by progress after its end', () => {
    const job = queued();
    progressed(job, { ...progress(1), backtestId: 'bt_other' });
    expect(job).toEqual(queued());
    finished(job, { backtestId: 'bt_1', status: 'cancelled', error: null });
    progressed(job, progress(3));
    expect(job).toMatchObject({ status: 'cancelled', progress: { day: 0, days: 4 } });
  });

  it('ends as the finished event says: a completed job’s bar full, a failed one with its error', () => {
    const done = queued();
    finished(done, { backtestId: 'bt_1', status: 'completed', error: null });
    expect(done).toMatchObject({ status: 'completed', progress: { day: 4, days: 4 } });
    expect(progressShare(done)).toBe(1);

    const failed = queued();
    const error = { code: 'invalid_signals_file', message: 'no header', details: {} };
    finished(failed, { backtestId: 'bt_1', status: 'failed', error });
    expect(failed).toMatchObject({ status: 'failed', error, progress: { day: 0, days: 4 } });
  });

  it('shows a range of no trading day as empty while queued and full once ended', () => {
    const none = { ...queued(), progress: { day: 0, days: 0 } };
    expect(progressShare(none)).toBe(0);
    expect(progressShare({ ...none, status: 'completed' })).toBe(1);
  });
});
