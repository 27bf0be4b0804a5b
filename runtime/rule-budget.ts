import { LegflowError } from './errors.ts';

/** What one evaluation of a trader's rule may do. */
export interface RuleLimits {
  /** Operator evaluations: every sub-rule applied counts one (a list operator counts its body once per item). */
  steps: number;
  /** The largest value it may build or read: a text's characters, a list's items (nested lists in full). */
  size: number;
  /**
   * Wall time, the backstop for steps that are each slow (`in` over a long text). Read every 16 steps past
   * the first thousand only: a rule a person writes never reads it, so a pause of the whole process (a
   * garbage collection, a busy machine) cannot fail one.
   */
  ms: number;
}

/**
 * Far above any rule a person writes (a condition over a signal takes tens of steps; a `some` over the legs
 * a few hundred), far below what stalls the server: 50,000 steps take a few milliseconds.
 */
export const RULE_LIMITS: Readonly<RuleLimits> = { steps: 50_000, size: 100_000, ms: 100 };

/** Steps before the time limit is first read. */
const UNTIMED_STEPS = 1_000;

/** A rule that would do more work than one evaluation may: the node fails, the server carries on. */
export class RuleTooCostlyError extends LegflowError<'rule_too_costly'> {
  constructor(what: string, limits: RuleLimits) {
    super(
      'rule_too_costly',
      `Rule too costly: ${what}. A rule may take ${count(limits.steps)} steps, build lists and texts of up to ${count(limits.size)} items or characters, and run ${limits.ms} ms; a list operator (map, filter, reduce, all, some, none) repeats everything inside it once per item, so keep them shallow and their lists short.`,
      { limits: { ...limits } },
    );
  }
}

/**
 * One evaluation's spending: counts steps, keeps the time, and weighs the values the steps return. A list
 * is weighed once (its weight is remembered), so weighing costs no more than building it did.
 */
export class RuleBudget {
  private steps = 0;
  private readonly deadline: number;
  /** Lists already weighed; made at the first list (most rules build none). */
  private weights: WeakMap<object, number> | undefined;

  constructor(
    readonly limits: RuleLimits,
    private readonly now: () => number,
  ) {
    this.deadline = now() + limits.ms;
  }

  /** One more operator evaluation; throws once the rule has had its share. */
  step(): void {
    const n = ++this.steps;
    if (n > this.limits.steps) throw new RuleTooCostlyError(`it needed more than ${count(this.limits.steps)} steps`, this.limits);
    if (n > UNTIMED_STEPS && (n & 15) === 0 && this.now() > this.deadline) throw new RuleTooCostlyError(`it ran longer than ${this.limits.ms} ms`, this.limits);
  }

  /** Refuses a value heavier than the limit. */
  check(value: unknown): void {
    if (typeof value === 'string') {
      if (value.length > this.limits.size) throw this.tooLarge('a text');
    } else if (Array.isArray(value)) {
      const weight = this.weigh(value);
      if (weight > this.limits.size) throw this.tooLarge('a list');
    }
  }

  /** Refuses a list or text about to grow past the limit, before it is built (`merge`, `cat`). */
  grows(what: 'a list' | 'a text', size: number): void {
    if (size > this.limits.size) throw this.tooLarge(what);
  }

  private weigh(list: unknown[]): number {
    const weights = (this.weights ??= new WeakMap());
    const known = weights.get(list);
    if (known !== undefined) return known;
    let weight = list.length;
    for (const item of list) {
      if (typeof item === 'string') weight += item.length;
      else if (Array.isArray(item)) weight += this.weigh(item);
      // Stop early: a list far over the limit is not worth walking to its end.
      if (weight > this.limits.size) break;
    }
    weights.set(list, weight);
    return weight;
  }

  private tooLarge(what: 'a list' | 'a text'): RuleTooCostlyError {
    const unit = what === 'a text' ? 'characters' : 'items (counting the characters of the texts in it)';
    return new RuleTooCostlyError(`it made ${what} of more than ${count(this.limits.size)} ${unit}`, this.limits);
  }
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
