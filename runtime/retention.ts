/**
 * What a long-running engine may forget, and from when: items in the order they finished, each with the
 * time from which it may go (`keepMs` after it finished). Its store keeps them for good, so memory holds
 * only what is open or recent. With `keepMs` Infinity (the default of every engine but the server's)
 * nothing is noted and nothing is forgotten.
 */
export class Retention<T> {
  private items: T[] = [];
  private dueAt: number[] = [];
  private head = 0;

  constructor(readonly keepMs: number = Number.POSITIVE_INFINITY) {
    if (!(keepMs > 0)) throw new RangeError(`keepMs must be a positive number of milliseconds; got ${keepMs}.`);
  }

  /** How many items wait to be forgotten. */
  get size(): number {
    return this.items.length - this.head;
  }

  /** Notes that `item` finished at `at`: it may be forgotten from `at + keepMs` on. */
  add(item: T, at: number): void {
    if (this.keepMs === Number.POSITIVE_INFINITY) return;
    this.items.push(item);
    this.dueAt.push(at + this.keepMs);
  }

  /**
   * Hands `forget` the items whose time is up at `now`, oldest first, and lets go of them. Items come out in
   * the order they were added: one noted with an earlier time behind a later one (a clock set back) waits.
   */
  forgetDue(now: number, forget: (item: T) => void): void {
    const from = this.head;
    while (this.head < this.items.length && this.dueAt[this.head]! <= now) forget(this.items[this.head++]!);
    if (this.head === from) return;
    // Dropped once at least half is taken: no shift per item, and nothing taken is held for long.
    if (this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.dueAt = this.dueAt.slice(this.head);
      this.head = 0;
    }
  }
}
