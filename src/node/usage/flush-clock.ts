// When the usage recorder next writes its queue: a timer for the next batch, or the next turn of the
// event loop once rows pile up. One of the two at a time; the timer never keeps the process alive.
export class FlushClock {
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;

  constructor(private readonly run: () => void) {}

  /** a flush is due, by the timer or on the next turn */
  get pending(): boolean {
    return this.timer !== null || this.immediate !== null;
  }

  /** on the next turn of the event loop (a pending timer gives way) */
  soon(): void {
    if (this.immediate) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.immediate = setImmediate(this.fire);
  }

  /** in `ms`, unless a flush is due already */
  after(ms: number): void {
    if (this.pending) return;
    this.timer = setTimeout(this.fire, ms);
    this.timer.unref();
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }

  private readonly fire = (): void => {
    this.timer = null;
    this.immediate = null;
    this.run();
  };
}
