import { FunctionCallError, type FunctionsPort } from '../../runtime/functions.ts';
import type { WorkerCallFrame } from '../../contracts/workers.ts';

/**
 * A call as the router sends it. The node's payload goes on as it is: nodes/shared/function-result.ts builds
 * it, the contract describes it for clients, and the endpoint's tests hold what is sent to it.
 */
export type CallFrame = Omit<WorkerCallFrame, 'message'> & { message: unknown };

/** A connected worker as the router sees it: whose it is and how to reach it. */
export interface WorkerLink {
  id: string;
  userId: string;
  send(frame: CallFrame): void;
}

/** How a worker answered a call: the function's value, or what it raised. */
export type CallAnswer = { ok: true; value: unknown } | { ok: false; type?: string; message: string };

interface Pending {
  workerId: string;
  resolve(value: unknown): void;
  reject(err: FunctionCallError): void;
  timer: NodeJS.Timeout;
}

const MAX_RAISED_LENGTH = 500;

/**
 * Routes function calls to connected workers. A user's deployments reach only that user's workers; when
 * several serve a function, calls go round-robin. Every call ends: with the answer, or failed because no
 * worker serves the name, the timeout passed, or the worker disconnected (at once, not at the timeout).
 */
export class FunctionRouter {
  private readonly workers = new Map<string, { link: WorkerLink; functions: Set<string> }>();
  private readonly pending = new Map<string, Pending>();
  private readonly turns = new Map<string, number>();
  private nextCall = 0;

  connect(link: WorkerLink): void {
    this.workers.set(link.id, { link, functions: new Set() });
  }

  /** Adds function names a worker serves; returns every name it serves now. */
  register(workerId: string, names: readonly string[]): string[] {
    const worker = this.workers.get(workerId);
    if (!worker) throw new Error(`worker ${workerId} is not connected`);
    for (const name of names) worker.functions.add(name);
    return [...worker.functions];
  }

  /** A worker went away: the calls it was running fail now. */
  disconnect(workerId: string): void {
    if (!this.workers.delete(workerId)) return;
    for (const [id, call] of this.pending) {
      if (call.workerId === workerId)
        this.settle(id, call, () => call.reject(new FunctionCallError('disconnected', 'its worker disconnected before answering')));
    }
  }

  /** A worker's answer. False when that worker has no such call waiting (it timed out, or was answered). */
  answer(workerId: string, callId: string, answer: CallAnswer): boolean {
    const call = this.pending.get(callId);
    if (!call || call.workerId !== workerId) return false;
    this.settle(callId, call, () => {
      if (answer.ok) call.resolve(answer.value);
      else call.reject(new FunctionCallError('raised', `raised ${raised(answer)}`));
    });
    return true;
  }

  /** The functions a user's deployments may call. */
  forUser(userId: string): FunctionsPort {
    return { call: (name, payload, { timeoutMs }) => this.call(userId, name, payload, timeoutMs) };
  }

  /** Names served for a user, each with how many of the user's workers serve it. */
  served(userId: string): Record<string, number> {
    const count: Record<string, number> = {};
    for (const { link, functions } of this.workers.values()) {
      if (link.userId === userId) for (const name of functions) count[name] = (count[name] ?? 0) + 1;
    }
    return count;
  }

  private call(userId: string, name: string, payload: unknown, timeoutMs: number): Promise<unknown> {
    const link = this.pick(userId, name);
    if (!link) {
      return Promise.reject(
        new FunctionCallError('no_worker', `no worker of yours serves it; run one that registers it (@worker.function("${name}"), then worker.run())`),
      );
    }
    const id = `c${++this.nextCall}`;
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        const call = this.pending.get(id);
        if (call) this.settle(id, call, () => reject(new FunctionCallError('timeout', `no answer within ${timeoutMs} ms`)));
      }, timeoutMs);
      this.pending.set(id, { workerId: link.id, resolve, reject, timer });
      try {
        link.send({ type: 'call', id, function: name, timeoutMs, message: payload });
      } catch (err) {
        const call = this.pending.get(id)!;
        this.settle(id, call, () => reject(new FunctionCallError('disconnected', `could not reach its worker (${(err as Error).message})`)));
      }
    });
  }

  /** The next of the user's workers serving `name`, in turn. */
  private pick(userId: string, name: string): WorkerLink | undefined {
    const serving = [...this.workers.values()].filter((w) => w.link.userId === userId && w.functions.has(name));
    if (serving.length === 0) return undefined;
    const key = `${userId}\u0000${name}`;
    const turn = this.turns.get(key) ?? 0;
    this.turns.set(key, turn + 1);
    return serving[turn % serving.length]!.link;
  }

  private settle(id: string, call: Pending, finish: () => void): void {
    clearTimeout(call.timer);
    this.pending.delete(id);
    finish();
  }
}

function raised(answer: { type?: string; message: string }): string {
  const text = answer.type ? `${answer.type}: ${answer.message}` : answer.message;
  return text.length > MAX_RAISED_LENGTH ? `${text.slice(0, MAX_RAISED_LENGTH)}…` : text;
}
