import type { Logger } from 'pino';
import type { Emitter } from '../../runtime/broker/emitter.ts';
import type { DeploymentHooks } from '../../runtime/deployment.ts';
import type { Kernel } from '../../runtime/kernel/kernel.ts';
import type { Signal } from '../../runtime/signal.ts';
import type { RunRecord } from '../../runtime/trace.ts';
import { outsideSchedule, skippedRun } from '../deployments/schedule.ts';
import type { AcceptResult, PendingRun, SignalJournal } from '../storage/storage.ts';
import type { HostEvent } from './event-publisher.ts';
import type { RunningDeployment, RunningDeployments } from './running.ts';

/** Starts a run may have in all: the first, and one more after the server stopped during it. */
export const MAX_RUN_ATTEMPTS = 2;

/** A run not made again: recorded `failed`, with `abandoned.reason` saying why (like a schedule's `skipped`). */
export type AbandonedRun = RunRecord & { abandoned: { code: 'stopped_during_run'; reason: string; attempts: number } };

export interface JournalRunnerDeps {
  journal: SignalJournal;
  kernel: Kernel;
  running: RunningDeployments;
  events: Emitter<HostEvent>;
  log: Logger;
}

/**
 * The signal journal's execution: signals already journaled run per deployment in arrival order, every run
 * is recorded (after the orders it placed), and what was acknowledged but not finished before a stop runs
 * again at the next start.
 */
export class JournalRunner {
  /** Signals acknowledged whose answer may not be written yet: handed to their deployments by `startAnswered`. */
  private answering: Array<{ deploymentIds: readonly string[]; signal: Signal }> = [];
  /** Settles once every signal acknowledged so far has been handed to its deployments (see ingest). */
  private handedOverAll: Promise<void> = Promise.resolve();
  /** Runs in progress per signal: the journal says `accepted` until a run finishes, the API says `running`. */
  private readonly inProgress = new Map<string, number>();

  constructor(private readonly deps: JournalRunnerDeps) {}

  /** What a running deployment reports back: its runs to the journal, its steps and status to the WebSocket. */
  hooksFor(userId: string, deploymentId: string): DeploymentHooks {
    const { events } = this.deps;
    return {
      onInternalSignal: (signal) => this.journalInternal(userId, deploymentId, signal),
      onStart: (signal) => {
        this.inProgress.set(signal.id, (this.inProgress.get(signal.id) ?? 0) + 1);
        events.emit({ type: 'signal.status', userId, data: { signalId: signal.id, status: 'running' } });
      },
      onStep: (signal, step) => events.emit({ type: 'run.node', userId, data: { signalId: signal.id, deploymentId, step } }),
      onRun: (signal, record) => this.finished(userId, deploymentId, signal, record),
    };
  }

  /**
   * Journals a signal and queues it for its deployments. Resolves once the journal entry is committed, so
   * the caller answers only what is on disk; alerts arriving together share one commit. The runs start
   * when the caller says its answer is written (`startAnswered`), else in the event loop's next check
   * phase: a webhook's reply waits for its journal entry only, not for the graph run and the SIM fill, and
   * the run does not wait for the other requests that arrived with it.
   */
  async ingest(userId: string, signal: Signal, bodyHash: string, dedupeWindowMs: number, idempotencyKey?: string): Promise<AcceptResult> {
    const deploymentIds = this.deps.running.targets(userId, signal.source, signal.channel);
    const entry = { userId, signal, bodyHash, deploymentIds, marketAt: this.deps.kernel.clock.now(), ...(idempotencyKey ? { idempotencyKey } : {}) };
    const result = await this.deps.journal.accept(entry, dedupeWindowMs);
    const data = { signalId: signal.id, source: signal.source, channel: signal.channel, action: signal.action, status: result.status, deploymentIds };
    this.deps.events.emit({ type: 'signal.received', userId, data });
    if (result.status === 'accepted' && deploymentIds.length > 0) this.dispatchAfterAnswer(deploymentIds, signal);
    return result;
  }

  /** Settles once every signal acknowledged so far is queued in its deployments (whose idle() then covers it). */
  handedOver(): Promise<void> {
    return this.handedOverAll;
  }

  /**
   * Runs again what was acknowledged but not finished before the last stop, oldest first; resolves with how
   * many. A deployment runs its signals one at a time, so its oldest unfinished run is the one that was in
   * progress when the server stopped. That run starts again only while it has started fewer than
   * MAX_RUN_ATTEMPTS times (the count is on disk before it starts); after that it is recorded failed with
   * the reason, so a run that stops the server cannot stop it again at every start.
   */
  async resumePending(): Promise<number> {
    const { journal, running } = this.deps;
    const pending = await journal.pendingRuns();
    const inProgress = new Map<string, PendingRun>();
    for (const p of pending) if (running.has(p.deploymentId) && !inProgress.has(p.deploymentId)) inProgress.set(p.deploymentId, p);
    const abandoned = new Map<PendingRun, number>();
    const resumes: Array<Promise<void>> = [];
    for (const p of inProgress.values()) {
      // Queued on disk: started once, in the process that stopped. Running: started `attempts` times.
      const started = p.status === 'running' ? p.attempts : 1;
      if (started >= MAX_RUN_ATTEMPTS) abandoned.set(p, started);
      else resumes.push(journal.runResumed(p.signalId, p.deploymentId, started + 1));
    }
    await Promise.all(resumes);
    for (const p of pending) {
      const started = abandoned.get(p);
      if (started === undefined) this.dispatch(p.deploymentId, p.signal);
      else this.abandon(p, started);
    }
    return pending.length - abandoned.size;
  }

  /** True while a run of this signal is executing (its journal status still says `accepted`). */
  inProgressSignal(signalId: string): boolean {
    return this.inProgress.has(signalId);
  }

  /** Records a run the server stopped during every time it started as failed, saying so, instead of running it. */
  private abandon(p: PendingRun, started: number): void {
    const d = this.deps.running.get(p.deploymentId)!;
    const reason = `The server stopped during this run ${started} times, so it is not run again: a run that stops the server would stop it at every start. Try the graph with this signal in the editor's test run, fix what makes it fail, and send the signal again.`;
    this.deps.log.warn({ signalId: p.signalId, deploymentId: p.deploymentId, attempts: started }, 'run abandoned: the server stopped during it every time');
    const run: AbandonedRun = {
      signalId: p.signalId,
      status: 'failed',
      startedAt: this.deps.kernel.clock.now(),
      durationUs: 0,
      steps: [],
      abandoned: { code: 'stopped_during_run', reason, attempts: started },
    };
    this.finished(d.userId, d.id, p.signal, run);
  }

  /** Hands every acknowledged signal to its deployments, in the order they were journaled (arrival order). */
  startAnswered(): void {
    const answered = this.answering;
    if (answered.length === 0) return;
    this.answering = [];
    for (const { deploymentIds, signal } of answered) for (const id of deploymentIds) this.dispatch(id, signal);
  }

  private dispatchAfterAnswer(deploymentIds: readonly string[], signal: Signal): void {
    this.answering.push({ deploymentIds, signal });
    if (this.answering.length > 1) return;
    // Whoever does not say when its answer is written (the express routes): the next check phase.
    this.handedOverAll = new Promise<void>((resolve) =>
      setImmediate(() => {
        this.startAnswered();
        resolve();
      }),
    );
  }

  private dispatch(deploymentId: string, signal: Signal): void {
    const d = this.deps.running.get(deploymentId);
    if (!d) {
      this.deps.log.warn({ deploymentId, signalId: signal.id }, 'signal queued for a deployment that is not running; it stays queued');
      return;
    }
    if (this.skipOutsideSchedule(d, signal)) return;
    void d.runtime.submit(signal).catch((err: unknown) => this.deps.log.error({ err, deploymentId, signalId: signal.id }, 'run crashed'));
  }

  /** Outside its schedule a deployment runs nothing: the run is recorded as skipped, saying why. */
  private skipOutsideSchedule(d: RunningDeployment, signal: Signal): boolean {
    if (!d.schedule) return false;
    const now = this.deps.kernel.clock.now();
    const reason = outsideSchedule(d.schedule, now, this.deps.kernel.calendar);
    if (reason === null) return false;
    this.finished(d.userId, d.id, signal, skippedRun(signal.id, now, reason));
    return true;
  }

  private journalInternal(userId: string, deploymentId: string, signal: Signal): void {
    // Queued ahead of the run's outcome, so it is on disk first. A replayed position event has the same id
    // as before the restart: journaled once, run again (idempotent).
    this.deps.journal
      .acceptInternal({ userId, signal, bodyHash: signal.dedupeKey, deploymentIds: [deploymentId], marketAt: this.deps.kernel.clock.now() })
      .then(
        (result) => {
          if (result.status === 'exists') return;
          const data = {
            signalId: signal.id,
            source: signal.source,
            channel: signal.channel,
            action: signal.action,
            status: result.status,
            deploymentIds: [deploymentId],
          };
          this.deps.events.emit({ type: 'signal.received', userId, data });
        },
        (err: unknown) => this.deps.log.error({ err, signalId: signal.id }, 'position signal not journaled'),
      );
  }

  private finished(userId: string, deploymentId: string, signal: Signal, record: RunRecord): void {
    const left = (this.inProgress.get(signal.id) ?? 1) - 1;
    if (left > 0) this.inProgress.set(signal.id, left);
    else this.inProgress.delete(signal.id);
    // Behind the orders the run placed, in the same or a later commit: a run never counts as done without
    // them. Runs finishing in one turn of the event loop share one commit.
    this.deps.journal.runFinished(signal.id, deploymentId, record, Date.now()).then(
      (status) => this.deps.events.emit({ type: 'signal.status', userId, data: { signalId: signal.id, status } }),
      (err: unknown) => this.deps.log.error({ err, signalId: signal.id, deploymentId }, 'run outcome not recorded'),
    );
    this.deps.log.info({ signalId: signal.id, deploymentId, status: record.status, us: record.durationUs }, 'run');
  }
}
