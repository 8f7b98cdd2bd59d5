// Responses the database could not take because another program held its write lock (a database browser
// with the file open for editing): kept here, in the order they came, and written as soon as the lock goes,
// so an id the client already holds is found (here meanwhile, in SQLite after) rather than lost. Bounded:
// past MAX_WAITING a response is refused as before (the answer still goes out; only its continuation is lost).
import { isLockError } from '../data-dir/storage-errors';
import type { StoredResponse } from './response-store';

export const MAX_WAITING = 1_000;
const FIRST_RETRY_MS = 100;
const LAST_RETRY_MS = 2_000;

interface Waiting {
  r: StoredResponse;
  ownerCreatedAt: string | undefined;
}

export class WaitingResponses {
  private readonly waiting = new Map<string, Waiting>();
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;

  constructor(
    /** writes one response; throws what SQLite throws */
    private readonly write: (r: StoredResponse, ownerCreatedAt: string | undefined) => unknown,
    /** a response given up on: refused by SQLite for another reason than the lock, or still waiting at close */
    private readonly onLost: (id: string, err: unknown) => void,
  ) {}

  get size(): number {
    return this.waiting.size;
  }

  /** Keeps `r` to write later; false when there is no room. */
  keep(r: StoredResponse, ownerCreatedAt: string | undefined): boolean {
    if (this.waiting.size >= MAX_WAITING && !this.waiting.has(r.id)) return false;
    // the same id answered again replaces its earlier answer, as in SQLite, and is written after what came before it
    this.waiting.delete(r.id);
    const { continues: _, ...kept } = r;
    this.waiting.set(r.id, { r: kept, ownerCreatedAt });
    this.schedule();
    return true;
  }

  /** This profile's response still waiting to be written. */
  get(id: string, userId: string): StoredResponse | undefined {
    const w = this.waiting.get(id);
    return w && w.r.userId === userId ? w.r : undefined;
  }

  /** Forgets this profile's waiting response; false when none waits. */
  drop(id: string, userId: string): boolean {
    return this.get(id, userId) !== undefined && this.waiting.delete(id);
  }

  /** Writes what waits, oldest first, until the lock refuses again. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const [id, w] of this.waiting) {
      try {
        this.write(w.r, w.ownerCreatedAt);
      } catch (err) {
        if (isLockError(err)) {
          this.failures++;
          this.schedule();
          return;
        }
        this.onLost(id, err);
      }
      this.waiting.delete(id);
    }
    this.failures = 0;
  }

  /** A last attempt; what the lock still refuses is lost (reported). */
  close(): void {
    this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const id of this.waiting.keys()) this.onLost(id, new Error('the database was still locked at shutdown'));
    this.waiting.clear();
  }

  private schedule(): void {
    if (this.timer || this.waiting.size === 0) return;
    const delay = Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(this.failures, 10));
    this.timer = setTimeout(() => this.flush(), delay);
    this.timer.unref();
  }
}
