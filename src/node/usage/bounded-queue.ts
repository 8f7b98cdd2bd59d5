// FIFO with O(1) push, O(1) amortised removal from the head, and a bound that drops the oldest items.

export class BoundedQueue<T> {
  private items: (T | undefined)[] = [];
  private head = 0;
  private droppedCount = 0;

  constructor(private readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError('capacity must be at least 1');
  }

  get length(): number {
    return this.items.length - this.head;
  }

  /** Items pushed out by the bound since creation. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Appends; returns the item dropped to make room, if any. */
  push(item: T): T | undefined {
    let evicted: T | undefined;
    if (this.length >= this.capacity) {
      evicted = this.items[this.head];
      this.items[this.head] = undefined;
      this.head++;
      this.droppedCount++;
    }
    this.items.push(item);
    this.compact();
    return evicted;
  }

  /** The first `n` items, oldest first, without removing them. */
  peek(n: number): T[] {
    const end = Math.min(this.items.length, this.head + n);
    return this.items.slice(this.head, end) as T[];
  }

  /** Removes the first `n` items. */
  shift(n: number): void {
    const end = Math.min(this.items.length, this.head + n);
    for (let i = this.head; i < end; i++) this.items[i] = undefined;
    this.head = end;
    this.compact();
  }

  /** Iterates the queued items, oldest first. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i] as T;
  }

  // Reclaim the dead prefix once it dominates, so memory stays proportional to what is queued.
  private compact(): void {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
